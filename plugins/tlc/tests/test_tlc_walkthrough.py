"""A whole programme through HTTP only, as its people would use it: the PD lead sets it up, the group's
leader runs three meetings, members keep their plans and observe each other, and the core record
shows the hours."""

from __future__ import annotations

from typing import Any

from litestar import Litestar
from tlc_world import School, hold_meeting, ok, school

from pl_api.testing import TenantClient

MEETING_MINUTES = 75
OBSERVATION_MINUTES = 40


async def report_and_plan(world: School, meeting: dict[str, Any], plan: dict[str, str]) -> None:
    """Each member present reports (the first passes) and updates their plan in the meeting."""
    present = {a["staff_id"] for a in meeting["attendance"] if a["present"]}
    for i, member in enumerate(m for m in world.members if m.id in present):
        body = {"passed": True} if i == 0 else {"text": f"How it went for member {i}"}
        ok(await member.client.put(f"/v1/tlc/meetings/{meeting['id']}/reports/{member.id}", json=body))
        item = plan.get(member.id)
        if item is None:
            created = await member.client.create(
                "/v1/tlc/plan-items",
                {
                    "group_id": world.group["id"],
                    "technique_id": world.techniques[i]["id"],
                    "intention": "Use it in every Year 9 lesson",
                    "starts_on": "2026-10-05",
                },
            )
            plan[member.id] = created["id"]
            assert created["changes"][0]["meeting_id"] == meeting["id"]
            ok(await member.client.patch(f"/v1/tlc/plan-items/{created['id']}", json={"status": "active"}))
        else:
            current = ok(await member.client.get(f"/v1/tlc/plan-items/{item}"))
            following = {"active": "tried", "tried": "embedded" if i % 2 else "adapted"}
            changed = ok(
                await member.client.patch(f"/v1/tlc/plan-items/{item}", json={"status": following[current["status"]]})
            )
            assert changed["changes"][-1]["meeting_id"] == meeting["id"]


async def test_a_programme_from_start_to_close(pl_api_app: Litestar, pl_api_tenant: TenantClient) -> None:
    world = await school(pl_api_app, pl_api_tenant)
    pd, leader = world.pd_lead.client, world.leader.client

    # The PD lead starts a programme and gives it the formative-assessment library plus one technique of the school's.
    programme = await pd.create(
        "/v1/tlc/programmes",
        {
            "name": "Embedding Formative Assessment",
            "school_id": world.school_id,
            "starts_on": "2026-09-01",
            "ends_on": "2028-07-31",
            "lead_staff_id": world.pd_lead.id,
        },
    )
    assert programme["planned_meetings"] == 18
    assert sum(s["minutes"] for s in programme["agenda_template"]) == MEETING_MINUTES
    library = f"/v1/tlc/programmes/{programme['id']}/techniques"
    preset = await pd.create(library, {"preset": "formative_assessment"})
    assert len({t["strategy"] for t in preset["added"]}) == 5
    csv = "strategy,name,description\nFeedback,Whole-class feedback,One sheet for the class\n"
    assert len((await pd.create(library, {"csv": csv}))["added"]) == 1
    world.techniques = preset["added"]

    # A group of eight with its leader, mirrored by a core team.
    group = await pd.create(
        "/v1/tlc/groups",
        {
            "programme_id": programme["id"],
            "name": "Maths and science TLC",
            "leader_staff_id": world.leader.id,
            "member_ids": world.member_ids,
        },
    )
    world.programme, world.group = programme, group
    assert group["warnings"] == []
    team = ok(await pl_api_tenant.get(f"/v1/teams/{group['team_id']}"))
    assert team["kind"] == "tlc_group"
    team_members = ok(await pl_api_tenant.get(f"/v1/teams/{group['team_id']}/members"))["items"]
    assert {m["staff_id"]: m["role"] for m in team_members}[world.leader.id] == "lead"
    assert len(team_members) == 9

    # Three meetings: attendance, notes, a report (or pass) and a plan change from everyone present.
    plan: dict[str, str] = {}
    absentee = world.members[7]
    for number, when in enumerate(["2026-10-01T15:30:00Z", "2026-11-05T15:30:00Z", "2026-12-03T15:30:00Z"], 1):
        meeting = await hold_meeting(world, when, absent=(7,))
        assert meeting["sequence"] == number
        notes = f"/v1/tlc/meetings/{meeting['id']}/sections/3/notes"
        ok(await leader.put(notes, json={"notes": "Hinge questions worked best in short lessons"}))
        await report_and_plan(world, meeting, plan)
        closed = ok(await leader.post(f"/v1/tlc/meetings/{meeting['id']}/close"))
        assert closed["status"] == "closed" and closed["activity_id"]
        activity = ok(await pl_api_tenant.get(f"/v1/activities/{closed['activity_id']}"))
        assert (activity["kind"], activity["stream"], activity["duration_minutes"]) == ("tlc.meeting", "team", 75)
        assert activity["team_id"] == group["team_id"]

        if number == 1:
            # Between meetings: a member observes a colleague trying the technique in their plan.
            observer, observee = world.members[1], world.members[2]
            observation = await observer.client.create(
                "/v1/tlc/observations",
                {
                    "group_id": group["id"],
                    "observee_staff_id": observee.id,
                    "plan_item_id": plan[observee.id],
                    "observed_at": "2026-10-15T10:00:00Z",
                    "duration_minutes": OBSERVATION_MINUTES,
                    "notes": "Every pupil answered on a whiteboard",
                },
            )
            shared = await observee.client.put(
                f"/v1/tlc/observations/{observation['id']}/sharing", json={"shared_with_group": True}
            )
            assert ok(shared)["shared_with_group"] is True
            seen_by_group = ok(await world.members[3].client.get(f"/v1/tlc/observations/{observation['id']}"))
            assert seen_by_group["notes"] == "Every pupil answered on a whiteboard"

    # A fourth meeting is cancelled; the items moved through their states.
    fourth = await leader.create(f"/v1/tlc/groups/{group['id']}/meetings", {"scheduled_at": "2027-01-07T15:30:00Z"})
    ok(await leader.post(f"/v1/tlc/meetings/{fourth['id']}/cancel", json={"reason": "Snow day"}))
    states = [ok(await m.client.get(f"/v1/tlc/plan-items/{plan[m.id]}"))["status"] for m in world.members[:7]]
    assert set(states) == {"embedded", "adapted"}

    # The PD lead sees progress in counts, and closes the programme.
    progress = ok(await pd.get(f"/v1/tlc/programmes/{programme['id']}/progress"))
    assert (progress["meetings_planned"], progress["meetings_held"], progress["meetings_cancelled"]) == (18, 3, 1)
    assert progress["attendance_rate"] == round(7 / 8, 3)
    assert progress["items_by_state"]["embedded"] + progress["items_by_state"]["adapted"] == 7
    assert progress["observations"] == 1
    assert "Hinge" not in str(progress) and "whiteboard" not in str(progress)
    assert ok(await pd.post(f"/v1/tlc/programmes/{programme['id']}/close"))["status"] == "closed"

    # The members' core records show the hours: three meetings, and the observation for those in it.
    record_of = "/v1/staff/{}/record?from=2026-09-01&to=2027-08-31"
    for member in world.members[:7]:
        record = ok(await member.client.get(record_of.format(member.id)))
        observed = OBSERVATION_MINUTES if member in (world.members[1], world.members[2]) else 0
        assert record["totals"]["by_kind"]["tlc.meeting"] == 3 * MEETING_MINUTES
        assert record["totals"]["minutes"] == 3 * MEETING_MINUTES + observed
        assert record["plugins"]["tlc"]["meetings_attended"] == 3
    absent_record = ok(await absentee.client.get(record_of.format(absentee.id)))
    assert absent_record["totals"]["minutes"] == 0
    leader_record = ok(await leader.get(record_of.format(world.leader.id)))
    assert leader_record["totals"]["by_kind"] == {"tlc.meeting": 3 * MEETING_MINUTES}
