"""The states of a study and of its research lessons, and the rules that hold however they are moved.

Study: forming -> focus_agreed -> case_pupils_chosen -> lessons -> sharing -> complete.
It enters ``lessons`` when its first research lesson is planned; ``sharing`` needs at least
``min_lessons`` lessons, all discussed; ``complete`` needs at least one output.

Research lesson: planning -> taught -> interviewed -> discussed. Observations are recorded once it is
taught; interviewing the first case pupil makes it ``interviewed``; the discussion is saved only with a
record for every case pupil, and makes it ``discussed``. The next lesson is planned only once the previous
one is discussed, and its plan must cite that discussion and the revisions it takes up.

Every refusal is a problem raised before anything is written.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, func, select

from pl_api.plugin import Conflict, TenantScope, emit_event
from pl_api_lesson_study.models import LessonStudyCasePupil, LessonStudyLesson, LessonStudyOutput, LessonStudyStudy
from pl_api_lesson_study.settings import LessonStudySettings

STUDY_MOVES: dict[str, tuple[str, ...]] = {
    "forming": ("focus_agreed",),
    "focus_agreed": ("case_pupils_chosen",),
    "case_pupils_chosen": ("lessons",),
    "lessons": ("sharing",),
    "sharing": ("complete",),
    "complete": (),
}
HINTS = {
    "forming": 'agree the focus and approach, then POST …/transitions {"to": "focus_agreed"}',
    "focus_agreed": 'add the case pupils, then POST …/transitions {"to": "case_pupils_chosen"}',
    "case_pupils_chosen": "plan the first research lesson: POST …/lessons",
    "lessons": "teach, interview and discuss the research lessons, then move to sharing",
    "sharing": "record what was shared: POST …/outputs, then move to complete",
    "complete": "the study is complete",
}


class StudyTransitionRefused(Conflict):
    """The study cannot move to the status asked for."""

    slug, default_title = "lesson-study-transition", "The study cannot move there"


class StudyStageRefused(Conflict):
    """The step asked for belongs to another stage of the study."""

    slug, default_title = "lesson-study-stage", "The study is not at that stage"


class LessonStageRefused(Conflict):
    """The step asked for belongs to another stage of the research lesson."""

    slug, default_title = "lesson-study-lesson-stage", "The research lesson is not at that stage"


def ensure_stage(found: LessonStudyStudy, allowed: tuple[str, ...], doing: str) -> None:
    """Refuse (409) ``doing`` unless the study is in one of ``allowed``, saying what to do instead."""
    if found.status not in allowed:
        raise StudyStageRefused(
            f"{doing} is done while the study is {' or '.join(allowed)}; it is {found.status}: {HINTS[found.status]}"
        )


def ensure_lesson_stage(lesson: LessonStudyLesson, allowed: tuple[str, ...], doing: str, hint: str) -> None:
    """Refuse (409) ``doing`` unless the lesson is in one of ``allowed``."""
    if lesson.status not in allowed:
        raise LessonStageRefused(
            f"{doing} needs research lesson {lesson.number} to be {' or '.join(allowed)}; it is {lesson.status}: {hint}"
        )


async def move_study(db: TenantScope, settings: LessonStudySettings, found: LessonStudyStudy, to: str) -> None:
    """Move a study, checking the edge and what the next stage needs (409 otherwise)."""
    allowed = STUDY_MOVES[found.status]
    if to not in allowed or to == "lessons":
        where = ", ".join(allowed) or "nothing (it is complete)"
        raise StudyTransitionRefused(
            f"a study that is {found.status} moves to {where}, not to {to}: {HINTS[found.status]}"
        )
    if to == "focus_agreed":
        missing = [name for name in ("focus", "approach") if not getattr(found, name)]
        if missing:
            raise StudyTransitionRefused(f"agree the study's {' and '.join(missing)} first (PATCH the study)")
    elif to == "case_pupils_chosen":
        count = await _count(db, select(LessonStudyCasePupil.id).where(LessonStudyCasePupil.study_id == found.id))
        if count != settings.case_pupils:
            raise StudyTransitionRefused(
                f"a study chooses {settings.case_pupils} case pupils and this one has {count}: POST …/case-pupils first"
            )
    elif to == "sharing":
        lessons = list(
            await db.session.scalars(select(LessonStudyLesson.status).where(LessonStudyLesson.study_id == found.id))
        )
        discussed = sum(1 for status in lessons if status == "discussed")
        if discussed < settings.min_lessons or discussed < len(lessons):
            raise StudyTransitionRefused(
                f"sharing starts once at least {settings.min_lessons} research lessons are taught and discussed, "
                f"and none is in progress: {discussed} of {len(lessons)} are discussed"
            )
    elif to == "complete":
        outputs = await _count(db, select(LessonStudyOutput.id).where(LessonStudyOutput.study_id == found.id))
        if outputs == 0:
            raise StudyTransitionRefused("record at least one output of the study (POST …/outputs) to complete it")
    _moved(db, found, to)


def _moved(db: TenantScope, found: LessonStudyStudy, to: str) -> None:
    emit_event(db.session, db.tenant_id, "lesson_study.study.moved", found.id, {"from": found.status, "to": to})
    found.status = to


def enter_lessons(db: TenantScope, found: LessonStudyStudy) -> None:
    """The first research lesson planned moves the study into ``lessons``."""
    if found.status == "case_pupils_chosen":
        _moved(db, found, "lessons")


async def _count(db: TenantScope, stmt: Select[Any]) -> int:
    return int(await db.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0)
