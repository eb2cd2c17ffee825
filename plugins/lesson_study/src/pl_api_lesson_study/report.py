"""A study's report for a staff meeting: built once as data, served as JSON, Markdown or HTML.

The study's group gets the whole story, case pupils (by pseudonym) included; anyone else who may see the
study (an overseer, a client) gets its focus, stages and outputs without any case-pupil data.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

import msgspec
from sqlalchemy import select

from pl_api.plugin import Staff, TenantScope
from pl_api_lesson_study import schemas
from pl_api_lesson_study.evidence import discussion_of, evidence_of
from pl_api_lesson_study.lessons import lessons_of
from pl_api_lesson_study.models import LessonStudyOutput, LessonStudyStudy
from pl_api_lesson_study.pupils import case_pupils_of


class PupilNote(msgspec.Struct, kw_only=True):
    """Something about a case pupil, by pseudonym; ``by`` is the staff member who recorded it, if any."""

    pseudonym: str
    text: str | None
    by: str | None = None


class PupilProgress(msgspec.Struct, kw_only=True):
    """A case pupil's progress against prediction, from the discussion."""

    pseudonym: str
    progress: str
    against_prediction: schemas.AgainstPrediction
    enough: bool


class TeacherLearning(msgspec.Struct, kw_only=True):
    """What one teacher learned."""

    teacher: str
    learned: str | None


class ReportDiscussion(msgspec.Struct, kw_only=True):
    """The post-lesson discussion, in its order."""

    held_at: datetime
    case_pupils: list[PupilProgress]
    class_notes: str | None
    learning: list[TeacherLearning]
    revisions: str


class ReportLesson(msgspec.Struct, kw_only=True):
    """A research lesson; the case-pupil parts are null without the group's access."""

    number: int
    teacher: str
    class_ref: str
    planned_for: date
    status: schemas.LessonStatus
    taught_at: datetime | None
    plan: str | None = None
    revisions_applied: str | None = None
    predictions: list[PupilNote] | None = None
    observations: list[PupilNote] | None = None
    interviews: list[PupilNote] | None = None
    discussion: ReportDiscussion | None = None


class ReportPupil(msgspec.Struct, kw_only=True):
    """A case pupil, by pseudonym."""

    pseudonym: str
    typifies: schemas.Typifies
    description: str | None


class Report(msgspec.Struct, kw_only=True):
    """A study's report."""

    study_id: UUID
    title: str
    focus: str | None
    approach: str | None
    status: schemas.StudyStatus
    members: list[str]
    coach: str | None
    evidence: list[schemas.EvidenceItem]
    includes_case_pupil_data: bool
    case_pupils: list[ReportPupil] | None
    lessons: list[ReportLesson]
    outputs: list[schemas.Output]


async def _names(db: TenantScope, ids: set[UUID]) -> dict[UUID, str]:
    rows = await db.session.execute(
        select(Staff.id, Staff.given_name, Staff.family_name).where(Staff.tenant_id == db.tenant_id, Staff.id.in_(ids))
    )
    return {i: f"{given} {family}".strip() for i, given, family in rows}


async def build_report(db: TenantScope, study: LessonStudyStudy, group: bool) -> Report:
    """The study's report; with ``group`` the case-pupil data too."""
    lessons = await lessons_of(db, study.id)
    pupils = await case_pupils_of(db, study.id) if group else []
    alias = {p.id: p.pseudonym for p in pupils}
    people: set[UUID] = {*study.member_staff_ids, *(l.teacher_staff_id for l in lessons)}  # noqa: E741
    if study.coach_staff_id:
        people.add(study.coach_staff_id)
    shown: list[ReportLesson] = []
    for lesson in lessons:
        item = ReportLesson(
            number=lesson.number,
            teacher="",
            class_ref=lesson.class_ref,
            planned_for=lesson.planned_for,
            status=lesson.status,  # type: ignore[arg-type]
            taught_at=lesson.taught_at,
        )
        if group:
            evidence = await evidence_of(db, lesson.id)
            people.update(o.observer_staff_id for o in evidence.observations)
            people.update(i.interviewer_staff_id for i in evidence.interviews)
            discussion = await discussion_of(db, lesson)
            item = msgspec.structs.replace(
                item,
                plan=lesson.plan,
                revisions_applied=lesson.revisions_applied,
                predictions=[
                    PupilNote(pseudonym=alias[UUID(p["case_pupil_id"])], text=p["prediction"])
                    for p in lesson.predictions
                ],
                observations=[
                    PupilNote(pseudonym=alias[o.case_pupil_id], text=o.notes, by=str(o.observer_staff_id))
                    for o in evidence.observations
                ],
                interviews=[
                    PupilNote(pseudonym=alias[i.case_pupil_id], text=i.notes, by=str(i.interviewer_staff_id))
                    for i in evidence.interviews
                ],
                discussion=None if discussion is None else _discussion(discussion, alias),
            )
        shown.append(msgspec.structs.replace(item, teacher=str(lesson.teacher_staff_id)))
    names = await _names(db, people)
    outputs = await db.session.scalars(
        select(LessonStudyOutput).where(LessonStudyOutput.study_id == study.id).order_by(LessonStudyOutput.id)
    )
    return Report(
        study_id=study.id,
        title=study.title,
        focus=study.focus,
        approach=study.approach,
        status=study.status,  # type: ignore[arg-type]
        members=[names.get(i, "") for i in study.member_staff_ids],
        coach=None if study.coach_staff_id is None else names.get(study.coach_staff_id, ""),
        evidence=msgspec.convert(study.evidence, list[schemas.EvidenceItem]),
        includes_case_pupil_data=group,
        case_pupils=[ReportPupil(pseudonym=p.pseudonym, typifies=p.typifies, description=p.description) for p in pupils]  # type: ignore[arg-type]
        if group
        else None,
        lessons=[_named(lesson, names) for lesson in shown],
        outputs=[msgspec.convert(o, schemas.Output, from_attributes=True) for o in outputs],
    )


def _discussion(discussion: Any, alias: dict[UUID, str]) -> ReportDiscussion:
    return ReportDiscussion(
        held_at=discussion.held_at,
        case_pupils=[
            PupilProgress(
                pseudonym=alias[UUID(r["case_pupil_id"])],
                progress=r["progress"],
                against_prediction=r["against_prediction"],
                enough=r["enough"],
            )
            for r in discussion.pupil_records
        ],
        class_notes=discussion.class_notes,
        learning=[TeacherLearning(teacher=str(x["staff_id"]), learned=x["learned"]) for x in discussion.learning],
        revisions=discussion.revisions,
    )


def _named(lesson: ReportLesson, names: dict[UUID, str]) -> ReportLesson:
    """Staff ids in a lesson replaced by names."""

    def name(value: str | None) -> str | None:
        return None if value is None else names.get(UUID(value), "")

    replace = msgspec.structs.replace
    lesson = replace(lesson, teacher=name(lesson.teacher) or "")
    for field in ("observations", "interviews"):
        notes = getattr(lesson, field)
        if notes is not None:
            lesson = replace(lesson, **{field: [replace(n, by=name(n.by)) for n in notes]})
    if lesson.discussion is not None:
        learning = [replace(x, teacher=name(x.teacher) or "") for x in lesson.discussion.learning]
        lesson = replace(lesson, discussion=replace(lesson.discussion, learning=learning))
    return lesson
