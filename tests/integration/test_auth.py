"""Every /v1 route needs a valid key (401), the right scope (403), and sees only its tenant (404)."""

from __future__ import annotations

import httpx
import pytest
from litestar import Litestar

from tests.conftest import TenantClient, new_tenant_client


async def test_missing_key_is_401_with_a_challenge(http: httpx.AsyncClient) -> None:
    response = await http.get("/v1/schools")
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["type"] == "urn:pl-api:problem:unauthenticated"


@pytest.mark.parametrize(
    "header",
    ["Bearer pl_000000000000_notarealsecret", "Bearer nonsense", "Basic dXNlcjpwYXNz", "Bearer "],
)
async def test_wrong_or_malformed_key_is_401(http: httpx.AsyncClient, header: str) -> None:
    response = await http.get("/v1/schools", headers={"Authorization": header})
    assert response.status_code == 401
    assert "Authorization" in response.json()["detail"] or "not valid" in response.json()["detail"]


async def test_right_prefix_wrong_secret_is_401(http: httpx.AsyncClient, api: TenantClient) -> None:
    prefix = api.key.split("_")[1]
    response = await http.get("/v1/schools", headers={"Authorization": f"Bearer pl_{prefix}_guessed"})
    assert response.status_code == 401


async def test_read_scope_allows_reading_not_writing(app: Litestar, http: httpx.AsyncClient) -> None:
    reader = await new_tenant_client(app, http, scopes=["schools:read"])
    assert (await reader.get("/v1/schools")).status_code == 200
    refused = await reader.post("/v1/schools", json={"name": "New"})
    assert refused.status_code == 403
    assert "schools:write" in refused.json()["detail"]
    other = await new_tenant_client(app, http, scopes=["staff:read"])
    assert (await other.get("/v1/schools")).status_code == 403


async def test_write_scope_includes_read(app: Litestar, http: httpx.AsyncClient) -> None:
    writer = await new_tenant_client(app, http, scopes=["schools:write"])
    created = await writer.create("/v1/schools", {"name": "Written"})
    assert (await writer.get(f"/v1/schools/{created['id']}")).status_code == 200


async def test_health_and_docs_need_no_key(http: httpx.AsyncClient) -> None:
    assert (await http.get("/health/live")).json() == {"status": "ok", "checks": {}}
    ready = await http.get("/health/ready")
    assert ready.status_code == 200
    assert ready.json()["checks"] == {"database": "ok", "migrations": "ok"}
    docs = await http.get("/docs")
    assert docs.status_code == 200
    assert "swagger" in docs.text.lower()
    spec = await http.get("/openapi.json")
    assert spec.status_code == 200
    assert spec.json()["openapi"].startswith("3.1")


async def test_unknown_route_is_a_problem(api: TenantClient) -> None:
    response = await api.get("/v1/nothing-here")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
