"""Step assignments: the action steps a coachee works on, and their moves towards mastery."""

from __future__ import annotations

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
    check_if_match,
    get,
    post,
    problems,
    with_etag,
)
from pl_api_coaching import access, schemas
from pl_api_coaching.cycles import COACH_ONLY, check_step
from pl_api_coaching.models import CoachingStepAssignment
from pl_api_coaching.relationships import settings_of
from pl_api_coaching.workflow import activate, ensure_active, move_step


def to_assignment(step: CoachingStepAssignment) -> schemas.Assignment:
    """A step assignment as the API shows it."""
    return msgspec.convert(step, schemas.Assignment, from_attributes=True)


async def _assignment(db: TenantScope, assignment_id: UUID) -> CoachingStepAssignment:
    step = await db.session.scalar(db.select(CoachingStepAssignment).where(CoachingStepAssignment.id == assignment_id))
    if step is None:
        raise NotFound(f"no step assignment with id {assignment_id}")
    await access.notes_of(db, step.relationship_id)
    return step


class AssignmentController(Controller):
    """The steps set in a relationship."""

    path = "/coaching/relationships/{relationship_id:uuid}/assignments"

    @get("/", operation_id="CoachingListAssignments", responses=problems(404))
    async def list_assignments(self, db: Db, page: Paging, relationship_id: FromPath[UUID]) -> schemas.AssignmentPage:
        """The relationship's steps (coach and coachee; others if the coachee shared the notes)."""
        await access.notes_of(db, relationship_id)
        stmt = db.select(CoachingStepAssignment).where(CoachingStepAssignment.relationship_id == relationship_id)
        rows, cursor = await db.page(stmt, CoachingStepAssignment, page)
        return schemas.AssignmentPage([to_assignment(r) for r in rows], cursor)

    @post("/", operation_id="CoachingCreateAssignment", responses=problems(404, 409, 422), opt=COACH_ONLY)
    async def create_assignment(
        self,
        request: Request[Any, Any, Any],
        db: Db,
        relationship_id: FromPath[UUID],
        data: JSONBody[schemas.AssignmentCreate],
    ) -> Response[schemas.Assignment]:
        """Propose a step from the library, or set it at once (`status: active`, within the coachee's limit)."""
        rel = await access.relationship(db, relationship_id)
        access.ensure_coach(db, rel)
        ensure_active(rel)
        await check_step(db, data.step_id, "step_id")
        step = CoachingStepAssignment(
            tenant_id=db.tenant_id,
            relationship_id=rel.id,
            coachee_staff_id=rel.coachee_staff_id,
            step_id=data.step_id,
            status="proposed",
            evidence_drop_in_ids=[],
        )
        if data.status == "active":
            await activate(db, settings_of(request), step)
        db.session.add(step)
        await db.commit()
        return with_etag(to_assignment(step), step.version, 201)


class AssignmentItemController(Controller):
    """One step assignment."""

    path = "/coaching/assignments/{assignment_id:uuid}"

    @get("/", operation_id="CoachingGetAssignment", responses=problems(404))
    async def get_assignment(self, db: Db, assignment_id: FromPath[UUID]) -> Response[schemas.Assignment]:
        """One step assignment."""
        step = await _assignment(db, assignment_id)
        return with_etag(to_assignment(step), step.version)

    @post(
        "/transitions",
        operation_id="CoachingMoveAssignment",
        responses=problems(404, 409, 412, 422),
        opt=COACH_ONLY,
        status_code=200,
    )
    async def move(
        self,
        request: Request[Any, Any, Any],
        db: Db,
        assignment_id: FromPath[UUID],
        data: JSONBody[schemas.AssignmentTransition],
    ) -> Response[schemas.Assignment]:
        """Move a step (the coach): practised after a rehearsal, observed after a drop-in on it, mastered
        citing drop-ins, revised, paused, or active again."""
        step = await _assignment(db, assignment_id)
        rel = await access.relationship(db, step.relationship_id)
        access.ensure_coach(db, rel)
        ensure_active(rel)
        check_if_match(request, step.version)
        await move_step(db, settings_of(request), step, data.to, data.drop_in_ids, data.revision, data.at)
        await db.commit()
        return with_etag(to_assignment(step), step.version)
