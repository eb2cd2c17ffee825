"""Staff: memberships and roles, email uniqueness, filters, leaving instead of deleting."""

from __future__ import annotations

from typing import Any

from tests.conftest import TenantClient


async def new_staff(api: TenantClient, email: str, **fields: Any) -> dict[str, Any]:
    return await api.create("/v1/staff", {"given_name": "Sam", "family_name": "Reid", "email": email, **fields})


async def test_create_with_memberships_and_read_back(api: TenantClient) -> None:
    school = await api.create("/v1/schools", {"name": "Oakfield"})
    created = await new_staff(
        api,
        "Sam.Reid@Oakfield.example",
        trn="1234567",
        trust_roles=["pd_lead"],
        memberships=[{"school_id": school["id"], "roles": ["teacher", "coach", "teacher"]}],
    )
    assert created["email"] == "sam.reid@oakfield.example"
    assert created["memberships"] == [{"school_id": school["id"], "roles": ["coach", "teacher"]}]
    got = await api.get(f"/v1/staff/{created['id']}")
    assert got.json() == created
    assert got.headers["etag"] == '"1"'


async def test_email_is_unique_regardless_of_case(api: TenantClient) -> None:
    await new_staff(api, "a.b@x.example")
    response = await api.post("/v1/staff", json={"given_name": "A", "family_name": "B", "email": "A.B@X.example"})
    assert response.status_code == 409
    assert "email" in response.json()["detail"]


async def test_bad_fields_are_named_and_nothing_is_written(api: TenantClient) -> None:
    cases = [
        ({"given_name": "A", "family_name": "B", "email": "not-an-email"}, "email"),
        ({"given_name": "A", "family_name": "B", "email": "a@b.example", "trn": "12"}, "trn"),
        ({"given_name": "", "family_name": "B", "email": "a@b.example"}, "given_name"),
        ({"given_name": "A", "family_name": "B", "email": "a@b.example", "shoe_size": 9}, "shoe_size"),
        ({"given_name": "A", "family_name": "B", "email": "a@b.example", "trust_roles": ["king"]}, "trust_roles"),
    ]
    for body, field in cases:
        response = await api.post("/v1/staff", json=body)
        assert response.status_code == 400, body
        assert field in {e["field"].split(".")[0] for e in response.json()["errors"]}, response.json()
    assert (await api.get("/v1/staff")).json()["items"] == []


async def test_missing_or_repeated_school_is_422_and_nothing_is_written(api: TenantClient) -> None:
    school = await api.create("/v1/schools", {"name": "Oakfield"})
    missing = "01234567-89ab-7def-8123-456789abcdef"
    for memberships in (
        [{"school_id": missing}],
        [{"school_id": school["id"]}, {"school_id": school["id"]}],
    ):
        response = await api.post(
            "/v1/staff",
            json={"given_name": "A", "family_name": "B", "email": "a@b.example", "memberships": memberships},
        )
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "memberships"
    assert (await api.get("/v1/staff")).json()["items"] == []


async def test_update_replaces_memberships_and_honours_if_match(api: TenantClient) -> None:
    first = await api.create("/v1/schools", {"name": "First"})
    second = await api.create("/v1/schools", {"name": "Second"})
    member = await new_staff(api, "m@x.example", memberships=[{"school_id": first["id"]}])
    path = f"/v1/staff/{member['id']}"
    stale = await api.patch(path, json={"job_title": "Head of Science"}, headers={"If-Match": '"7"'})
    assert stale.status_code == 412
    changed = await api.patch(
        path, json={"memberships": [{"school_id": second["id"], "roles": ["team_lead"]}]}, headers={"If-Match": '"1"'}
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["memberships"] == [{"school_id": second["id"], "roles": ["team_lead"]}]
    in_first = await api.get("/v1/staff", params={"school_id": first["id"]})
    assert in_first.json()["items"] == []
    in_second = await api.get("/v1/staff", params={"school_id": second["id"]})
    assert [s["id"] for s in in_second.json()["items"]] == [member["id"]]


async def test_leaving_keeps_the_record_and_dates_it(api: TenantClient) -> None:
    member = await new_staff(api, "leaver@x.example")
    left = await api.patch(f"/v1/staff/{member['id']}", json={"status": "left"})
    assert left.json()["status"] == "left"
    assert left.json()["left_on"] is not None
    assert (await api.delete(f"/v1/staff/{member['id']}")).status_code == 405
    active = await api.get("/v1/staff", params={"status": "active"})
    assert active.json()["items"] == []
    assert (await api.get("/v1/staff", params={"email": "LEAVER@x.example"})).json()["items"][0]["id"] == member["id"]


async def test_filter_by_team(api: TenantClient) -> None:
    a = await new_staff(api, "a@x.example")
    await new_staff(api, "b@x.example")
    team = await api.create("/v1/teams", {"name": "Maths", "kind": "department"})
    put = await api.put(f"/v1/teams/{team['id']}/members/{a['id']}", json={"role": "lead"})
    assert put.status_code == 201
    listed = await api.get("/v1/staff", params={"team_id": team["id"]})
    assert [s["id"] for s in listed.json()["items"]] == [a["id"]]


async def test_misspelt_filter_is_refused(api: TenantClient) -> None:
    response = await api.get("/v1/staff", params={"scool_id": "x"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "scool_id"
