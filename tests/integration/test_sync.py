"""``POST /v1/sync/…``: upserts by (source, external_id), per-record answers, full syncs that never wipe a school."""

from __future__ import annotations

from typing import Any

from litestar import Litestar

from pl_api.domain.tenants.service import create_client
from tests.conftest import TenantClient


def staff(n: int, school: str = "S1", **extra: Any) -> dict[str, Any]:
    return {
        "external_id": f"T{n}",
        "given_name": f"Given{n}",
        "family_name": f"Family{n}",
        "email": f"t{n}@sync.example",
        "schools": [{"school_external_id": school, "roles": ["teacher"]}],
        **extra,
    }


async def sync(api: TenantClient, kind: str, records: list[dict[str, Any]], **batch: Any) -> dict[str, Any]:
    response = await api.post(f"/v1/sync/{kind}", json={"source": "wonde", "records": records, **batch})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def school_and_staff(api: TenantClient, count: int) -> None:
    await sync(api, "schools", [{"external_id": "S1", "name": "Oakfield", "urn": "123456"}])
    await sync(api, "staff", [staff(n) for n in range(count)])


async def test_each_record_is_created_updated_unchanged_or_an_error(api: TenantClient) -> None:
    await sync(api, "schools", [{"external_id": "S1", "name": "Oakfield"}])
    first = await sync(api, "staff", [staff(1), staff(2)])
    assert [r["status"] for r in first["results"]] == ["created", "created"]
    changed = staff(2, job_title="Head of Science")
    bad_type = {**staff(3), "given_name": 7}
    bad_school = staff(4, school="NOPE")
    second = await sync(api, "staff", [staff(1), changed, bad_type, bad_school, staff(5)])
    assert [r["status"] for r in second["results"]] == ["unchanged", "updated", "error", "error", "created"]
    assert second["results"][2]["errors"][0]["field"] == "records.2.given_name"
    assert second["results"][3]["errors"][0]["field"] == "records.3.schools.0.school_external_id"
    assert second["summary"] == {"created": 1, "updated": 1, "unchanged": 1, "error": 2, "deactivated": 0}
    listed = (await api.get("/v1/staff")).json()["items"]
    assert sorted(s["external_id"] for s in listed) == ["T1", "T2", "T5"]
    assert next(s for s in listed if s["external_id"] == "T2")["job_title"] == "Head of Science"


async def test_sending_a_batch_again_changes_nothing(api: TenantClient) -> None:
    await school_and_staff(api, 3)
    events_before = (await api.get("/v1/events", params={"limit": "200"})).json()["items"]
    again = await sync(api, "staff", [staff(n) for n in range(3)])
    assert {r["status"] for r in again["results"]} == {"unchanged"}
    assert (await api.get("/v1/events", params={"limit": "200"})).json()["items"] == events_before


async def test_a_duplicate_key_or_email_in_a_batch_is_an_error_on_the_later_record(api: TenantClient) -> None:
    await sync(api, "schools", [{"external_id": "S1", "name": "Oakfield"}])
    result = await sync(api, "staff", [staff(1), staff(1), {**staff(2), "email": "t1@sync.example"}])
    assert [r["status"] for r in result["results"]] == ["created", "error", "error"]
    assert result["results"][2]["errors"][0]["field"] == "records.2.email"


async def test_a_first_sync_takes_over_staff_entered_by_hand(api: TenantClient) -> None:
    await sync(api, "schools", [{"external_id": "S1", "name": "Oakfield"}])
    by_hand = await api.create("/v1/staff", {"given_name": "G", "family_name": "F", "email": "T1@sync.example"})
    result = await sync(api, "staff", [staff(1)])
    assert result["results"][0] == {"index": 0, "status": "updated", "external_id": "T1", "id": by_hand["id"]}


async def test_full_sync_marks_absent_staff_as_left_and_never_deletes(api: TenantClient) -> None:
    await school_and_staff(api, 20)
    result = await sync(api, "staff", [staff(n) for n in range(1, 20)], mode="full")
    assert [d["external_id"] for d in result["deactivated"]] == ["T0"]
    gone = (await api.get("/v1/staff", params={"status": "left"})).json()["items"]
    assert [s["external_id"] for s in gone] == ["T0"] and gone[0]["left_on"]
    assert len((await api.get("/v1/staff")).json()["items"]) == 20


async def test_a_full_sync_that_would_wipe_a_school_is_refused_unless_forced(api: TenantClient) -> None:
    await school_and_staff(api, 10)
    broken_export = [staff(n) for n in range(5)] + [staff(99)]
    refused = await api.post("/v1/sync/staff", json={"source": "wonde", "mode": "full", "records": broken_export})
    assert refused.status_code == 422
    assert refused.json()["type"] == "urn:pl-api:problem:sync-wipe-refused"
    assert "5 of the 10" in refused.json()["detail"]
    assert (await api.get("/v1/staff", params={"status": "left"})).json()["items"] == []
    assert len((await api.get("/v1/staff")).json()["items"]) == 10  # not even the new record was written
    forced = await sync(api, "staff", broken_export, mode="full", force=True)
    assert forced["summary"]["deactivated"] == 5


async def test_a_record_that_fails_is_not_taken_as_absent(api: TenantClient) -> None:
    await school_and_staff(api, 3)
    records = [staff(0), staff(1), {**staff(2), "email": "not an email"}]
    result = await sync(api, "staff", records, mode="full")
    assert result["results"][2]["status"] == "error" and result["deactivated"] == []


async def test_teams_and_memberships(api: TenantClient) -> None:
    await school_and_staff(api, 3)
    teams = await sync(
        api,
        "teams",
        [
            {"external_id": "MATHS", "name": "Maths", "kind": "department", "school_external_id": "S1"},
            {"external_id": "X", "name": "X", "kind": "class", "school_external_id": "NOPE"},
        ],
    )
    assert [r["status"] for r in teams["results"]] == ["created", "error"]
    team_id = teams["results"][0]["id"]
    members = [
        {"team_external_id": "MATHS", "staff_external_id": "T0", "role": "lead"},
        {"team_external_id": "MATHS", "staff_external_id": "T1"},
        {"team_external_id": "MATHS", "staff_external_id": "GHOST"},
    ]
    first = await sync(api, "memberships", members)
    assert [r["status"] for r in first["results"]] == ["created", "created", "error"]
    assert first["results"][2]["errors"][0]["field"] == "records.2.staff_external_id"
    full = await sync(api, "memberships", members[:1], mode="full")
    assert full["summary"]["deactivated"] == 1
    listed = (await api.get(f"/v1/teams/{team_id}/members")).json()["items"]
    assert [(m["role"], m["given_name"]) for m in listed] == [("lead", "Given0")]
    archived = await sync(api, "teams", [], mode="full", force=True)
    assert archived["summary"]["deactivated"] == 1
    assert (await api.get(f"/v1/teams/{team_id}")).json()["status"] == "archived"


async def test_schools_full_sync_closes_absent_schools(api: TenantClient) -> None:
    await sync(api, "schools", [{"external_id": f"S{n}", "name": f"School {n}"} for n in range(20)])
    result = await sync(
        api, "schools", [{"external_id": f"S{n}", "name": f"School {n}"} for n in range(1, 20)], mode="full"
    )
    assert result["summary"]["deactivated"] == 1
    closed = [s for s in (await api.get("/v1/schools")).json()["items"] if s["status"] == "closed"]
    assert [s["external_id"] for s in closed] == ["S0"]


async def test_a_malformed_or_oversized_batch_is_400(api: TenantClient) -> None:
    cases: list[Any] = [
        {"source": "wonde", "records": [staff(n) for n in range(1001)]},
        {"source": "wonde", "records": ["not an object"]},
        {"source": "wonde"},
        {"source": "Not A Source", "records": []},
        {"source": "wonde", "records": [], "mode": "partial"},
        [],
    ]
    for body in cases:
        response = await api.post("/v1/sync/staff", json=body)
        assert response.status_code in (400, 413), response.text[:200]
        assert response.json()["type"].startswith("urn:pl-api:problem:")


async def test_keys_are_per_tenant(api: TenantClient, other_api: TenantClient) -> None:
    await school_and_staff(api, 1)
    await sync(other_api, "schools", [{"external_id": "S1", "name": "Elsewhere"}])
    result = await sync(other_api, "staff", [staff(0)])
    assert result["results"][0]["status"] == "created"


async def test_sync_needs_the_write_scope(app: Litestar, api: TenantClient) -> None:
    async with app.state.sessions() as session:
        reader = await create_client(session, api.tenant_id, "reader", ["staff:read"])
    response = await TenantClient(api.tenant_id, reader.key, api.http).post(
        "/v1/sync/staff", json={"source": "wonde", "records": []}
    )
    assert response.status_code == 403
