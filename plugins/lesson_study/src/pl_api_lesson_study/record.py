"""What a lesson study adds to a staff member's CPD record and data export, and how it forgets them.

The record is appraisal-facing, so it names only the studies and their stages, never case-pupil data.
The export is the staff member's own: their studies, the lessons they taught, and what they wrote.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

import msgspec
from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from pl_api_lesson_study.models import (
    LessonStudyDiscussion,
    LessonStudyInterview,
    LessonStudyLesson,
    LessonStudyMember,
    LessonStudyObservation,
    LessonStudyPlanningSession,
    LessonStudyStudy,
)


def _studies_of(tenant_id: UUID, staff_id: UUID) -> Any:
    member = select(LessonStudyMember.study_id).where(LessonStudyMember.staff_id == staff_id)
    s = LessonStudyStudy
    return select(s).where(s.tenant_id == tenant_id, or_(s.id.in_(member), s.coach_staff_id == staff_id)).order_by(s.id)


async def record_section(
    session: AsyncSession, tenant_id: UUID, staff_id: UUID, from_date: date, to_date: date
) -> dict[str, Any] | None:
    """The studies the staff member took part in (title, focus, stage); None when there are none.
    The minutes are in the core record already, as activities."""
    studies = list(await session.scalars(_studies_of(tenant_id, staff_id)))
    if not studies:
        return None
    shown = [
        {
            "study_id": str(s.id),
            "title": s.title,
            "focus": s.focus,
            "status": s.status,
            "coach": s.coach_staff_id == staff_id,
        }
        for s in studies
    ]
    return {"studies": shown}


def _plain(obj: Any) -> dict[str, Any]:
    return {c.key: getattr(obj, c.key) for c in obj.__table__.columns if c.key != "tenant_id"}


async def export_staff(session: AsyncSession, tenant_id: UUID, staff_id: UUID) -> dict[str, Any]:
    """The staff member's studies, lessons they taught, and every note they wrote."""

    async def rows(stmt: Any) -> list[dict[str, Any]]:
        return [_plain(r) for r in await session.scalars(stmt)]

    discussions = await session.scalars(
        select(LessonStudyDiscussion)
        .where(LessonStudyDiscussion.tenant_id == tenant_id)
        .order_by(LessonStudyDiscussion.id)
    )
    learning = [
        {"discussion_id": d.id, "lesson_id": d.lesson_id, "learned": x.get("learned")}
        for d in discussions
        for x in d.learning
        if x.get("staff_id") == str(staff_id)
    ]
    export: dict[str, Any] = msgspec.to_builtins(
        {
            "studies": await rows(_studies_of(tenant_id, staff_id)),
            "lessons_taught": await rows(
                select(LessonStudyLesson).where(
                    LessonStudyLesson.tenant_id == tenant_id, LessonStudyLesson.teacher_staff_id == staff_id
                )
            ),
            "observations": await rows(
                select(LessonStudyObservation).where(
                    LessonStudyObservation.tenant_id == tenant_id, LessonStudyObservation.observer_staff_id == staff_id
                )
            ),
            "interviews": await rows(
                select(LessonStudyInterview).where(
                    LessonStudyInterview.tenant_id == tenant_id, LessonStudyInterview.interviewer_staff_id == staff_id
                )
            ),
            "planning_sessions": await rows(
                select(LessonStudyPlanningSession).where(
                    LessonStudyPlanningSession.tenant_id == tenant_id,
                    LessonStudyPlanningSession.recorded_by_staff_id == staff_id,
                )
            ),
            "learning": learning,
        }
    )
    return export


async def erase_staff(session: AsyncSession, tenant_id: UUID, staff_id: UUID) -> int:
    """Blank what the staff member wrote — their observation and interview notes, planning notes they
    recorded, and what they learned in each discussion — keeping dates, minutes, stages and the group's
    shared plans, predictions and revisions. Returns how many rows were changed; the caller commits."""
    changed = 0
    for model, author, field in (
        (LessonStudyObservation, LessonStudyObservation.observer_staff_id, "notes"),
        (LessonStudyInterview, LessonStudyInterview.interviewer_staff_id, "notes"),
        (LessonStudyPlanningSession, LessonStudyPlanningSession.recorded_by_staff_id, "notes"),
    ):
        result = await session.execute(
            update(model)
            .where(model.tenant_id == tenant_id, author == staff_id)
            .values({field: None})
            .execution_options(synchronize_session=False)
        )
        changed += int(getattr(result, "rowcount", 0) or 0)
    discussions = await session.scalars(
        select(LessonStudyDiscussion).where(LessonStudyDiscussion.tenant_id == tenant_id)
    )
    for discussion in discussions:
        if any(x.get("staff_id") == str(staff_id) and x.get("learned") for x in discussion.learning):
            discussion.learning = [
                {**x, "learned": None} if x.get("staff_id") == str(staff_id) else x for x in discussion.learning
            ]
            changed += 1
    return changed
