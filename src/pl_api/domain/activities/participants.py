"""``/v1/activities/{activity_id}/participants`` and ``…/feedback``."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, Request, Response, delete, get, patch, post
from litestar.params import FromPath, JSONBody

from pl_api.db.tenant_scope import TenantScope
from pl_api.domain.access import ensure_author, is_own
from pl_api.domain.activities import models, schemas
from pl_api.domain.activities.service import credited_minutes
from pl_api.domain.listing import page_response
from pl_api.domain.schemas import changes_of, to_schema
from pl_api.domain.staff.models import Staff
from pl_api.http.dependencies import Db, Paging
from pl_api.http.etag import check_if_match, with_etag
from pl_api.http.openapi import problems
from pl_api.http.problems import NotFound, Unprocessable, field_problem


async def _participation(
    db: TenantScope, activity_id: UUID, staff_id: UUID, *, write: bool = False
) -> models.Participation:
    await (db.writable if write else db.get)(models.Activity, activity_id)
    participation = await db.session.scalar(
        db.select(models.Participation).where(
            models.Participation.activity_id == activity_id, models.Participation.staff_id == staff_id
        )
    )
    if participation is None:
        raise NotFound(f"staff member {staff_id} does not take part in activity {activity_id}")
    return participation


class ParticipantController(Controller):
    """Who takes part in an activity: invited, attended or absent, and the minutes credited."""

    path = "/activities/{activity_id:uuid}/participants"
    tags = ["Activities"]
    opt = {"resource": "activities"}

    @get("/", operation_id="ListParticipants", responses=problems(404))
    async def list_participants(
        self, request: Request[Any, Any, Any], db: Db, page: Paging, activity_id: FromPath[UUID]
    ) -> Response[schemas.ParticipantPage]:
        """List an activity's participants."""
        await db.get(models.Activity, activity_id)
        stmt = db.select(models.Participation).where(models.Participation.activity_id == activity_id)
        return await page_response(request, db, stmt, models.Participation, page, schemas.ParticipantPage)

    @post("/", operation_id="AddParticipant", responses=problems(404, 409, 422))
    async def add_participant(
        self, db: Db, activity_id: FromPath[UUID], data: JSONBody[schemas.ParticipantCreate]
    ) -> Response[schemas.Participant]:
        """Add a staff member to an activity. Attended with no minutes given credits the activity's duration."""
        activity = await db.writable(models.Activity, activity_id)
        await db.require_one(Staff, data.staff_id, "staff_id")
        participation = models.Participation(
            tenant_id=db.tenant_id,
            activity_id=activity_id,
            staff_id=data.staff_id,
            status=data.status,
            minutes_credited=credited_minutes(data.status, data.minutes_credited, activity.duration_minutes),
        )
        db.session.add(participation)
        await db.commit("this staff member already takes part; change their participation instead")
        return with_etag(to_schema(participation, schemas.Participant), participation.version, 201)

    @get("/{staff_id:uuid}", operation_id="GetParticipant", responses=problems(404))
    async def get_participant(
        self, db: Db, activity_id: FromPath[UUID], staff_id: FromPath[UUID]
    ) -> Response[schemas.Participant]:
        """One staff member's participation."""
        participation = await _participation(db, activity_id, staff_id)
        return with_etag(to_schema(participation, schemas.Participant), participation.version)

    @patch("/{staff_id:uuid}", operation_id="UpdateParticipant", responses=problems(404, 412, 422))
    async def update_participant(
        self,
        request: Request[Any, Any, Any],
        db: Db,
        activity_id: FromPath[UUID],
        staff_id: FromPath[UUID],
        data: JSONBody[schemas.ParticipantUpdate],
    ) -> Response[schemas.Participant]:
        """Record attendance or change the minutes credited. Leaving `attended` sets the minutes to 0."""
        participation = await _participation(db, activity_id, staff_id, write=True)
        check_if_match(request, participation.version)
        changes = changes_of(data)
        status = changes.get("status", participation.status)
        if "minutes_credited" in changes:
            minutes: int | None = changes["minutes_credited"]
        elif status == participation.status:
            minutes = participation.minutes_credited
        else:
            minutes = None
        activity = await db.get(models.Activity, activity_id)
        participation.status = status
        participation.minutes_credited = credited_minutes(status, minutes, activity.duration_minutes)
        await db.commit()
        return with_etag(to_schema(participation, schemas.Participant), participation.version)

    @delete("/{staff_id:uuid}", operation_id="RemoveParticipant", responses=problems(404, 412))
    async def remove_participant(
        self, request: Request[Any, Any, Any], db: Db, activity_id: FromPath[UUID], staff_id: FromPath[UUID]
    ) -> None:
        """Take a staff member off an activity."""
        participation = await _participation(db, activity_id, staff_id, write=True)
        check_if_match(request, participation.version)
        await db.delete(participation, "the participation is still referred to")


class FeedbackController(Controller):
    """Participants' evaluations of an activity: Guskey's levels 1 (reactions) and 2 (learning)."""

    path = "/activities/{activity_id:uuid}/feedback"
    tags = ["Activities"]
    opt = {"resource": "activities"}

    @get("/", operation_id="ListFeedback", responses=problems(404))
    async def list_feedback(
        self, request: Request[Any, Any, Any], db: Db, page: Paging, activity_id: FromPath[UUID]
    ) -> Response[schemas.FeedbackPage]:
        """List the feedback on an activity."""
        await db.get(models.Activity, activity_id)
        stmt = db.select(models.Feedback).where(models.Feedback.activity_id == activity_id)
        return await page_response(request, db, stmt, models.Feedback, page, schemas.FeedbackPage)

    @post(
        "/",
        operation_id="CreateFeedback",
        responses=problems(404, 409, 422),
        opt={"own": "their own, on activities they attended", "permission": ""},
    )
    async def create_feedback(
        self, db: Db, activity_id: FromPath[UUID], data: JSONBody[schemas.FeedbackCreate]
    ) -> Response[schemas.Feedback]:
        """Give feedback on an activity the staff member attended; once each. A user gives only their own."""
        await db.get(models.Activity, activity_id)
        ensure_author(db, data.staff_id, "feedback")
        attended = await db.session.scalar(
            db.select(models.Participation).where(
                models.Participation.activity_id == activity_id,
                models.Participation.staff_id == data.staff_id,
                models.Participation.status == "attended",
            )
        )
        if attended is None:
            raise field_problem(Unprocessable, "staff_id", "only a participant who attended can give feedback")
        feedback = models.Feedback(tenant_id=db.tenant_id, activity_id=activity_id, **changes_of(data))
        db.session.add(feedback)
        await db.commit("this staff member has already given feedback on this activity")
        return with_etag(to_schema(feedback, schemas.Feedback), feedback.version, 201)

    @get("/{feedback_id:uuid}", operation_id="GetFeedback", responses=problems(404))
    async def get_feedback(
        self, db: Db, activity_id: FromPath[UUID], feedback_id: FromPath[UUID]
    ) -> Response[schemas.Feedback]:
        """One piece of feedback."""
        feedback = await db.get(models.Feedback, feedback_id)
        if feedback.activity_id != activity_id:
            raise NotFound(f"no feedback with id {feedback_id} on activity {activity_id}")
        return with_etag(to_schema(feedback, schemas.Feedback), feedback.version)

    @delete(
        "/{feedback_id:uuid}",
        operation_id="DeleteFeedback",
        responses=problems(404, 412),
        opt={"own": "their own"},
    )
    async def delete_feedback(
        self, request: Request[Any, Any, Any], db: Db, activity_id: FromPath[UUID], feedback_id: FromPath[UUID]
    ) -> None:
        """Withdraw a piece of feedback: its author, or whoever may change the activity."""
        feedback = await db.get(models.Feedback, feedback_id)
        if feedback.activity_id != activity_id:
            raise NotFound(f"no feedback with id {feedback_id} on activity {activity_id}")
        if not is_own(db, feedback.staff_id):
            await db.writable(models.Activity, activity_id)
        check_if_match(request, feedback.version)
        await db.delete(feedback, "the feedback is still referred to")
