"""Drop-ins and feedback meetings: each recorded by the coach, and each a core activity for both people."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import UUID

import msgspec

from pl_api.plugin import (
    Controller,
    Db,
    FromPath,
    JSONBody,
    NotFound,
    Paging,
    Request,
    Response,
    TenantScope,
    Unprocessable,
    field_problem,
    get,
    post,
    problems,
    record_activity,
    with_etag,
)
from pl_api_coaching import access, schemas
from pl_api_coaching.models import (
    CoachingDropIn,
    CoachingLibraryItem,
    CoachingMeeting,
    CoachingRelationship,
    CoachingStepAssignment,
)
from pl_api_coaching.relationships import settings_of
from pl_api_coaching.workflow import IN_PROGRESS, activate, ensure_active

COACH_ONLY = {"own": "as the relationship's coach", "permission": ""}
DROP_IN_KIND, MEETING_KIND = "coaching.drop_in", "coaching.feedback_meeting"


async def assignment_of(db: TenantScope, rel: CoachingRelationship, assignment_id: UUID, field: str) -> Any:
    """A step assignment of this relationship, or a 422 naming ``field``."""
    step = await db.session.get(CoachingStepAssignment, assignment_id)
    if step is None or step.tenant_id != db.tenant_id or step.relationship_id != rel.id:
        raise field_problem(Unprocessable, field, f"no step assignment {assignment_id} in this relationship")
    return step


async def _record(db: TenantScope, rel: CoachingRelationship, kind: str, title: str, at: Any, minutes: int) -> UUID:
    activity = await record_activity(
        db,
        kind=kind,
        title=title,
        starts_at=at,
        duration_minutes=minutes,
        attendees=[rel.coach_staff_id, rel.coachee_staff_id],
        school_id=rel.school_id,
        leader_staff_id=rel.coach_staff_id,
    )
    return activity.id


class DropInController(Controller):
    """Drop-ins of a relationship: short, frequent, non-judgemental observations."""

    path = "/coaching/relationships/{relationship_id:uuid}/drop-ins"

    @get("/", operation_id="CoachingListDropIns", responses=problems(404))
    async def list_drop_ins(self, db: Db, page: Paging, relationship_id: FromPath[UUID]) -> schemas.DropInPage:
        """The relationship's drop-ins, with their notes: for the coach and coachee, or if the coachee shared them."""
        await access.notes_of(db, relationship_id)
        stmt = db.select(CoachingDropIn).where(CoachingDropIn.relationship_id == relationship_id)
        rows, cursor = await db.page(stmt, CoachingDropIn, page)
        return schemas.DropInPage([msgspec.convert(r, schemas.DropIn, from_attributes=True) for r in rows], cursor)

    @post("/", operation_id="CoachingCreateDropIn", responses=problems(404, 409, 422), opt=COACH_ONLY)
    async def create_drop_in(
        self, db: Db, relationship_id: FromPath[UUID], data: JSONBody[schemas.DropInCreate]
    ) -> Response[schemas.DropIn]:
        """Record a drop-in (the coach). It counts as a `coaching.drop_in` activity for coach and coachee,
        and closes the follow-up the last meeting set."""
        rel = await access.relationship(db, relationship_id)
        access.ensure_coach(db, rel)
        ensure_active(rel)
        if data.assignment_id is not None:
            await assignment_of(db, rel, data.assignment_id, "assignment_id")
        activity_id = await _record(db, rel, DROP_IN_KIND, "Coaching drop-in", data.observed_at, data.minutes)
        drop_in = CoachingDropIn(
            tenant_id=db.tenant_id,
            relationship_id=rel.id,
            observed_at=data.observed_at,
            minutes=data.minutes,
            evidence=data.evidence,
            assignment_id=data.assignment_id,
            activity_id=activity_id,
        )
        db.session.add(drop_in)
        if rel.follow_up_set_at is not None and data.observed_at >= rel.follow_up_set_at:
            rel.follow_up_on, rel.follow_up_set_at, rel.follow_up_alerted = None, None, False
        await db.commit()
        return with_etag(msgspec.convert(drop_in, schemas.DropIn, from_attributes=True), drop_in.version, 201)


class MeetingController(Controller):
    """Feedback meetings of a relationship: see it, name it, do it."""

    path = "/coaching/relationships/{relationship_id:uuid}/meetings"

    @get("/", operation_id="CoachingListMeetings", responses=problems(404))
    async def list_meetings(self, db: Db, page: Paging, relationship_id: FromPath[UUID]) -> schemas.MeetingPage:
        """The relationship's meetings, with their notes: for the coach and coachee, or if the coachee shared them."""
        await access.notes_of(db, relationship_id)
        stmt = db.select(CoachingMeeting).where(CoachingMeeting.relationship_id == relationship_id)
        rows, cursor = await db.page(stmt, CoachingMeeting, page)
        return schemas.MeetingPage([msgspec.convert(r, schemas.Meeting, from_attributes=True) for r in rows], cursor)

    @post("/", operation_id="CoachingCreateMeeting", responses=problems(404, 409, 422), opt=COACH_ONLY)
    async def create_meeting(
        self,
        request: Request[Any, Any, Any],
        db: Db,
        relationship_id: FromPath[UUID],
        data: JSONBody[schemas.MeetingCreate],
    ) -> Response[schemas.Meeting]:
        """Record a feedback meeting (the coach): set a new step or continue one, log rehearsal rounds,
        and set the follow-up. It counts as a `coaching.feedback_meeting` activity for coach and coachee."""
        rel = await access.relationship(db, relationship_id)
        access.ensure_coach(db, rel)
        ensure_active(rel)
        settings = settings_of(request)
        follow_up_on = data.follow_up_on or (data.held_at.date() + timedelta(days=rel.cadence_days))
        if follow_up_on < data.held_at.date():
            raise field_problem(Unprocessable, "follow_up_on", "the follow-up cannot come before the meeting")
        if data.set_step_id is not None and data.assignment_id is not None:
            raise field_problem(
                Unprocessable, "assignment_id", "give set_step_id to set a new step or assignment_id to continue one"
            )
        outcome, assignment_id = None, data.assignment_id
        if data.set_step_id is not None:
            await check_step(db, data.set_step_id)
            step = CoachingStepAssignment(
                tenant_id=db.tenant_id,
                relationship_id=rel.id,
                coachee_staff_id=rel.coachee_staff_id,
                step_id=data.set_step_id,
                status="proposed",
                evidence_drop_in_ids=[],
            )
            await activate(db, settings, step, data.held_at)
            db.session.add(step)
            outcome, assignment_id = "set", step.id
        elif data.assignment_id is not None:
            continued = await assignment_of(db, rel, data.assignment_id, "assignment_id")
            if continued.status not in IN_PROGRESS:
                raise field_problem(
                    Unprocessable,
                    "assignment_id",
                    f"the step is {continued.status}; continue only a step in progress ({', '.join(IN_PROGRESS)})",
                )
            outcome = "continued"
        activity_id = await _record(db, rel, MEETING_KIND, "Coaching feedback meeting", data.held_at, data.minutes)
        meeting = CoachingMeeting(
            tenant_id=db.tenant_id,
            relationship_id=rel.id,
            held_at=data.held_at,
            minutes=data.minutes,
            praise=data.praise,
            probe=data.probe,
            assignment_id=assignment_id,
            step_outcome=outcome,
            model_notes=data.model_notes,
            rehearsal_rounds=data.rehearsal_rounds,
            plan=data.plan,
            follow_up_on=follow_up_on,
            activity_id=activity_id,
        )
        db.session.add(meeting)
        if rel.follow_up_set_at is None or data.held_at >= rel.follow_up_set_at:
            rel.follow_up_on, rel.follow_up_set_at, rel.follow_up_alerted = follow_up_on, data.held_at, False
        await db.commit()
        return with_etag(msgspec.convert(meeting, schemas.Meeting, from_attributes=True), meeting.version, 201)


async def check_step(db: TenantScope, step_id: UUID, field: str = "set_step_id") -> None:
    item = await db.session.get(CoachingLibraryItem, step_id)
    if item is None or item.tenant_id != db.tenant_id or item.kind != "step":
        raise field_problem(Unprocessable, field, f"no action step {step_id} in this tenant's libraries")


class NoteController(Controller):
    """Single drop-ins and meetings by id."""

    path = "/coaching"

    @get("/drop-ins/{drop_in_id:uuid}", operation_id="CoachingGetDropIn", responses=problems(404))
    async def get_drop_in(self, db: Db, drop_in_id: FromPath[UUID]) -> Response[schemas.DropIn]:
        """One drop-in, with its evidence notes (coach and coachee; others if the coachee shared them)."""
        drop_in = await db.session.scalar(db.select(CoachingDropIn).where(CoachingDropIn.id == drop_in_id))
        if drop_in is None:
            raise NotFound(f"no drop-in with id {drop_in_id}")
        await access.notes_of(db, drop_in.relationship_id)
        return with_etag(msgspec.convert(drop_in, schemas.DropIn, from_attributes=True), drop_in.version)

    @get("/meetings/{meeting_id:uuid}", operation_id="CoachingGetMeeting", responses=problems(404))
    async def get_meeting(self, db: Db, meeting_id: FromPath[UUID]) -> Response[schemas.Meeting]:
        """One feedback meeting, with its notes (coach and coachee; others if the coachee shared them)."""
        meeting = await db.session.scalar(db.select(CoachingMeeting).where(CoachingMeeting.id == meeting_id))
        if meeting is None:
            raise NotFound(f"no feedback meeting with id {meeting_id}")
        await access.notes_of(db, meeting.relationship_id)
        return with_etag(msgspec.convert(meeting, schemas.Meeting, from_attributes=True), meeting.version)
