"""Instructional coaching: drop-ins, feedback meetings and bite-sized action steps from a step library.

Built only on ``pl_api.plugin``. See docs/plugins/coaching.md.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

import click
from sqlalchemy.ext.asyncio import AsyncSession

from pl_api.plugin import ActivityKind, EventType, Permission, PluginManifest, hookimpl
from pl_api_coaching.assignments import AssignmentController, AssignmentItemController
from pl_api_coaching.cycles import DropInController, MeetingController, NoteController
from pl_api_coaching.fidelity import FidelityController
from pl_api_coaching.library_controller import LibraryController
from pl_api_coaching.models import MODELS
from pl_api_coaching.overdue import commands
from pl_api_coaching.record import erase_staff, export_staff, record_section
from pl_api_coaching.relationships import RelationshipController
from pl_api_coaching.settings import CoachingSettings

__all__ = ["CoachingSettings", "erase_staff", "manifest"]

manifest = PluginManifest(
    slug="coaching",
    name="Instructional coaching",
    version="0.1.0",
    api=">=1.0,<2",
    settings=CoachingSettings,
    migrations="migrations",
    description="Drop-ins, feedback meetings and action steps from a step library (Get Better Faster).",
)

LEADERS = ("pd_lead", "school_leader", "trust_admin")
SUBJECTS = {
    "coaching.library": "A step library",
    "coaching.relationship": "A coaching relationship",
    "coaching.drop_in": "A drop-in",
    "coaching.meeting": "A feedback meeting",
    "coaching.assignment": "A step assignment",
}


@hookimpl
def register_routes() -> list[Any]:
    return [
        LibraryController,
        RelationshipController,
        DropInController,
        MeetingController,
        NoteController,
        AssignmentController,
        AssignmentItemController,
        FidelityController,
    ]


@hookimpl
def register_models() -> list[Any]:
    return list(MODELS)


@hookimpl
def register_permissions() -> list[Permission]:
    return [
        Permission(
            "coaching.read",
            "See step libraries, and the coaching relationships one takes part in (notes follow their own rules).",
            ("teacher", "team_lead", "coach", "pd_lead", "school_leader", "trust_admin"),
        ),
        Permission("coaching.write", "Change coaching data (each operation names who may).", LEADERS),
        Permission(
            "coaching.manage",
            "Import step libraries, set up coaching relationships and start, pause or close them.",
            LEADERS,
        ),
        Permission("coaching.shared", "Read the coaching notes a coachee has shared with leaders.", LEADERS),
        Permission(
            "coaching.fidelity", "See coaching fidelity per coach and school (aggregates, never notes).", LEADERS
        ),
    ]


@hookimpl
def register_activity_kinds() -> list[ActivityKind]:
    return [
        ActivityKind(
            "coaching.drop_in", "Coaching drop-in", "A short observation of a lesson by a coach.", "individual"
        ),
        ActivityKind(
            "coaching.feedback_meeting",
            "Coaching feedback meeting",
            "Praise, a probe, one action step, and rehearsing it.",
            "individual",
        ),
    ]


@hookimpl
def register_event_types() -> list[EventType]:
    declared = [
        EventType("coaching.step.set", "An action step became a coachee's focus (active for the first time)"),
        EventType("coaching.step.mastered", "A coach confirmed a step mastered, citing drop-ins"),
        EventType(
            "coaching.follow_up.overdue", "A follow-up drop-in is past due (from `pl-api coaching check-overdue`)"
        ),
        EventType("coaching.library.deleted", "A step library was deleted"),
    ]
    for subject, what in SUBJECTS.items():
        declared += [
            EventType(f"{subject}.created", f"{what} was created"),
            EventType(f"{subject}.updated", f"{what} was changed"),
        ]
    return declared


@hookimpl
def register_commands(settings: CoachingSettings) -> list[click.Command]:
    return commands(settings)


@hookimpl
async def staff_record_section(
    session: AsyncSession, tenant_id: UUID, staff_id: UUID, from_date: date, to_date: date
) -> dict[str, Any] | None:
    return await record_section(session, tenant_id, staff_id, from_date, to_date)


@hookimpl
async def export_staff_data(session: AsyncSession, tenant_id: UUID, staff_id: UUID) -> dict[str, Any]:
    return await export_staff(session, tenant_id, staff_id)


@hookimpl
async def erase_staff_data(session: AsyncSession, tenant_id: UUID, staff_id: UUID) -> int:
    return await erase_staff(session, tenant_id, staff_id)
