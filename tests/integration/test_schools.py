"""Schools: create, read, list, update with ETags, delete, and the problems bad input gets."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl

from tests.conftest import TenantClient


async def test_create_read_list_update_delete(api: TenantClient) -> None:
    created = await api.create("/v1/schools", {"name": "Oakfield Primary", "urn": "123456", "phase": "primary"})
    assert created["version"] == 1
    got = await api.get(f"/v1/schools/{created['id']}")
    assert got.status_code == 200
    assert got.headers["etag"] == '"1"'
    assert got.json()["urn"] == "123456"

    changed = await api.patch(
        f"/v1/schools/{created['id']}", json={"name": "Oakfield Academy"}, headers={"If-Match": '"1"'}
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["name"] == "Oakfield Academy"
    assert changed.headers["etag"] == '"2"'

    listed = await api.get("/v1/schools")
    assert [s["name"] for s in listed.json()["items"]] == ["Oakfield Academy"]

    stale = await api.delete(f"/v1/schools/{created['id']}", headers={"If-Match": '"1"'})
    assert stale.status_code == 412
    assert stale.headers["content-type"].startswith("application/problem+json")
    assert (await api.delete(f"/v1/schools/{created['id']}", headers={"If-Match": '"2"'})).status_code == 204
    assert (await api.get(f"/v1/schools/{created['id']}")).status_code == 404


async def test_invalid_fields_are_named(api: TenantClient) -> None:
    response = await api.post("/v1/schools", json={"name": "X", "urn": "12", "colour": "red"})
    assert response.status_code == 400
    problem = response.json()
    assert problem["type"] == "urn:pl-api:problem:invalid-request"
    assert problem["errors"][0]["field"] in {"urn", "colour"}
    listed = await api.get("/v1/schools")
    assert listed.json()["items"] == []


async def test_duplicate_urn_is_a_conflict(api: TenantClient) -> None:
    await api.create("/v1/schools", {"name": "A", "urn": "100001"})
    response = await api.post("/v1/schools", json={"name": "B", "urn": "100001"})
    assert response.status_code == 409
    assert "URN" in response.json()["detail"]


async def test_next_link_keeps_the_filters_and_replaces_the_cursor(api: TenantClient) -> None:
    for n in range(4):
        await api.create("/v1/schools", {"name": f"School {n}", "status": "open"})
    first = await api.get("/v1/schools?status=open&limit=1&updated_since=2000-01-01T00%3A00%3A00%2B00%3A00")
    second = await api.get(re.fullmatch(r'<(.+)>; rel="next"', first.headers["link"]).group(1))  # type: ignore[union-attr]
    link = re.fullmatch(r'<(.+)>; rel="next"', second.headers["link"])
    assert link is not None
    path, _, query = link.group(1).partition("?")
    assert path == "/v1/schools"
    params = parse_qsl(query)
    assert [k for k, _ in params].count("cursor") == 1
    assert dict(params) == {
        "status": "open",
        "limit": "1",
        "updated_since": "2000-01-01T00:00:00+00:00",
        "cursor": second.json()["next_cursor"],
    }
    assert [s["name"] for s in second.json()["items"]] == ["School 1"]


async def test_pagination_follows_next_cursor(api: TenantClient) -> None:
    for n in range(5):
        await api.create("/v1/schools", {"name": f"School {n}"})
    first = await api.get("/v1/schools", params={"limit": 2})
    body = first.json()
    assert [s["name"] for s in body["items"]] == ["School 0", "School 1"]
    assert 'rel="next"' in first.headers["link"]
    names: list[str] = [s["name"] for s in body["items"]]
    cursor = body["next_cursor"]
    while cursor:
        page = (await api.get("/v1/schools", params={"limit": 2, "cursor": cursor})).json()
        names += [s["name"] for s in page["items"]]
        cursor = page["next_cursor"]
    assert names == [f"School {n}" for n in range(5)]


async def test_other_tenants_school_is_not_found(api: TenantClient, other_api: TenantClient) -> None:
    theirs = await other_api.create("/v1/schools", {"name": "Not yours"})
    for method in ("GET", "PATCH", "DELETE"):
        kwargs = {"json": {"name": "Mine now"}} if method == "PATCH" else {}
        response = await api.request(method, f"/v1/schools/{theirs['id']}", **kwargs)
        assert response.status_code == 404, method
    assert (await api.get("/v1/schools")).json()["items"] == []
