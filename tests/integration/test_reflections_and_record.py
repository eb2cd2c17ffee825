"""Reflections stay private unless shared with leaders, and a staff member's CPD record adds up."""

from __future__ import annotations

import httpx
from litestar import Litestar

from pl_api.domain.tenants.service import create_client
from tests.conftest import TenantClient
from tests.integration.test_activities import activity_body
from tests.integration.test_staff import new_staff


async def test_private_reflections_are_invisible_to_clients(api: TenantClient) -> None:
    teacher = await new_staff(api, "t@x.example")
    written = {}
    for visibility in ("private", "coach", "team", "leaders"):
        written[visibility] = await api.create(
            "/v1/reflections", {"staff_id": teacher["id"], "body": f"A {visibility} thought", "visibility": visibility}
        )
    assert written["private"]["body"] == "A private thought"  # the writer gets its own input back
    listed = (await api.get("/v1/reflections", params={"staff_id": teacher["id"]})).json()["items"]
    assert [r["visibility"] for r in listed] == ["leaders"]
    for visibility in ("private", "coach", "team"):
        path = f"/v1/reflections/{written[visibility]['id']}"
        assert (await api.get(path)).status_code == 404
        assert (await api.patch(path, json={"visibility": "leaders"})).status_code == 404
        assert (await api.delete(path)).status_code == 404
    shared = f"/v1/reflections/{written['leaders']['id']}"
    assert (await api.get(shared)).json()["body"] == "A leaders thought"


async def test_reflection_goal_must_be_the_authors(api: TenantClient) -> None:
    a = await new_staff(api, "a@x.example")
    b = await new_staff(api, "b@x.example")
    goal_of_b = await api.create("/v1/goals", {"staff_id": b["id"], "title": "B's goal"})
    response = await api.post("/v1/reflections", json={"staff_id": a["id"], "body": "x", "goal_id": goal_of_b["id"]})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "goal_id"
    assert (await api.get("/v1/reflections")).json()["items"] == []


async def test_staff_record_totals(api: TenantClient) -> None:
    teacher = await new_staff(api, "t@x.example")
    priority = await api.create("/v1/priorities", {"academic_year": "2026/27", "title": "Reading"})
    attend = [{"staff_id": teacher["id"], "status": "attended"}]
    await api.create(
        "/v1/activities", activity_body(duration_minutes=300, participants=attend, priority_ids=[priority["id"]])
    )
    await api.create(
        "/v1/activities",
        activity_body(
            kind="team_meeting",
            stream="team",
            duration_minutes=60,
            starts_at="2026-10-07T15:30:00Z",
            participants=attend,
        ),
    )
    await api.create(
        "/v1/activities",
        activity_body(
            kind="online_course",
            stream="individual",
            starts_at="2026-11-03T16:00:00Z",
            duration_minutes=120,
            participants=[{**attend[0], "minutes_credited": 90}],
        ),
    )
    await api.create(
        "/v1/activities",
        activity_body(starts_at="2026-10-01T09:00:00Z", participants=[{"staff_id": teacher["id"], "status": "absent"}]),
    )
    await api.create("/v1/activities", activity_body(status="cancelled", participants=attend))
    await api.create("/v1/activities", activity_body(starts_at="2025-06-01T09:00:00Z", participants=attend))
    goal = await api.create("/v1/goals", {"staff_id": teacher["id"], "title": "Questioning"})
    await api.create("/v1/goals", {"staff_id": teacher["id"], "title": "Old", "status": "dropped"})
    for visibility in ("private", "leaders"):
        await api.create(
            "/v1/reflections",
            {
                "staff_id": teacher["id"],
                "body": visibility,
                "visibility": visibility,
                "written_at": "2026-10-08T20:00:00Z",
            },
        )

    response = await api.get(f"/v1/staff/{teacher['id']}/record", params={"from": "2026-09-01", "to": "2027-08-31"})
    assert response.status_code == 200, response.text
    record = response.json()
    assert [a["minutes_credited"] for a in record["activities"]] == [300, 60, 90]
    assert record["totals"]["minutes"] == 450
    assert record["totals"]["by_stream"] == {"individual": 90, "team": 60, "whole_school": 300}
    assert record["totals"]["by_kind"] == {"inset_session": 300, "online_course": 90, "team_meeting": 60}
    assert record["totals"]["by_priority"] == [{"priority_id": priority["id"], "title": "Reading", "minutes": 300}]
    assert [g["id"] for g in record["goals"]] == [goal["id"]]
    assert [r["body"] for r in record["reflections"]] == ["leaders"]

    autumn_only = await api.get(f"/v1/staff/{teacher['id']}/record", params={"from": "2026-10-01", "to": "2026-10-31"})
    assert autumn_only.json()["totals"]["minutes"] == 60
    backwards = await api.get(f"/v1/staff/{teacher['id']}/record", params={"from": "2026-10-01", "to": "2026-09-01"})
    assert backwards.status_code == 400


async def test_record_leaves_out_what_the_key_may_not_read(
    app: Litestar, http: httpx.AsyncClient, api: TenantClient
) -> None:
    teacher = await new_staff(api, "t@x.example")
    await api.create("/v1/goals", {"staff_id": teacher["id"], "title": "Questioning"})
    await api.create("/v1/reflections", {"staff_id": teacher["id"], "body": "shared", "visibility": "leaders"})
    async with app.state.sessions() as session:  # a second key of the same tenant, for staff only
        key = (await create_client(session, api.tenant_id, "staff reader", ["staff:read"])).key
    response = await http.get(f"/v1/staff/{teacher['id']}/record", headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 200
    assert response.json()["goals"] == []
    assert response.json()["reflections"] == []
