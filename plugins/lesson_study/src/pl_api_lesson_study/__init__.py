"""Research Lesson Study (after Pete Dudley's handbook): a small group of teachers plans, teaches,
observes and discusses research lessons around three case pupils, revises, and shares what it learned.

Built only on ``pl_api.plugin``. See docs/plugins/lesson_study.md.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from pl_api.plugin import ActivityKind, EventType, Permission, PluginManifest, hookimpl
from pl_api_lesson_study.evidence import EvidenceController
from pl_api_lesson_study.lessons import LessonController, StudyLessonController
from pl_api_lesson_study.models import MODELS
from pl_api_lesson_study.pupils import CasePupilController
from pl_api_lesson_study.record import erase_staff, export_staff, record_section
from pl_api_lesson_study.report_controller import ReportController
from pl_api_lesson_study.settings import LessonStudySettings
from pl_api_lesson_study.sharing import OutputController, PlanningController
from pl_api_lesson_study.studies import StudyController

__all__ = ["LessonStudySettings", "manifest"]

manifest = PluginManifest(
    slug="lesson_study",
    name="Research lesson study",
    version="0.1.0",
    api=">=1.0,<2",
    settings=LessonStudySettings,
    migrations="migrations",
    description="Research Lesson Study (Dudley): case pupils, research lessons, post-lesson discussions, sharing.",
)

ALL_ROLES = ("teacher", "team_lead", "coach", "pd_lead", "school_leader", "trust_admin")
LEADERS = ("pd_lead", "school_leader", "trust_admin")
SUBJECTS = {
    "lesson_study.study": "A lesson study",
    "lesson_study.case_pupil": "A case pupil",
    "lesson_study.lesson": "A research lesson",
    "lesson_study.discussion": "A post-lesson discussion",
    "lesson_study.output": "A lesson study output",
}


@hookimpl
def register_routes() -> list[Any]:
    return [
        StudyController,
        CasePupilController,
        StudyLessonController,
        LessonController,
        EvidenceController,
        PlanningController,
        OutputController,
        ReportController,
    ]


@hookimpl
def register_models() -> list[Any]:
    return list(MODELS)


@hookimpl
def register_permissions() -> list[Permission]:
    return [
        Permission(
            "lesson_study.read",
            "See the lesson studies whose group one is in (case-pupil data: the group only).",
            ALL_ROLES,
        ),
        Permission(
            "lesson_study.write",
            "Start a lesson study in one's school; changing a study is for its group (members and coach).",
            ALL_ROLES,
        ),
        Permission(
            "lesson_study.oversee",
            "See every lesson study of one's schools: focus, stages, lesson dates, outputs; never case-pupil data.",
            LEADERS,
        ),
    ]


@hookimpl
def register_activity_kinds() -> list[ActivityKind]:
    return [
        ActivityKind(
            "lesson_study.planning_session",
            "Lesson study planning",
            "A lesson study group plans a research lesson.",
            "team",
        ),
        ActivityKind(
            "lesson_study.research_lesson",
            "Research lesson",
            "A research lesson taught and observed with the case pupils in focus.",
            "team",
        ),
        ActivityKind(
            "lesson_study.discussion",
            "Post-lesson discussion",
            "The group discusses a research lesson, starting from the case pupils.",
            "team",
        ),
    ]


@hookimpl
def register_event_types() -> list[EventType]:
    declared = [
        EventType("lesson_study.study.moved", "A lesson study moved to another stage (data: from, to)"),
        EventType("lesson_study.lesson.taught", "A research lesson was taught"),
        EventType("lesson_study.lesson.discussed", "A research lesson's discussion was saved"),
        EventType("lesson_study.output.shared", "A lesson study shared an output (subject: the study)"),
    ]
    for subject, what in SUBJECTS.items():
        declared += [
            EventType(f"{subject}.created", f"{what} was created"),
            EventType(f"{subject}.updated", f"{what} was changed"),
        ]
    return declared


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
