"""Setting a programme up and changing it: templates, libraries, leaders, rescheduling, concurrency."""

from __future__ import annotations

from litestar import Litestar
from tlc_world import community, ok

from pl_api.testing import TenantClient

SHORT = [{"title": "How's it going?", "minutes": 30}, {"title": "Planning", "minutes": 15}]


async def test_agenda_templates_apply_to_meetings_scheduled_after_them(
    pl_api_app: Litestar, pl_api_tenant: TenantClient
) -> None:
    world = await community(pl_api_app, pl_api_tenant, members=3)
    leader, pd = world.leader.client, world.pd_lead.client
    meetings = f"/v1/tlc/groups/{world.group['id']}/meetings"
    first = await leader.create(meetings, {"scheduled_at": "2026-10-01T15:30:00Z"})
    assert first["planned_minutes"] == 75 and [s["notes"] for s in first["agenda"]] == [None] * 6

    programme = f"/v1/tlc/programmes/{world.programme['id']}"
    etag = (await pd.get(programme)).headers["etag"]
    changed = ok(await pd.patch(programme, json={"agenda_template": SHORT}, headers={"If-Match": etag}))
    assert changed["version"] == world.programme["version"] + 1
    stale = await pd.patch(programme, json={"name": "Again"}, headers={"If-Match": etag})
    assert stale.status_code == 412
    second = await leader.create(meetings, {"scheduled_at": "2026-11-01T15:30:00Z"})
    own = await leader.create(meetings, {"scheduled_at": "2026-12-01T15:30:00Z", "agenda": SHORT[:1]})
    assert (second["planned_minutes"], own["planned_minutes"], second["sequence"], own["sequence"]) == (45, 30, 2, 3)
    assert ok(await leader.get(f"/v1/tlc/meetings/{first['id']}"))["planned_minutes"] == 75
    listed = ok(await world.members[0].client.get(meetings))["items"]
    assert [m["sequence"] for m in listed] == [1, 2, 3]


async def test_a_rescheduled_meeting_keeps_the_time_first_planned(
    pl_api_app: Litestar, pl_api_tenant: TenantClient
) -> None:
    world = await community(pl_api_app, pl_api_tenant, members=3)
    leader = world.leader.client
    meeting = await leader.create(
        f"/v1/tlc/groups/{world.group['id']}/meetings", {"scheduled_at": "2026-10-01T15:30:00Z"}
    )
    at = f"/v1/tlc/meetings/{meeting['id']}/reschedule"
    ok(await leader.post(at, json={"scheduled_at": "2026-10-08T15:30:00+01:00"}))
    moved = ok(await leader.post(at, json={"scheduled_at": "2026-10-15T15:30:00Z"}))
    assert (moved["status"], moved["scheduled_at"]) == ("scheduled", "2026-10-15T15:30:00Z")
    assert moved["rescheduled_from"] == "2026-10-01T15:30:00Z"


async def test_a_new_leader_leads_the_core_team_too(pl_api_app: Litestar, pl_api_tenant: TenantClient) -> None:
    world = await community(pl_api_app, pl_api_tenant, members=3)
    pd = world.pd_lead.client
    group = f"/v1/tlc/groups/{world.group['id']}"
    member = world.members[0].id
    refused = await pd.patch(group, json={"leader_staff_id": member})
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "leader_staff_id"
    changed = ok(await pd.patch(group, json={"leader_staff_id": world.outsider.id, "name": "Renamed TLC"}))
    assert (changed["leader_staff_id"], changed["name"]) == (world.outsider.id, "Renamed TLC")
    team = ok(await world.api.get(f"/v1/teams/{world.group['team_id']}/members"))["items"]
    roles = {m["staff_id"]: m["role"] for m in team}
    assert roles[world.outsider.id] == "lead" and world.leader.id not in roles
    meetings = f"{group}/meetings"
    assert (await world.leader.client.post(meetings, json={"scheduled_at": "2026-10-01T15:30:00Z"})).status_code == 403
    ok(await world.outsider.client.post(meetings, json={"scheduled_at": "2026-10-01T15:30:00Z"}), 201)


async def test_removing_a_member_honours_if_match(pl_api_app: Litestar, pl_api_tenant: TenantClient) -> None:
    world = await community(pl_api_app, pl_api_tenant, members=3)
    pd = world.pd_lead.client
    group = f"/v1/tlc/groups/{world.group['id']}"
    member = f"{group}/members/{world.members[0].id}"
    stale = await pd.delete(member, headers={"If-Match": f'"{world.group["version"] - 1}"'})
    assert stale.status_code == 412
    removed = ok(await pd.delete(member, headers={"If-Match": f'"{world.group["version"]}"'}))
    assert len(removed["members"]) == 2 and removed["version"] > world.group["version"]
    assert (await pd.delete(member)).status_code == 404


async def test_the_library_and_programme_lists(pl_api_app: Litestar, pl_api_tenant: TenantClient) -> None:
    world = await community(pl_api_app, pl_api_tenant, members=3)
    library = f"/v1/tlc/programmes/{world.programme['id']}/techniques"
    again = await world.pd_lead.client.create(library, {"preset": "formative_assessment"})
    assert again["added"] == [] and len(again["skipped"]) == len(world.techniques)
    page = ok(await world.members[0].client.get(library, params={"limit": 5}))
    assert len(page["items"]) == 5 and page["next_cursor"]
    listed = ok(await world.members[0].client.get("/v1/tlc/programmes", params={"school_id": world.school_id}))
    assert [p["id"] for p in listed["items"]] == [world.programme["id"]]
    closed = ok(await world.members[0].client.get("/v1/tlc/programmes", params={"status": "closed"}))
    assert closed["items"] == []
    groups = ok(await world.members[0].client.get("/v1/tlc/groups", params={"programme_id": world.programme["id"]}))
    assert [g["id"] for g in groups["items"]] == [world.group["id"]]
