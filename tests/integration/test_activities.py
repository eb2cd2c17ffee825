"""Activities: kinds, links, filters, participants with credited minutes, feedback, and all-or-nothing writes."""

from __future__ import annotations

from typing import Any

from tests.conftest import TenantClient
from tests.integration.test_staff import new_staff

MISSING = "01234567-89ab-7def-8123-456789abcdef"


def activity_body(**fields: Any) -> dict[str, Any]:
    return {
        "title": "INSET: retrieval practice",
        "kind": "inset_session",
        "stream": "whole_school",
        "starts_at": "2026-09-02T09:00:00+01:00",
        "duration_minutes": 180,
        **fields,
    }


async def test_kinds_are_listed_and_enforced(api: TenantClient) -> None:
    kinds = (await api.get("/v1/activity-kinds")).json()["items"]
    slugs = [k["slug"] for k in kinds]
    assert {"inset_session", "team_meeting", "peer_observation", "mentoring"} <= set(slugs)
    response = await api.post("/v1/activities", json=activity_body(kind="juggling"))
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "kind"
    assert "/v1/activity-kinds" in response.json()["detail"]


async def test_create_with_links_participants_and_utc_times(api: TenantClient) -> None:
    school = await api.create("/v1/schools", {"name": "Oakfield"})
    framework = await api.create("/v1/frameworks", {"name": "Teachers' Standards"})
    element = await api.create(f"/v1/frameworks/{framework['id']}/elements", {"code": "TS4", "title": "Plan"})
    priority = await api.create("/v1/priorities", {"academic_year": "2026/27", "title": "Reading"})
    a = await new_staff(api, "a@x.example")
    b = await new_staff(api, "b@x.example")
    created = await api.create(
        "/v1/activities",
        activity_body(
            school_id=school["id"],
            priority_ids=[priority["id"]],
            element_ids=[element["id"]],
            mechanisms=["rehearse_technique", "credible_source"],
            cost_pence=25000,
            participants=[{"staff_id": a["id"], "status": "attended"}, {"staff_id": b["id"]}],
        ),
    )
    assert created["starts_at"] == "2026-09-02T08:00:00Z"
    assert created["priority_ids"] == [priority["id"]]
    assert created["mechanisms"] == ["credible_source", "rehearse_technique"]
    participants = (await api.get(f"/v1/activities/{created['id']}/participants")).json()["items"]
    assert {(p["staff_id"], p["status"], p["minutes_credited"]) for p in participants} == {
        (a["id"], "attended", 180),
        (b["id"], "invited", 0),
    }


async def test_one_bad_reference_writes_nothing(api: TenantClient) -> None:
    a = await new_staff(api, "a@x.example")
    for body, field in (
        (activity_body(participants=[{"staff_id": a["id"]}, {"staff_id": MISSING}]), "participants"),
        (activity_body(participants=[{"staff_id": a["id"]}, {"staff_id": a["id"]}]), "participants"),
        (activity_body(priority_ids=[MISSING]), "priority_ids"),
        (activity_body(leader_staff_id=MISSING), "leader_staff_id"),
        (
            activity_body(participants=[{"staff_id": a["id"], "status": "absent", "minutes_credited": 30}]),
            "minutes_credited",
        ),
    ):
        response = await api.post("/v1/activities", json=body)
        assert response.status_code == 422, body
        assert response.json()["errors"][0]["field"] == field
    assert (await api.get("/v1/activities")).json()["items"] == []


async def test_bad_input_is_400_naming_the_field(api: TenantClient) -> None:
    for body, field in (
        (activity_body(starts_at="2026-09-02T09:00:00"), "starts_at"),
        (activity_body(duration_minutes=0), "duration_minutes"),
        (activity_body(mechanisms=["vibes"]), "mechanisms"),
        (activity_body(stream="solo"), "stream"),
        (activity_body(colour="blue"), "colour"),
    ):
        response = await api.post("/v1/activities", json=body)
        assert response.status_code == 400, body
        assert response.json()["errors"][0]["field"].split(".")[0] == field


async def test_filters(api: TenantClient) -> None:
    a = await new_staff(api, "a@x.example")
    team = await api.create("/v1/teams", {"name": "Maths", "kind": "department"})
    early = await api.create("/v1/activities", activity_body(starts_at="2026-09-02T09:00:00Z"))
    late = await api.create(
        "/v1/activities",
        activity_body(
            title="Maths CPD",
            kind="team_meeting",
            stream="team",
            team_id=team["id"],
            starts_at="2026-10-07T15:30:00Z",
            duration_minutes=60,
            participants=[{"staff_id": a["id"]}],
        ),
    )

    async def ids(**params: str) -> list[str]:
        response = await api.get("/v1/activities", params=params)
        assert response.status_code == 200, response.text
        return [x["id"] for x in response.json()["items"]]

    assert await ids(stream="team") == [late["id"]]
    assert await ids(kind="inset_session") == [early["id"]]
    assert await ids(team_id=team["id"]) == [late["id"]]
    assert await ids(staff_id=a["id"]) == [late["id"]]
    assert await ids(**{"from": "2026-10-01T00:00:00Z"}) == [late["id"]]
    assert await ids(to="2026-10-01T00:00:00Z") == [early["id"]]
    bad = await api.get("/v1/activities", params={"from": "yesterday"})
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["field"] == "from"


async def test_participation_minutes_follow_attendance(api: TenantClient) -> None:
    a = await new_staff(api, "a@x.example")
    activity = await api.create("/v1/activities", activity_body(duration_minutes=90))
    base = f"/v1/activities/{activity['id']}/participants"
    added = await api.create(base, {"staff_id": a["id"]})
    assert (added["status"], added["minutes_credited"]) == ("invited", 0)
    assert (await api.post(base, json={"staff_id": a["id"]})).status_code == 409
    attended = await api.patch(f"{base}/{a['id']}", json={"status": "attended"}, headers={"If-Match": '"1"'})
    assert attended.json()["minutes_credited"] == 90
    partial = await api.patch(f"{base}/{a['id']}", json={"minutes_credited": 45})
    assert partial.json()["minutes_credited"] == 45
    absent = await api.patch(f"{base}/{a['id']}", json={"status": "absent"})
    assert absent.json()["minutes_credited"] == 0
    refused = await api.patch(f"{base}/{a['id']}", json={"minutes_credited": 10})
    assert refused.status_code == 422
    assert (await api.get(f"{base}/{a['id']}")).json()["minutes_credited"] == 0
    assert (await api.delete(f"{base}/{a['id']}")).status_code == 204
    assert (await api.get(f"{base}/{a['id']}")).status_code == 404


async def test_feedback_needs_attendance_and_comes_once(api: TenantClient) -> None:
    a = await new_staff(api, "a@x.example")
    b = await new_staff(api, "b@x.example")
    activity = await api.create(
        "/v1/activities",
        activity_body(participants=[{"staff_id": a["id"], "status": "attended"}, {"staff_id": b["id"]}]),
    )
    base = f"/v1/activities/{activity['id']}/feedback"
    not_attended = await api.post(base, json={"staff_id": b["id"], "reaction": 4, "learning": 4})
    assert not_attended.status_code == 422
    given = await api.create(base, {"staff_id": a["id"], "reaction": 5, "learning": 3, "comment": "Useful"})
    assert (await api.post(base, json={"staff_id": a["id"], "reaction": 1, "learning": 1})).status_code == 409
    out_of_range = await api.post(base, json={"staff_id": b["id"], "reaction": 6, "learning": 1})
    assert out_of_range.status_code == 400
    assert [f["id"] for f in (await api.get(base)).json()["items"]] == [given["id"]]
    assert (await api.delete(f"{base}/{given['id']}")).status_code == 204


async def test_delete_removes_participants_and_feedback(api: TenantClient) -> None:
    a = await new_staff(api, "a@x.example")
    activity = await api.create(
        "/v1/activities", activity_body(participants=[{"staff_id": a["id"], "status": "attended"}])
    )
    await api.create(f"/v1/activities/{activity['id']}/feedback", {"staff_id": a["id"], "reaction": 4, "learning": 4})
    assert (await api.delete(f"/v1/activities/{activity['id']}")).status_code == 204
    assert (await api.get(f"/v1/activities/{activity['id']}/participants")).status_code == 404
    assert (await api.get("/v1/activities", params={"staff_id": a["id"]})).json()["items"] == []
