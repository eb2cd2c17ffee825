"""Hardening: a body-size limit (413) and a rate limit per client and per user (429 with RateLimit headers)."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator

import httpx
import pytest
from litestar import Litestar

from pl_api.app import create_app
from pl_api.config import HttpSettings, Settings
from pl_api.plugin_host.host import PluginHost
from pl_api.testing import TEST_AUTH, TenantClient, new_tenant_client


async def limited_app(settings: Settings, **http: object) -> tuple[Litestar, httpx.AsyncClient]:
    app = create_app(
        Settings(database=settings.database, http=HttpSettings(**http), auth=TEST_AUTH), PluginHost.empty()
    )
    client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver")
    return app, client


@pytest.fixture
async def strict(migrated_settings: Settings) -> AsyncIterator[tuple[Litestar, TenantClient, TenantClient]]:
    """An app allowing 3 requests a minute per client and 2 KiB bodies, with two clients."""
    app, client = await limited_app(migrated_settings, rate_limit_per_minute=3, max_body_bytes=2048)
    first = await new_tenant_client(app, client)
    second = await new_tenant_client(app, client)
    yield app, first, second
    await client.aclose()
    await app.state.engine.dispose()


async def test_rate_limit_per_client(strict: tuple[Litestar, TenantClient, TenantClient]) -> None:
    _, first, second = strict
    answers = [await first.get("/v1/schools") for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert answers[0].headers["ratelimit-limit"] == "3"
    assert answers[2].headers["ratelimit-remaining"] == "0"
    refused = answers[3]
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert "ratelimit-reset" in refused.headers
    assert (await second.get("/v1/schools")).status_code == 200  # counted per client


async def test_rate_limit_per_user(strict: tuple[Litestar, TenantClient, TenantClient]) -> None:
    app, first, _ = strict
    school = await first.create("/v1/schools", {"name": "Ashgrove"})
    made = []
    for name in ("ada", "alan"):
        body = {"given_name": name, "family_name": "T", "email": f"{name}@school.example"}
        made.append(await first.create("/v1/staff", body | {"memberships": [{"school_id": school["id"]}]}))
    ada, alan = (first.as_staff(app, staff["id"]) for staff in made)
    answers = [(await ada.get("/v1/schools")).status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    assert (await alan.get("/v1/schools")).status_code == 200  # counted per user, not per tenant


async def test_body_limit(strict: tuple[Litestar, TenantClient, TenantClient]) -> None:
    _, first, _ = strict
    response = await first.post("/v1/schools", json={"name": "x" * 4096})
    assert response.status_code == 413
    assert response.headers["content-type"].startswith("application/problem+json")


@pytest.mark.skipif(not os.environ.get("PL_API_TEST_DATABASE_URL"), reason="Redis is exercised beside PostgreSQL")
async def test_counts_are_shared_through_redis(migrated_settings: Settings) -> None:
    redis_settings = {"rate_limit_per_minute": 2, "rate_limit_store": "redis", "redis_url": "redis://127.0.0.1:6379/0"}
    one, client_one = await limited_app(migrated_settings, **redis_settings)
    two, client_two = await limited_app(migrated_settings, **redis_settings)
    caller = await new_tenant_client(one, client_one)
    same_key_elsewhere = TenantClient(tenant_id=caller.tenant_id, key=caller.key, http=client_two)
    assert (await caller.get("/v1/schools")).status_code == 200
    assert (await same_key_elsewhere.get("/v1/schools")).status_code == 200  # the second "worker"
    assert (await caller.get("/v1/schools")).status_code == 429
    for app, client in ((one, client_one), (two, client_two)):
        await client.aclose()
        await app.state.engine.dispose()
