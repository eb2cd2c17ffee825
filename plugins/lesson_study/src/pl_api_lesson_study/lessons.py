"""Research lessons: planned with a prediction per case pupil, then taught (a core activity)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import msgspec
from sqlalchemy import select

from pl_api.plugin import (
    Controller,
    Db,
    FromPath,
    JSONBody,
    Request,
    Response,
    TenantScope,
    Unprocessable,
    emit_event,
    field_problem,
    get,
    post,
    problems,
    with_etag,
)
from pl_api_lesson_study import access, activities, schemas
from pl_api_lesson_study.models import LessonStudyDiscussion, LessonStudyLesson, LessonStudyStudy
from pl_api_lesson_study.pupils import case_pupils_of
from pl_api_lesson_study.studies import GROUP_ONLY, settings_of
from pl_api_lesson_study.workflow import StudyStageRefused, ensure_lesson_stage, ensure_stage, enter_lessons


def to_lesson(lesson: LessonStudyLesson, group: bool) -> schemas.Lesson:
    """A lesson as the API shows it; the plan, predictions and revisions for the group only."""
    shown = msgspec.convert(lesson, schemas.Lesson, from_attributes=True)
    if not group:
        shown = msgspec.structs.replace(shown, plan=None, predictions=None, revisions_applied=None)
    return shown


async def lessons_of(db: TenantScope, study_id: UUID) -> list[LessonStudyLesson]:
    """A study's research lessons, in order."""
    stmt = select(LessonStudyLesson).where(
        LessonStudyLesson.tenant_id == db.tenant_id, LessonStudyLesson.study_id == study_id
    )
    return list(await db.session.scalars(stmt.order_by(LessonStudyLesson.number)))


async def _check_predictions(db: TenantScope, study: LessonStudyStudy, predictions: list[schemas.Prediction]) -> None:
    expected = {p.id: p.pseudonym for p in await case_pupils_of(db, study.id)}
    given = [p.case_pupil_id for p in predictions]
    unknown = sorted(str(i) for i in set(given) - set(expected))
    if unknown:
        raise field_problem(Unprocessable, "predictions", f"not case pupils of this study: {', '.join(unknown)}")
    if len(set(given)) != len(given):
        raise field_problem(Unprocessable, "predictions", "give one prediction per case pupil")
    missing = [name for i, name in expected.items() if i not in set(given)]
    if missing:
        raise field_problem(
            Unprocessable, "predictions", f"predict how every case pupil will respond; missing: {', '.join(missing)}"
        )


async def _check_citation(db: TenantScope, previous: LessonStudyLesson, data: schemas.LessonCreate) -> None:
    discussion = await db.session.scalar(
        select(LessonStudyDiscussion).where(LessonStudyDiscussion.lesson_id == previous.id)
    )
    assert discussion is not None  # a discussed lesson has its discussion
    if data.cites_discussion_id != discussion.id:
        raise field_problem(
            Unprocessable,
            "cites_discussion_id",
            f"the plan of research lesson {previous.number + 1} must cite the discussion of lesson "
            f"{previous.number} ({discussion.id}) and the revisions it agreed",
        )
    if not (data.revisions_applied or "").strip():
        raise field_problem(
            Unprocessable,
            "revisions_applied",
            f"say which of the revisions agreed after lesson {previous.number} this plan takes up",
        )


class StudyLessonController(Controller):
    """A study's research lessons."""

    path = "/lesson-study/studies/{study_id:uuid}/lessons"

    @get("/", operation_id="LessonStudyListLessons", responses=problems(404))
    async def list_lessons(self, db: Db, study_id: FromPath[UUID]) -> schemas.LessonList:
        """The study's research lessons and their stages (plans and predictions for its group only)."""
        found = await access.study(db, study_id)
        group = access.in_group(db, found)
        return schemas.LessonList([to_lesson(lesson, group) for lesson in await lessons_of(db, study_id)])

    @post("/", operation_id="LessonStudyCreateLesson", responses=problems(403, 404, 409, 422), opt=GROUP_ONLY)
    async def create_lesson(
        self, request: Request[Any, Any, Any], db: Db, study_id: FromPath[UUID], data: JSONBody[schemas.LessonCreate]
    ) -> Response[schemas.Lesson]:
        """Plan the next research lesson (the group): its teacher, class, date, plan and a prediction for each
        case pupil. After the first, the previous lesson must be discussed and the plan must cite its
        discussion (`cites_discussion_id`) and the revisions it takes up (`revisions_applied`)."""
        found = await access.editable_study(db, study_id)
        ensure_stage(found, ("case_pupils_chosen", "lessons"), "planning a research lesson")
        settings = settings_of(request)
        planned = await lessons_of(db, study_id)
        if len(planned) >= settings.max_lessons:
            raise StudyStageRefused(f"a study has at most {settings.max_lessons} research lessons; move it to sharing")
        if planned and planned[-1].status != "discussed":
            previous = planned[-1]
            raise StudyStageRefused(
                f"research lesson {previous.number} is {previous.status}: teach it, interview the case pupils and "
                "save its discussion before planning the next"
            )
        if data.teacher_staff_id not in found.member_staff_ids:
            raise field_problem(
                Unprocessable, "teacher_staff_id", "the research lesson is taught by a teacher of the group"
            )
        await _check_predictions(db, found, data.predictions)
        if planned:
            await _check_citation(db, planned[-1], data)
        elif data.cites_discussion_id is not None:
            raise field_problem(
                Unprocessable, "cites_discussion_id", "the first research lesson has no discussion to cite"
            )
        lesson = LessonStudyLesson(
            tenant_id=db.tenant_id,
            study_id=found.id,
            number=len(planned) + 1,
            teacher_staff_id=data.teacher_staff_id,
            class_ref=data.class_ref,
            planned_for=data.planned_for,
            plan=data.plan,
            predictions=msgspec.to_builtins(data.predictions),
            cites_discussion_id=data.cites_discussion_id,
            revisions_applied=data.revisions_applied,
            status="planning",
        )
        db.session.add(lesson)
        enter_lessons(db, found)
        await db.commit()
        return with_etag(to_lesson(lesson, True), lesson.version, 201)


class LessonController(Controller):
    """Single research lessons: read one, and record that it was taught."""

    path = "/lesson-study/lessons"

    @get("/{lesson_id:uuid}", operation_id="LessonStudyGetLesson", responses=problems(404))
    async def get_lesson(self, db: Db, lesson_id: FromPath[UUID]) -> Response[schemas.Lesson]:
        """One research lesson (its plan and predictions for the study's group only)."""
        lesson, study = await access.lesson(db, lesson_id)
        return with_etag(to_lesson(lesson, access.in_group(db, study)), lesson.version)

    @post(
        "/{lesson_id:uuid}/taught",
        operation_id="LessonStudyTeachLesson",
        responses=problems(403, 404, 409),
        opt=GROUP_ONLY,
        status_code=200,
    )
    async def teach(
        self, db: Db, lesson_id: FromPath[UUID], data: JSONBody[schemas.LessonTaught]
    ) -> Response[schemas.Lesson]:
        """Record that the research lesson was taught and observed (the group). It counts as a
        `lesson_study.research_lesson` activity for every member of the group."""
        lesson, study = await access.editable_lesson(db, lesson_id)
        ensure_lesson_stage(lesson, ("planning",), "teaching", "it was taught already")
        lesson.activity_id = await activities.record(
            db,
            study,
            activities.LESSON,
            f"Research lesson {lesson.number}",
            data.taught_at,
            data.minutes,
            lesson.teacher_staff_id,
        )
        lesson.status, lesson.taught_at, lesson.minutes = "taught", data.taught_at, data.minutes
        emit_event(db.session, db.tenant_id, "lesson_study.lesson.taught", lesson.id, {"study_id": str(study.id)})
        await db.commit()
        return with_etag(to_lesson(lesson, True), lesson.version)
