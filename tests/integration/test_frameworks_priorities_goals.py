"""Frameworks as trees, priorities and goals linked to their elements, and what may not be deleted."""

from __future__ import annotations

from typing import Any

from tests.conftest import TenantClient
from tests.integration.test_staff import new_staff

MISSING = "01234567-89ab-7def-8123-456789abcdef"


async def framework_with(api: TenantClient, *codes: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    framework = await api.create("/v1/frameworks", {"name": "Teachers' Standards"})
    elements = [
        await api.create(f"/v1/frameworks/{framework['id']}/elements", {"code": code, "title": f"Standard {code}"})
        for code in codes
    ]
    return framework, elements


async def test_element_tree_rules(api: TenantClient) -> None:
    framework, (ts1, ts2) = await framework_with(api, "TS1", "TS2")
    base = f"/v1/frameworks/{framework['id']}/elements"
    child = await api.create(base, {"code": "TS1a", "title": "Sub-point", "parent_id": ts1["id"]})
    assert child["parent_id"] == ts1["id"]
    assert (await api.post(base, json={"code": "TS1", "title": "Again"})).status_code == 409
    cycle = await api.patch(f"{base}/{ts1['id']}", json={"parent_id": child["id"]})
    assert cycle.status_code == 422
    assert cycle.json()["errors"][0]["field"] == "parent_id"
    other, (foreign,) = await framework_with(api, "X1")
    across = await api.post(base, json={"code": "TS3", "title": "T", "parent_id": foreign["id"]})
    assert across.status_code == 422
    assert (await api.get(f"/v1/frameworks/{other['id']}/elements/{ts1['id']}")).status_code == 404
    assert (await api.delete(f"{base}/{ts1['id']}")).status_code == 409  # has a child
    moved = await api.patch(f"{base}/{child['id']}", json={"parent_id": ts2["id"]})
    assert moved.json()["parent_id"] == ts2["id"]
    assert (await api.delete(f"{base}/{ts1['id']}")).status_code == 204
    codes = [e["code"] for e in (await api.get(base)).json()["items"]]
    assert codes == ["TS2", "TS1a"]


async def test_priority_links_and_academic_year(api: TenantClient) -> None:
    school = await api.create("/v1/schools", {"name": "Oakfield"})
    owner = await new_staff(api, "head@x.example")
    _, (ts4, ts6) = await framework_with(api, "TS4", "TS6")
    priority = await api.create(
        "/v1/priorities",
        {
            "school_id": school["id"],
            "academic_year": "2026/27",
            "title": "Responsive teaching",
            "evidence_sources": ["observations", "research", "observations"],
            "element_ids": [ts6["id"]],
            "owner_staff_id": owner["id"],
        },
    )
    assert priority["evidence_sources"] == ["observations", "research"]
    changed = await api.patch(f"/v1/priorities/{priority['id']}", json={"element_ids": [ts4["id"], ts6["id"]]})
    assert sorted(changed.json()["element_ids"]) == sorted([ts4["id"], ts6["id"]])
    bad_year = await api.post("/v1/priorities", json={"academic_year": "2026/29", "title": "X"})
    assert bad_year.status_code == 422
    assert bad_year.json()["errors"][0]["field"] == "academic_year"
    malformed = await api.post("/v1/priorities", json={"academic_year": "26-27", "title": "X"})
    assert malformed.status_code == 400
    missing = await api.post(
        "/v1/priorities", json={"academic_year": "2026/27", "title": "X", "element_ids": [MISSING]}
    )
    assert missing.status_code == 422
    listed = await api.get("/v1/priorities", params={"academic_year": "2026/27", "school_id": school["id"]})
    assert [p["id"] for p in listed.json()["items"]] == [priority["id"]]


async def test_linked_framework_cannot_be_deleted(api: TenantClient) -> None:
    framework, (ts2,) = await framework_with(api, "TS2")
    priority = await api.create(
        "/v1/priorities", {"academic_year": "2026/27", "title": "Progress", "element_ids": [ts2["id"]]}
    )
    refused = await api.delete(f"/v1/frameworks/{framework['id']}")
    assert refused.status_code == 409
    assert (await api.get(f"/v1/frameworks/{framework['id']}/elements/{ts2['id']}")).status_code == 200
    await api.patch(f"/v1/priorities/{priority['id']}", json={"element_ids": []})
    assert (await api.delete(f"/v1/frameworks/{framework['id']}")).status_code == 204
    assert (await api.get(f"/v1/frameworks/{framework['id']}/elements")).status_code == 404


async def test_goals(api: TenantClient) -> None:
    teacher = await new_staff(api, "t@x.example")
    _, (ts5,) = await framework_with(api, "TS5")
    goal = await api.create(
        "/v1/goals",
        {
            "staff_id": teacher["id"],
            "title": "Adaptive teaching",
            "element_ids": [ts5["id"]],
            "starts_on": "2026-09-07",
            "review_on": "2027-02-01",
        },
    )
    assert goal["status"] == "active"
    backwards = await api.patch(f"/v1/goals/{goal['id']}", json={"review_on": "2026-01-01"})
    assert backwards.status_code == 422
    assert (await api.get(f"/v1/goals/{goal['id']}")).json()["review_on"] == "2027-02-01"
    done = await api.patch(f"/v1/goals/{goal['id']}", json={"status": "achieved"}, headers={"If-Match": '"1"'})
    assert done.json()["status"] == "achieved"
    assert (await api.get("/v1/goals", params={"staff_id": teacher["id"], "status": "active"})).json()["items"] == []
    no_staff = await api.post("/v1/goals", json={"staff_id": MISSING, "title": "X"})
    assert no_staff.status_code == 422
    assert no_staff.json()["errors"][0]["field"] == "staff_id"
