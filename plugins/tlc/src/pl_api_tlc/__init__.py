"""Teacher Learning Communities: a first-party pl-api plugin, built only on ``pl_api.plugin``.

A group of teachers meets monthly for about 75 minutes over two years; each keeps a personal action
plan of classroom techniques, reports back on it at every meeting, and observes a colleague between
meetings. See docs/plugins/tlc.md.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from pl_api.plugin import ActivityKind, EventType, Permission, PluginManifest, hookimpl
from pl_api_tlc import staff_data
from pl_api_tlc.controllers.groups import GroupController
from pl_api_tlc.controllers.meetings import GroupMeetingController, MeetingController
from pl_api_tlc.controllers.observations import ObservationController
from pl_api_tlc.controllers.plans import PlanItemController, ReportController
from pl_api_tlc.controllers.programmes import ProgrammeController
from pl_api_tlc.core_record import MEETING_KIND, OBSERVATION_KIND
from pl_api_tlc.models import MODELS
from pl_api_tlc.settings import TlcSettings
from pl_api_tlc.staff_data import erase_staff

LEADERS = ("pd_lead", "school_leader", "trust_admin")

manifest = PluginManifest(
    slug="tlc",
    name="Teacher Learning Communities",
    version="0.1.0",
    api=">=1.0,<2",
    settings=TlcSettings,
    migrations="migrations",
    description="Monthly learning-community meetings, personal action plans and peer observation.",
)


@hookimpl
def register_routes() -> list[Any]:
    return [
        ProgrammeController,
        GroupController,
        GroupMeetingController,
        MeetingController,
        ReportController,
        PlanItemController,
        ObservationController,
    ]


@hookimpl
def register_models() -> list[Any]:
    return list(MODELS)


@hookimpl
def register_permissions() -> list[Permission]:
    return [
        Permission(
            "tlc.read",
            "See TLC programmes, groups and meetings (notes, reports and plans only in one's own groups).",
            ("teacher", "team_lead", "coach", *LEADERS),
        ),
        Permission(
            "tlc.write",
            "Set up TLC programmes, technique libraries and groups; stand in for a group's leader.",
            LEADERS,
        ),
        Permission(
            "tlc.progress",
            "See TLC progress: meetings held, attendance, plan items by state, observations (never notes).",
            LEADERS,
        ),
    ]


@hookimpl
def register_activity_kinds() -> list[ActivityKind]:
    return [
        ActivityKind(MEETING_KIND, "TLC meeting", "A Teacher Learning Community's monthly meeting.", "team"),
        ActivityKind(
            OBSERVATION_KIND, "TLC peer observation", "Observing a TLC colleague try a technique.", "individual"
        ),
    ]


@hookimpl
def register_event_types() -> list[EventType]:
    return [
        EventType("tlc.meeting.closed", "A TLC meeting closed and became a core activity"),
        EventType("tlc.plan_item.changed", "An item of a member's action plan was added or changed state"),
        EventType("tlc.observation.recorded", "A peer observation was recorded"),
    ]


@hookimpl
async def staff_record_section(
    session: AsyncSession, tenant_id: UUID, staff_id: UUID, from_date: date, to_date: date
) -> dict[str, Any] | None:
    return await staff_data.record_section(session, tenant_id, staff_id, from_date, to_date)


@hookimpl
async def export_staff_data(session: AsyncSession, tenant_id: UUID, staff_id: UUID) -> dict[str, Any]:
    return await staff_data.export(session, tenant_id, staff_id)


@hookimpl
async def erase_staff_data(session: AsyncSession, tenant_id: UUID, staff_id: UUID) -> None:
    await erase_staff(session, tenant_id, staff_id)


__all__ = ["erase_staff", "manifest"]
