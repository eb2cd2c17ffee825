"""Every invalid move is a clear 4xx problem, and writes nothing."""

from __future__ import annotations

from typing import Any

from litestar import Litestar
from tlc_world import School, community, hold_meeting, ok, refused

from pl_api.testing import TenantClient

INVALID = "tlc-invalid-transition"
INCOMPLETE = "tlc-meeting-incomplete"


async def new_item(world: School, member: int, technique: int = 0) -> dict[str, Any]:
    person = world.members[member]
    return await person.client.create(
        "/v1/tlc/plan-items",
        {
            "group_id": world.group["id"],
            "technique_id": world.techniques[technique]["id"],
            "intention": "Try it weekly",
            "starts_on": "2026-10-05",
        },
    )


async def test_closing_a_meeting_needs_attendance_then_reports_then_plans(
    pl_api_app: Litestar, pl_api_tenant: TenantClient
) -> None:
    world = await community(pl_api_app, pl_api_tenant, members=3)
    leader = world.leader.client
    meeting = await leader.create(
        f"/v1/tlc/groups/{world.group['id']}/meetings", {"scheduled_at": "2026-10-01T15:30:00Z"}
    )
    close = f"/v1/tlc/meetings/{meeting['id']}/close"
    body = await refused(world, leader.post(close), 409, INVALID)
    assert "scheduled meeting cannot close" in body["detail"]
    ok(await leader.post(f"/v1/tlc/meetings/{meeting['id']}/start"))

    body = await refused(world, leader.post(close), 409, INCOMPLETE)
    assert "attendance" in body["detail"]
    attendance = [{"staff_id": m.id, "present": True} for m in world.members]
    ok(await leader.put(f"/v1/tlc/meetings/{meeting['id']}/attendance", json={"attendance": attendance}))

    body = await refused(world, leader.post(close), 409, INCOMPLETE)
    assert all(m.id in body["detail"] for m in world.members) and "report" in body["detail"]
    for member in world.members:
        ok(await member.client.put(f"/v1/tlc/meetings/{meeting['id']}/reports/{member.id}", json={"passed": True}))

    body = await refused(world, leader.post(close), 409, INCOMPLETE)
    assert "updated action plan" in body["detail"] and "report" not in body["detail"]
    for i in range(2):
        await new_item(world, i)
    body = await refused(world, leader.post(close), 409, INCOMPLETE)
    assert world.members[2].id in body["detail"] and world.members[0].id not in body["detail"]
    await new_item(world, 2)
    assert ok(await leader.post(close))["status"] == "closed"

    await refused(world, leader.post(close), 409, INVALID)
    await refused(world, leader.post(f"/v1/tlc/meetings/{meeting['id']}/start"), 409, INVALID)
    await refused(world, leader.post(f"/v1/tlc/meetings/{meeting['id']}/cancel", json={}), 409, INVALID)


async def test_meeting_moves_out_of_turn_are_refused(pl_api_app: Litestar, pl_api_tenant: TenantClient) -> None:
    world = await community(pl_api_app, pl_api_tenant, members=3)
    leader, member = world.leader.client, world.members[0]
    first = await hold_meeting(world, "2026-10-01T15:30:00Z", absent=(2,))
    second = await leader.create(
        f"/v1/tlc/groups/{world.group['id']}/meetings", {"scheduled_at": "2026-11-01T15:30:00Z"}
    )
    at = f"/v1/tlc/meetings/{second['id']}"

    body = await refused(world, leader.post(f"{at}/start"), 409, INVALID)
    assert "meeting 1 of this group is still in progress" in body["detail"]
    attendance = {"attendance": [{"staff_id": m.id, "present": True} for m in world.members]}
    body = await refused(world, leader.put(f"{at}/attendance", json=attendance), 409, INVALID)
    assert "start the meeting first" in body["detail"]
    await refused(world, leader.put(f"{at}/sections/1/notes", json={"notes": "x"}), 409, INVALID)
    await refused(world, member.client.put(f"{at}/reports/{member.id}", json={"passed": True}), 409, INVALID)
    await refused(world, member.client.post(f"{at}/cancel", json={}), 403, "forbidden")
    ok(await leader.post(f"{at}/cancel", json={"reason": "Parents' evening"}))
    await refused(world, leader.post(f"{at}/reschedule", json={"scheduled_at": "2026-11-08T15:30:00Z"}), 409, INVALID)
    await refused(world, leader.post(f"{at}/start"), 409, INVALID)

    now = f"/v1/tlc/meetings/{first['id']}"
    stranger = {"staff_id": world.outsider.id, "present": True}
    body = await refused(world, leader.put(f"{now}/attendance", json={"attendance": [stranger]}), 422)
    assert body["errors"][0]["field"] == "attendance"
    some = {"attendance": [{"staff_id": world.members[0].id, "present": True}]}
    body = await refused(world, leader.put(f"{now}/attendance", json=some), 422)
    assert "say whether each member was present" in body["detail"]
    await refused(world, leader.put(f"{now}/sections/9/notes", json={"notes": "x"}), 422)
    await refused(world, member.client.put(f"{now}/sections/1/notes", json={"notes": "x"}), 403, "forbidden")
    await refused(world, leader.post(f"{now}/cancel", json={}), 409, INVALID)

    other = world.members[1]
    await refused(world, member.client.put(f"{now}/reports/{other.id}", json={"passed": True}), 403, "forbidden")
    absent = world.members[2]
    body = await refused(world, absent.client.put(f"{now}/reports/{absent.id}", json={"passed": True}), 422)
    assert "absent" in body["detail"]
    both = {"passed": True, "text": "Went well"}
    await refused(world, member.client.put(f"{now}/reports/{member.id}", json=both), 422)
    await refused(world, member.client.put(f"{now}/reports/{member.id}", json={}), 422)
    await refused(world, world.api.put(f"{now}/reports/{member.id}", json={"passed": True}), 403, "forbidden")
    await refused(world, world.outsider.client.put(f"{now}/reports/{world.outsider.id}", json={"passed": True}), 422)
    # The leader may record any member's report.
    ok(await leader.put(f"{now}/reports/{other.id}", json={"text": "Hinge questions are landing"}))


async def test_plans_are_their_owners_and_move_only_forward(pl_api_app: Litestar, pl_api_tenant: TenantClient) -> None:
    world = await community(pl_api_app, pl_api_tenant, members=3)
    mine, colleague = world.members[0], world.members[1]
    item = await new_item(world, 0)
    at = f"/v1/tlc/plan-items/{item['id']}"
    assert item["status"] == "proposed" and item["changes"][0]["meeting_id"] is None

    body = await refused(world, colleague.client.patch(at, json={"status": "active"}), 403, "forbidden")
    assert "only their own action plan" in body["detail"]
    await refused(world, world.leader.client.patch(at, json={"intention": "Mine now"}), 403, "forbidden")
    await refused(world, world.pd_lead.client.patch(at, json={"status": "active"}), 404)
    await refused(world, world.api.patch(at, json={"status": "active"}), 404)

    body = await refused(world, mine.client.patch(at, json={"status": "embedded"}), 409, INVALID)
    assert body["detail"] == "a plan item that is proposed cannot become embedded; it may become active, dropped"
    await refused(world, mine.client.patch(at, json={"status": "proposed"}), 422)
    for status in ("active", "tried", "adapted", "active", "dropped"):
        ok(await mine.client.patch(at, json={"status": status}))
    body = await refused(world, mine.client.patch(at, json={"status": "active"}), 409, INVALID)
    assert "it is finished" in body["detail"]
    history = ok(await mine.client.get(at))["changes"]
    assert [c["to_status"] for c in history] == ["proposed", "active", "tried", "adapted", "active", "dropped"]

    new = {
        "group_id": world.group["id"],
        "technique_id": world.techniques[0]["id"],
        "intention": "x",
        "starts_on": "2026-10-05",
    }
    body = await refused(world, world.outsider.client.post("/v1/tlc/plan-items", json=new), 422)
    assert body["errors"][0]["field"] == "group_id"
    await refused(world, world.api.post("/v1/tlc/plan-items", json=new), 403, "forbidden")
    other = await world.pd_lead.client.create(
        "/v1/tlc/programmes",
        {"name": "Other", "school_id": world.school_id, "starts_on": "2026-09-01", "ends_on": "2027-07-31"},
    )
    foreign = await world.pd_lead.client.create(
        f"/v1/tlc/programmes/{other['id']}/techniques",
        {"techniques": [{"strategy": "Questioning", "name": "Think-pair-share"}]},
    )
    wrong_technique = new | {"technique_id": foreign["added"][0]["id"]}
    body = await refused(world, mine.client.post("/v1/tlc/plan-items", json=wrong_technique), 422)
    assert body["errors"][0]["field"] == "technique_id"
    meeting = await world.leader.client.create(
        f"/v1/tlc/groups/{world.group['id']}/meetings", {"scheduled_at": "2026-10-01T15:30:00Z"}
    )
    in_scheduled = new | {"meeting_id": meeting["id"]}
    await refused(world, mine.client.post("/v1/tlc/plan-items", json=in_scheduled), 409, INVALID)


async def test_observations_stay_inside_the_group(pl_api_app: Litestar, pl_api_tenant: TenantClient) -> None:
    world = await community(pl_api_app, pl_api_tenant, members=3)
    observer, observee = world.members[0], world.members[1]
    item = await new_item(world, 1)
    own_item = await new_item(world, 0)
    body = {
        "group_id": world.group["id"],
        "observee_staff_id": observee.id,
        "plan_item_id": item["id"],
        "observed_at": "2026-10-15T10:00:00Z",
        "notes": "Good questioning",
    }

    outside = body | {"observee_staff_id": world.outsider.id}
    problem = await refused(world, observer.client.post("/v1/tlc/observations", json=outside), 422)
    assert problem["errors"][0]["field"] == "observee_staff_id" and "not in this group" in problem["detail"]
    problem = await refused(world, world.outsider.client.post("/v1/tlc/observations", json=body), 422)
    assert problem["errors"][0]["field"] == "group_id"
    myself = body | {"observee_staff_id": observer.id, "plan_item_id": own_item["id"]}
    await refused(world, observer.client.post("/v1/tlc/observations", json=myself), 422)
    not_theirs = body | {"plan_item_id": own_item["id"]}
    problem = await refused(world, observer.client.post("/v1/tlc/observations", json=not_theirs), 422)
    assert problem["errors"][0]["field"] == "plan_item_id"
    await refused(world, world.api.post("/v1/tlc/observations", json=body), 403, "forbidden")

    observation = await observer.client.create("/v1/tlc/observations", body)
    share = f"/v1/tlc/observations/{observation['id']}/sharing"
    await refused(world, observer.client.put(share, json={"shared_with_group": True}), 403, "forbidden")


async def test_programme_and_group_rules(pl_api_app: Litestar, pl_api_tenant: TenantClient) -> None:
    world = await community(pl_api_app, pl_api_tenant, members=3)
    pd, teacher = world.pd_lead.client, world.members[0].client
    programme = f"/v1/tlc/programmes/{world.programme['id']}"
    backwards = {"name": "X", "starts_on": "2027-09-01", "ends_on": "2026-07-31"}
    problem = await refused(world, pd.post("/v1/tlc/programmes", json=backwards), 422)
    assert problem["errors"][0]["field"] == "ends_on"
    await refused(world, teacher.post("/v1/tlc/programmes", json=backwards | {"ends_on": "2028-07-31"}), 403)
    await refused(world, pd.post(f"{programme}/techniques", json={}), 422)
    both = {"preset": "formative_assessment", "csv": "strategy,name\nA,B\n"}
    await refused(world, pd.post(f"{programme}/techniques", json=both), 422)
    problem = await refused(world, pd.post(f"{programme}/techniques", json={"csv": "name,strategy\nB,A\n"}), 422)
    assert problem["errors"][0]["field"] == "csv"
    problem = await refused(world, pd.post(f"{programme}/techniques", json={"csv": "strategy,name\nA,\n"}), 422)
    assert "line 2" in problem["detail"]

    group = {"programme_id": world.programme["id"], "name": "G", "leader_staff_id": world.leader.id}
    await refused(world, pd.post("/v1/tlc/groups", json=group | {"member_ids": [world.leader.id]}), 422)
    await refused(world, pd.post("/v1/tlc/groups", json=group | {"member_ids": [world.outsider.id] * 2}), 422)
    await refused(world, teacher.post("/v1/tlc/groups", json=group), 403)

    await world.leader.client.create(
        f"/v1/tlc/groups/{world.group['id']}/meetings", {"scheduled_at": "2026-10-01T15:30:00Z"}
    )
    problem = await refused(world, pd.post(f"{programme}/close"), 409, INVALID)
    assert "close or cancel them first" in problem["detail"]


async def test_a_closed_programme_changes_no_more(pl_api_app: Litestar, pl_api_tenant: TenantClient) -> None:
    world = await community(pl_api_app, pl_api_tenant, members=3)
    item = await new_item(world, 0)
    pd = world.pd_lead.client
    programme = f"/v1/tlc/programmes/{world.programme['id']}"
    ok(await pd.post(f"{programme}/close"))
    await refused(world, pd.post(f"{programme}/close"), 409, INVALID)
    await refused(world, pd.patch(programme, json={"name": "Renamed"}), 409, INVALID)
    group = f"/v1/tlc/groups/{world.group['id']}"
    await refused(world, pd.put(f"{group}/members/{world.outsider.id}"), 409, INVALID)
    meeting = {"scheduled_at": "2026-10-01T15:30:00Z"}
    await refused(world, world.leader.client.post(f"{group}/meetings", json=meeting), 409, INVALID)
    at = f"/v1/tlc/plan-items/{item['id']}"
    await refused(world, world.members[0].client.patch(at, json={"status": "active"}), 409, INVALID)
