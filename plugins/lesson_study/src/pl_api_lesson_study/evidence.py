"""The case-pupil evidence of a research lesson, for the group only: observations per observer per case
pupil, pupil interviews, and the post-lesson discussion that starts from them."""

from __future__ import annotations

from uuid import UUID

import msgspec
from sqlalchemy import select

from pl_api.plugin import (
    Controller,
    Db,
    FromPath,
    JSONBody,
    NotFound,
    Response,
    TenantScope,
    Unprocessable,
    emit_event,
    field_problem,
    get,
    post,
    problems,
    put,
    with_etag,
)
from pl_api_lesson_study import access, activities, schemas
from pl_api_lesson_study.models import (
    LessonStudyDiscussion,
    LessonStudyInterview,
    LessonStudyLesson,
    LessonStudyObservation,
    LessonStudyStudy,
)
from pl_api_lesson_study.pupils import case_pupils_of
from pl_api_lesson_study.studies import GROUP_ONLY
from pl_api_lesson_study.workflow import ensure_lesson_stage

TEACH_FIRST = "record that it was taught first: POST /v1/lesson-study/lessons/{id}/taught"


def caller(db: TenantScope) -> UUID:
    principal = db.principal
    assert principal is not None and principal.staff_id is not None  # editable_lesson admits group members only
    return principal.staff_id


async def _case_pupil(db: TenantScope, study: LessonStudyStudy, case_pupil_id: UUID) -> None:
    if case_pupil_id not in {p.id for p in await case_pupils_of(db, study.id)}:
        raise field_problem(Unprocessable, "case_pupil_id", f"no case pupil {case_pupil_id} in this study")


async def discussion_of(db: TenantScope, lesson: LessonStudyLesson) -> LessonStudyDiscussion | None:
    """The lesson's discussion, if saved."""
    return await db.session.scalar(select(LessonStudyDiscussion).where(LessonStudyDiscussion.lesson_id == lesson.id))


async def evidence_of(db: TenantScope, lesson_id: UUID) -> schemas.EvidenceList:
    """A lesson's observations and interviews."""
    obs = await db.session.scalars(
        select(LessonStudyObservation)
        .where(LessonStudyObservation.lesson_id == lesson_id)
        .order_by(LessonStudyObservation.id)
    )
    interviews = await db.session.scalars(
        select(LessonStudyInterview)
        .where(LessonStudyInterview.lesson_id == lesson_id)
        .order_by(LessonStudyInterview.id)
    )
    return schemas.EvidenceList(
        [msgspec.convert(o, schemas.Observation, from_attributes=True) for o in obs],
        [msgspec.convert(i, schemas.Interview, from_attributes=True) for i in interviews],
    )


class EvidenceController(Controller):
    """Observations, interviews and the discussion of one research lesson (its study's group only)."""

    path = "/lesson-study/lessons/{lesson_id:uuid}"

    @get("/evidence", operation_id="LessonStudyGetEvidence", responses=problems(404), opt=GROUP_ONLY)
    async def get_evidence(self, db: Db, lesson_id: FromPath[UUID]) -> schemas.EvidenceList:
        """The lesson's observations and pupil interviews."""
        await access.group_lesson(db, lesson_id)
        return await evidence_of(db, lesson_id)

    @post(
        "/observations",
        operation_id="LessonStudyCreateObservation",
        responses=problems(403, 404, 409, 422),
        opt=GROUP_ONLY,
    )
    async def create_observation(
        self, db: Db, lesson_id: FromPath[UUID], data: JSONBody[schemas.ObservationCreate]
    ) -> Response[schemas.Observation]:
        """Your observation of one case pupil in the lesson, once it is taught (one per observer per pupil)."""
        lesson, study = await access.editable_lesson(db, lesson_id)
        ensure_lesson_stage(lesson, ("taught", "interviewed"), "recording observations", TEACH_FIRST)
        await _case_pupil(db, study, data.case_pupil_id)
        observation = LessonStudyObservation(
            tenant_id=db.tenant_id,
            lesson_id=lesson.id,
            case_pupil_id=data.case_pupil_id,
            observer_staff_id=caller(db),
            notes=data.notes,
        )
        db.session.add(observation)
        await db.commit("you have already recorded an observation of this case pupil in this lesson")
        return with_etag(
            msgspec.convert(observation, schemas.Observation, from_attributes=True), observation.version, 201
        )

    @post(
        "/interviews", operation_id="LessonStudyCreateInterview", responses=problems(403, 404, 409, 422), opt=GROUP_ONLY
    )
    async def create_interview(
        self, db: Db, lesson_id: FromPath[UUID], data: JSONBody[schemas.InterviewCreate]
    ) -> Response[schemas.Interview]:
        """Notes of your interview with a case pupil after the lesson; the first makes it `interviewed`."""
        lesson, study = await access.editable_lesson(db, lesson_id)
        ensure_lesson_stage(lesson, ("taught", "interviewed"), "interviewing case pupils", TEACH_FIRST)
        await _case_pupil(db, study, data.case_pupil_id)
        interview = LessonStudyInterview(
            tenant_id=db.tenant_id,
            lesson_id=lesson.id,
            case_pupil_id=data.case_pupil_id,
            interviewer_staff_id=caller(db),
            notes=data.notes,
        )
        db.session.add(interview)
        lesson.status = "interviewed"
        await db.commit("this case pupil has already been interviewed about this lesson")
        return with_etag(msgspec.convert(interview, schemas.Interview, from_attributes=True), interview.version, 201)

    @get("/discussion", operation_id="LessonStudyGetDiscussion", responses=problems(404), opt=GROUP_ONLY)
    async def get_discussion(self, db: Db, lesson_id: FromPath[UUID]) -> Response[schemas.Discussion]:
        """The lesson's post-lesson discussion."""
        lesson, _ = await access.group_lesson(db, lesson_id)
        discussion = await discussion_of(db, lesson)
        if discussion is None:
            raise NotFound(f"research lesson {lesson_id} has no discussion yet")
        return with_etag(msgspec.convert(discussion, schemas.Discussion, from_attributes=True), discussion.version)

    @put(
        "/discussion", operation_id="LessonStudySaveDiscussion", responses=problems(403, 404, 409, 422), opt=GROUP_ONLY
    )
    async def save_discussion(
        self, db: Db, lesson_id: FromPath[UUID], data: JSONBody[schemas.DiscussionCreate]
    ) -> Response[schemas.Discussion]:
        """Save the post-lesson discussion (the group), once the case pupils are interviewed: a record for
        every case pupil, then the class, what each teacher learned and the revisions for the next lesson.
        It counts as a `lesson_study.discussion` activity for the group; it is saved once."""
        lesson, study = await access.editable_lesson(db, lesson_id)
        hint = "interview the case pupils first" if lesson.status != "discussed" else "it is saved already"
        ensure_lesson_stage(lesson, ("interviewed",), "saving the discussion", hint)
        pupils = {p.id: p.pseudonym for p in await case_pupils_of(db, study.id)}
        given = [r.case_pupil_id for r in data.pupil_records]
        unknown = sorted(str(i) for i in set(given) - set(pupils))
        if unknown or len(set(given)) != len(given):
            detail = f"not case pupils of this study: {', '.join(unknown)}" if unknown else "one record per case pupil"
            raise field_problem(Unprocessable, "pupil_records", detail)
        missing = [name for i, name in pupils.items() if i not in set(given)]
        if missing:
            raise field_problem(
                Unprocessable,
                "pupil_records",
                "the discussion starts from the case pupils: record progress against prediction for every case "
                f"pupil first; missing: {', '.join(missing)}",
            )
        strangers = sorted(
            str(x.staff_id)
            for x in data.learning
            if x.staff_id not in study.member_staff_ids and x.staff_id != study.coach_staff_id
        )
        if strangers:
            raise field_problem(Unprocessable, "learning", f"not in the study's group: {', '.join(strangers)}")
        if not data.revisions.strip():
            raise field_problem(Unprocessable, "revisions", "agree the revisions for the next research lesson")
        activity_id = await activities.record(
            db,
            study,
            activities.DISCUSSION,
            f"Post-lesson discussion {lesson.number}",
            data.held_at,
            data.minutes,
            lesson.teacher_staff_id,
        )
        discussion = LessonStudyDiscussion(
            tenant_id=db.tenant_id,
            lesson_id=lesson.id,
            held_at=data.held_at,
            minutes=data.minutes,
            pupil_records=msgspec.to_builtins(data.pupil_records),
            class_notes=data.class_notes,
            learning=msgspec.to_builtins(data.learning),
            revisions=data.revisions,
            activity_id=activity_id,
        )
        db.session.add(discussion)
        lesson.status = "discussed"
        emit_event(db.session, db.tenant_id, "lesson_study.lesson.discussed", lesson.id, {"study_id": str(study.id)})
        await db.commit()
        return with_etag(msgspec.convert(discussion, schemas.Discussion, from_attributes=True), discussion.version, 201)
