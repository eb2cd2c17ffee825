"""CORS: browser frontends are allowed only from the origins config lists; none by default."""

from __future__ import annotations

import httpx
from litestar import Litestar

from pl_api.app import create_app
from pl_api.config import HttpSettings, Settings
from pl_api.plugin_host.host import PluginHost
from pl_api.testing import TEST_AUTH

FRONTEND = "https://cpd.oakfield.example"
PREFLIGHT = {"Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "authorization"}


async def test_no_origin_is_allowed_by_default(http: httpx.AsyncClient) -> None:
    preflight = await http.options("/v1/staff", headers={"Origin": FRONTEND, **PREFLIGHT})
    assert "access-control-allow-origin" not in preflight.headers
    simple = await http.get("/health/live", headers={"Origin": FRONTEND})
    assert "access-control-allow-origin" not in simple.headers


async def test_a_configured_origin_is_allowed_and_no_other(app: Litestar) -> None:
    settings = Settings(
        database=app.state.settings.database, auth=TEST_AUTH, http=HttpSettings(cors_origins=[FRONTEND])
    )
    cors_app = create_app(settings, PluginHost.empty())
    transport = httpx.ASGITransport(app=cors_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        allowed = await client.options("/v1/staff", headers={"Origin": FRONTEND, **PREFLIGHT})
        other = await client.options("/v1/staff", headers={"Origin": "https://evil.example", **PREFLIGHT})
        simple = await client.get("/health/live", headers={"Origin": FRONTEND})
    await cors_app.state.engine.dispose()
    if cors_app.state.reads is not None:
        await cors_app.state.reads.close()
    assert allowed.status_code == 204
    assert allowed.headers["access-control-allow-origin"] == FRONTEND
    assert "authorization" in allowed.headers["access-control-allow-headers"].lower()
    assert "access-control-allow-origin" not in other.headers
    assert simple.headers["access-control-allow-origin"] == FRONTEND
