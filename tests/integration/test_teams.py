"""Teams and their members."""

from __future__ import annotations

from tests.conftest import TenantClient
from tests.integration.test_staff import new_staff


async def test_team_crud_and_filters(api: TenantClient) -> None:
    school = await api.create("/v1/schools", {"name": "Oakfield"})
    dept = await api.create("/v1/teams", {"name": "Science", "kind": "department", "school_id": school["id"]})
    await api.create("/v1/teams", {"name": "Year 7", "kind": "year_group", "school_id": school["id"]})
    await api.create("/v1/teams", {"name": "Trust TLC", "kind": "tlc_group"})
    by_kind = await api.get("/v1/teams", params={"kind": "department"})
    assert [t["name"] for t in by_kind.json()["items"]] == ["Science"]
    by_school = await api.get("/v1/teams", params={"school_id": school["id"]})
    assert len(by_school.json()["items"]) == 2
    renamed = await api.patch(f"/v1/teams/{dept['id']}", json={"name": "Sciences"}, headers={"If-Match": '"1"'})
    assert renamed.json()["name"] == "Sciences"
    assert (await api.delete(f"/v1/teams/{dept['id']}", headers={"If-Match": '"2"'})).status_code == 204
    assert (await api.get(f"/v1/teams/{dept['id']}")).status_code == 404


async def test_unknown_school_or_kind(api: TenantClient) -> None:
    missing = await api.post(
        "/v1/teams", json={"name": "X", "kind": "department", "school_id": "01234567-89ab-7def-8123-456789abcdef"}
    )
    assert missing.status_code == 422
    assert missing.json()["errors"][0]["field"] == "school_id"
    bad_kind = await api.post("/v1/teams", json={"name": "X", "kind": "guild"})
    assert bad_kind.status_code == 400
    assert bad_kind.json()["errors"][0]["field"] == "kind"


async def test_members_put_is_idempotent_and_removable(api: TenantClient) -> None:
    team = await api.create("/v1/teams", {"name": "Maths", "kind": "department"})
    a = await new_staff(api, "a@x.example")
    b = await new_staff(api, "b@x.example", given_name="Bea")
    members = f"/v1/teams/{team['id']}/members"
    assert (await api.put(f"{members}/{a['id']}", json={"role": "lead"})).status_code == 201
    assert (await api.put(f"{members}/{a['id']}", json={"role": "lead"})).status_code == 200
    assert (await api.put(f"{members}/{b['id']}", json={})).status_code == 201
    listed = (await api.get(members)).json()["items"]
    assert {(m["given_name"], m["role"]) for m in listed} == {("Sam", "lead"), ("Bea", "member")}
    assert (await api.put(f"{members}/{a['id']}", json={"role": "member"})).json()["role"] == "member"
    assert (await api.delete(f"{members}/{b['id']}")).status_code == 204
    assert (await api.delete(f"{members}/{b['id']}")).status_code == 404
    assert [m["staff_id"] for m in (await api.get(members)).json()["items"]] == [a["id"]]
    teams_of_a = await api.get("/v1/teams", params={"staff_id": a["id"]})
    assert [t["id"] for t in teams_of_a.json()["items"]] == [team["id"]]


async def test_member_must_be_staff_of_the_tenant(api: TenantClient, other_api: TenantClient) -> None:
    team = await api.create("/v1/teams", {"name": "Maths", "kind": "department"})
    stranger = await new_staff(other_api, "s@other.example")
    response = await api.put(f"/v1/teams/{team['id']}/members/{stranger['id']}", json={"role": "member"})
    assert response.status_code == 404
    assert (await api.get(f"/v1/teams/{team['id']}/members")).json()["items"] == []
