"""Who sees and changes what in a lesson study: the plugin's privacy rules, in one place.

- A study's **group** is its member teachers and its coach. The group changes the study and records
  everything in it, and only the group sees case-pupil data (case pupils, predictions, observations,
  interviews, discussions, planning notes). Anyone else gets 404 for those, as for a row that does not exist.
- ``lesson_study.oversee`` holders (the PD lead, school leaders) see every study of their schools: its
  focus, status, research lessons' dates and stages, and outputs — never case-pupil data.
- Integration clients see what an overseer sees, and may start studies, but record nothing in one.
"""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import ColumnElement, exists, or_, select, true

from pl_api.plugin import Forbidden, NotFound, TenantScope
from pl_api_lesson_study.models import LessonStudyLesson, LessonStudyMember, LessonStudyStudy

OVERSEERS = "lesson_study.oversee"


def visible_studies(db: TenantScope) -> ColumnElement[bool]:
    """The studies the caller may see: their group's, and every study of a school they oversee."""
    principal = db.principal
    if principal is None or principal.grants is None:
        return true()
    staff_id = principal.staff_id
    overseen = principal.grants.schools_with(OVERSEERS)
    study, member = LessonStudyStudy, LessonStudyMember
    in_group = or_(
        study.coach_staff_id == staff_id,
        exists(select(member.staff_id).where(member.study_id == study.id, member.staff_id == staff_id)),
    )
    return or_(in_group, true() if overseen is None else study.school_id.in_(overseen))


async def study(db: TenantScope, study_id: UUID) -> LessonStudyStudy:
    """A study the caller may see, or 404."""
    found = await db.session.scalar(
        db.select(LessonStudyStudy).where(LessonStudyStudy.id == study_id, visible_studies(db))
    )
    if found is None:
        raise NotFound(f"no lesson study with id {study_id}")
    return found


def in_group(db: TenantScope, found: LessonStudyStudy) -> bool:
    """Whether the caller is one of the study's members or its coach."""
    principal = db.principal
    staff_id = None if principal is None else principal.staff_id
    return staff_id is not None and (staff_id == found.coach_staff_id or staff_id in found.member_staff_ids)


async def group_study(db: TenantScope, study_id: UUID) -> LessonStudyStudy:
    """A study whose case-pupil data the caller may see (its group), or 404."""
    found = await study(db, study_id)
    if not in_group(db, found):
        raise NotFound(
            f"no case-pupil data of lesson study {study_id} for you: it is visible to the study's group only"
        )
    return found


async def editable_study(db: TenantScope, study_id: UUID) -> LessonStudyStudy:
    """A study the caller may change: 404 if they cannot see it, 403 if they are not in its group."""
    found = await study(db, study_id)
    if not in_group(db, found):
        raise Forbidden("only the study's group (its member teachers and coach) change it and record in it")
    return found


async def lesson(db: TenantScope, lesson_id: UUID) -> tuple[LessonStudyLesson, LessonStudyStudy]:
    """A research lesson the caller may see, with its study, or 404."""
    found = await db.session.scalar(db.select(LessonStudyLesson).where(LessonStudyLesson.id == lesson_id))
    if found is None:
        raise NotFound(f"no research lesson with id {lesson_id}")
    try:
        return found, await study(db, found.study_id)
    except NotFound:
        raise NotFound(f"no research lesson with id {lesson_id}") from None


async def editable_lesson(db: TenantScope, lesson_id: UUID) -> tuple[LessonStudyLesson, LessonStudyStudy]:
    """A research lesson the caller's group records in (404 / 403 otherwise)."""
    found, of = await lesson(db, lesson_id)
    if not in_group(db, of):
        raise Forbidden("only the study's group (its member teachers and coach) record its research lessons")
    return found, of


async def group_lesson(db: TenantScope, lesson_id: UUID) -> tuple[LessonStudyLesson, LessonStudyStudy]:
    """A research lesson whose case-pupil data the caller may see (its group), or 404."""
    found, of = await lesson(db, lesson_id)
    if not in_group(db, of):
        raise NotFound(f"no case-pupil data of research lesson {lesson_id} for you: it is the group's only")
    return found, of
