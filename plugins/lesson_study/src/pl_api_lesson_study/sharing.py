"""Planning sessions of the group, and what a study shares when it is done."""

from __future__ import annotations

from uuid import UUID

import msgspec
from sqlalchemy import select

from pl_api.plugin import (
    Controller,
    Db,
    FromPath,
    JSONBody,
    Response,
    Unprocessable,
    emit_event,
    field_problem,
    get,
    post,
    problems,
    with_etag,
)
from pl_api_lesson_study import access, activities, schemas
from pl_api_lesson_study.evidence import caller
from pl_api_lesson_study.models import LessonStudyLesson, LessonStudyOutput, LessonStudyPlanningSession
from pl_api_lesson_study.studies import GROUP_ONLY
from pl_api_lesson_study.workflow import ensure_stage

PLANNING_STAGES = ("focus_agreed", "case_pupils_chosen", "lessons")


class PlanningController(Controller):
    """The group's planning sessions (their notes are the group's)."""

    path = "/lesson-study/studies/{study_id:uuid}/planning-sessions"

    @get("/", operation_id="LessonStudyListPlanningSessions", responses=problems(404), opt=GROUP_ONLY)
    async def list_planning_sessions(self, db: Db, study_id: FromPath[UUID]) -> schemas.PlanningSessionList:
        """The study's planning sessions, with their notes (its group only)."""
        await access.group_study(db, study_id)
        rows = await db.session.scalars(
            select(LessonStudyPlanningSession)
            .where(LessonStudyPlanningSession.study_id == study_id)
            .order_by(LessonStudyPlanningSession.held_at, LessonStudyPlanningSession.id)
        )
        return schemas.PlanningSessionList(
            [msgspec.convert(r, schemas.PlanningSession, from_attributes=True) for r in rows]
        )

    @post("/", operation_id="LessonStudyCreatePlanningSession", responses=problems(403, 404, 409, 422), opt=GROUP_ONLY)
    async def create_planning_session(
        self, db: Db, study_id: FromPath[UUID], data: JSONBody[schemas.PlanningSessionCreate]
    ) -> Response[schemas.PlanningSession]:
        """Record a planning meeting of the group, once the focus is agreed and until sharing. It counts as a
        `lesson_study.planning_session` activity for every member of the group."""
        study = await access.editable_study(db, study_id)
        ensure_stage(study, PLANNING_STAGES, "planning")
        if data.lesson_id is not None:
            lesson = await db.session.get(LessonStudyLesson, data.lesson_id)
            if lesson is None or lesson.tenant_id != db.tenant_id or lesson.study_id != study.id:
                raise field_problem(Unprocessable, "lesson_id", f"no research lesson {data.lesson_id} in this study")
        activity_id = await activities.record(
            db, study, activities.PLANNING, "Lesson study planning", data.held_at, data.minutes, caller(db)
        )
        session = LessonStudyPlanningSession(
            tenant_id=db.tenant_id,
            study_id=study.id,
            lesson_id=data.lesson_id,
            held_at=data.held_at,
            minutes=data.minutes,
            notes=data.notes,
            recorded_by_staff_id=caller(db),
            activity_id=activity_id,
        )
        db.session.add(session)
        await db.commit()
        return with_etag(msgspec.convert(session, schemas.PlanningSession, from_attributes=True), session.version, 201)


class OutputController(Controller):
    """What a study shared: presentations, written reports, open research lessons, staff briefings."""

    path = "/lesson-study/studies/{study_id:uuid}/outputs"

    @get("/", operation_id="LessonStudyListOutputs", responses=problems(404))
    async def list_outputs(self, db: Db, study_id: FromPath[UUID]) -> schemas.OutputList:
        """The study's outputs (seen by everyone who sees the study)."""
        await access.study(db, study_id)
        rows = await db.session.scalars(
            select(LessonStudyOutput).where(LessonStudyOutput.study_id == study_id).order_by(LessonStudyOutput.id)
        )
        return schemas.OutputList([msgspec.convert(r, schemas.Output, from_attributes=True) for r in rows])

    @post("/", operation_id="LessonStudyCreateOutput", responses=problems(403, 404, 409, 422), opt=GROUP_ONLY)
    async def create_output(
        self, db: Db, study_id: FromPath[UUID], data: JSONBody[schemas.OutputCreate]
    ) -> Response[schemas.Output]:
        """Record something the study shared (the group, while `sharing`), with a link."""
        study = await access.editable_study(db, study_id)
        ensure_stage(study, ("sharing",), "recording an output")
        output = LessonStudyOutput(
            tenant_id=db.tenant_id,
            study_id=study.id,
            kind=data.kind,
            title=data.title,
            url=data.url,
            shared_on=data.shared_on,
        )
        db.session.add(output)
        emit_event(db.session, db.tenant_id, "lesson_study.output.shared", study.id, {"kind": data.kind})
        await db.commit()
        return with_etag(msgspec.convert(output, schemas.Output, from_attributes=True), output.version, 201)
