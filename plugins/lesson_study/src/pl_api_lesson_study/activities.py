"""What a lesson study adds to the core record: planning sessions, research lessons and discussions
become team activities that every member of the group (and its coach) attended."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pl_api.plugin import TenantScope, record_activity
from pl_api_lesson_study.models import LessonStudyStudy

PLANNING, LESSON, DISCUSSION = (
    "lesson_study.planning_session",
    "lesson_study.research_lesson",
    "lesson_study.discussion",
)


async def record(
    db: TenantScope, study: LessonStudyStudy, kind: str, title: str, at: datetime, minutes: int, lead: UUID | None
) -> UUID:
    """Record a completed team activity of ``kind`` for the whole group; its id."""
    group = [*study.member_staff_ids, *([study.coach_staff_id] if study.coach_staff_id else [])]
    activity = await record_activity(
        db,
        kind=kind,
        title=f"{title} — {study.title}",
        starts_at=at,
        duration_minutes=minutes,
        attendees=group,
        school_id=study.school_id,
        leader_staff_id=lead,
        stream="team",
        description=study.focus,
    )
    return activity.id
