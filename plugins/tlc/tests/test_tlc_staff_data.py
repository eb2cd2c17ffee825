"""A staff member's part: the record section (counts), the full export, erasure; events; settings."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from litestar import Litestar
from pl_api_tlc import export_staff_data
from sqlalchemy import select
from tlc_world import School, community, hold_meeting, ok

from pl_api.config import PluginsSettings
from pl_api.domain.events.models import EventRecord
from pl_api.plugin import PluginLoadError
from pl_api.plugin_host.host import PluginHost
from pl_api.testing import TenantClient

INTENTION = "Mini whiteboards in every starter"
REPORT = "Pupils liked it"
NOTES = "Clear routines for whiteboards"


async def one_closed_meeting(world: School) -> dict[str, Any]:
    """A closed meeting with a report and a plan item from each member, and an observation of member 1 by 0."""
    meeting = await hold_meeting(world, "2026-10-01T15:30:00Z")
    items = []
    for member in world.members:
        ok(await member.client.put(f"/v1/tlc/meetings/{meeting['id']}/reports/{member.id}", json={"text": REPORT}))
        items.append(
            await member.client.create(
                "/v1/tlc/plan-items",
                {
                    "group_id": world.group["id"],
                    "technique_id": world.techniques[4]["id"],
                    "intention": INTENTION,
                    "starts_on": "2026-10-02",
                },
            )
        )
    ok(await world.leader.client.post(f"/v1/tlc/meetings/{meeting['id']}/close"))
    await world.members[0].client.create(
        "/v1/tlc/observations",
        {
            "group_id": world.group["id"],
            "observee_staff_id": world.members[1].id,
            "plan_item_id": items[1]["id"],
            "observed_at": "2026-10-10T09:00:00Z",
            "notes": NOTES,
        },
    )
    return meeting


async def test_the_record_section_counts_and_the_export_holds_everything(
    pl_api_app: Litestar, pl_api_tenant: TenantClient
) -> None:
    world = await community(pl_api_app, pl_api_tenant, members=2)
    await one_closed_meeting(world)
    observed = world.members[1]
    record = ok(await world.pd_lead.client.get(f"/v1/staff/{observed.id}/record?from=2026-09-01&to=2027-08-31"))
    assert record["plugins"]["tlc"] == {
        "groups": 1,
        "meetings_attended": 1,
        "plan_items_by_state": {"proposed": 1, "active": 0, "tried": 0, "embedded": 0, "adapted": 0, "dropped": 0},
        "observations_made": 0,
        "observations_received": 1,
    }
    assert INTENTION not in str(record) and REPORT not in str(record)
    outsider = ok(await world.api.get(f"/v1/staff/{world.outsider.id}/record"))
    assert "tlc" not in outsider["plugins"]

    async with pl_api_app.state.sessions() as session:
        exported = await export_staff_data(session, pl_api_tenant.tenant_id, uuid.UUID(observed.id))
    assert exported["groups_joined"] == [world.group["id"]]
    assert [i["intention"] for i in exported["plan_items"]] == [INTENTION]
    assert exported["plan_items"][0]["changes"][0]["to_status"] == "proposed"
    assert [r["text"] for r in exported["reports"]] == [REPORT]
    assert [o["notes"] for o in exported["observations"]] == [NOTES]
    assert exported["attendance"][0]["present"] is True


async def test_erasing_a_staff_member_removes_what_they_wrote_and_keeps_the_counts(
    pl_api_app: Litestar, pl_api_tenant: TenantClient
) -> None:
    world = await community(pl_api_app, pl_api_tenant, members=2)
    meeting = await one_closed_meeting(world)
    observer, observee = world.members
    assert (await pl_api_tenant.post(f"/v1/staff/{observer.id}/erase")).status_code == 200
    async with pl_api_app.state.sessions() as session:
        left = await export_staff_data(session, pl_api_tenant.tenant_id, uuid.UUID(observer.id))
        other = await export_staff_data(session, pl_api_tenant.tenant_id, uuid.UUID(observee.id))
    assert left["plan_items"] == [] and left["reports"] == []
    assert [o["notes"] for o in left["observations"]] == [None]
    assert [r["text"] for r in other["reports"]] == [REPORT] and len(other["plan_items"]) == 1
    closed = ok(await world.leader.client.get(f"/v1/tlc/meetings/{meeting['id']}"))
    assert len(closed["attendance"]) == 2

    assert (await pl_api_tenant.post(f"/v1/staff/{observee.id}/erase")).status_code == 200
    async with pl_api_app.state.sessions() as session:
        gone = await export_staff_data(session, pl_api_tenant.tenant_id, uuid.UUID(observer.id))
    assert gone["observations"] == []
    progress = ok(await world.pd_lead.client.get(f"/v1/tlc/groups/{world.group['id']}/progress"))
    assert progress["meetings_held"] == 1 and progress["attendance_rate"] == 1.0


async def test_meetings_plans_and_observations_write_events(pl_api_app: Litestar, pl_api_tenant: TenantClient) -> None:
    world = await community(pl_api_app, pl_api_tenant, members=2)
    meeting = await one_closed_meeting(world)
    async with pl_api_app.state.sessions() as session:
        events = list(
            await session.scalars(
                select(EventRecord)
                .where(EventRecord.tenant_id == pl_api_tenant.tenant_id, EventRecord.type.startswith("tlc."))
                .order_by(EventRecord.id)
            )
        )
    assert [e.type for e in events] == [
        "tlc.plan_item.changed",
        "tlc.plan_item.changed",
        "tlc.meeting.closed",
        "tlc.observation.recorded",
    ]
    closed = events[2]
    assert closed.subject_id == uuid.UUID(meeting["id"]) and closed.data["present"] == 2
    assert all(INTENTION not in str(e.data) and NOTES not in str(e.data) for e in events)


async def test_a_group_outside_the_recommended_size_is_allowed_with_a_warning(
    pl_api_app: Litestar, pl_api_tenant: TenantClient
) -> None:
    world = await community(pl_api_app, pl_api_tenant, members=3)
    assert world.group["warnings"] == ["3 members: TLC groups work best with 8 to 14"]
    updated = ok(await world.pd_lead.client.put(f"/v1/tlc/groups/{world.group['id']}/members/{world.outsider.id}"))
    assert len(updated["members"]) == 4 and updated["warnings"]
    team = ok(await world.api.get(f"/v1/teams/{world.group['team_id']}/members"))
    assert world.outsider.id in {m["staff_id"] for m in team["items"]}
    removed = ok(await world.pd_lead.client.delete(f"/v1/tlc/groups/{world.group['id']}/members/{world.outsider.id}"))
    assert len(removed["members"]) == 3


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"min_group_size": 12, "max_group_size": 10}, "min_group_size"),
        ({"planned_meetings": 0}, "plugins.tlc.planned_meetings"),
        ({"meetings": 18}, "meetings"),
    ],
)
def test_invalid_settings_stop_start_up(settings: dict[str, Any], message: str) -> None:
    with pytest.raises(PluginLoadError, match=message):
        PluginHost.load(PluginsSettings(enabled=["tlc"], settings={"tlc": settings}), environ={})
