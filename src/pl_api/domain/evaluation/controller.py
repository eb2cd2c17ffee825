"""``/v1/evaluation-plans`` and ``…/{plan_id}/follow-ups``."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import msgspec
from litestar import Controller, Request, Response, delete, get, patch, post
from litestar.params import FromPath, FromQuery, JSONBody

from pl_api.db.tenant_scope import TenantScope
from pl_api.domain.activities.models import Activity
from pl_api.domain.evaluation import models, schemas
from pl_api.domain.listing import filter_updated_since, page_response, where_given
from pl_api.domain.priorities.models import Priority
from pl_api.domain.schemas import apply_changes, changes_of, to_schema
from pl_api.http.dependencies import Db, Paging, TimestampQuery
from pl_api.http.etag import check_if_match, with_etag
from pl_api.http.openapi import problems
from pl_api.http.problems import NotFound, Unprocessable, field_problem

ONE_PLAN = "this activity or priority already has an evaluation plan; change that one instead"


def _plan_schema(plan: models.EvaluationPlan) -> schemas.EvaluationPlan:
    return to_schema(plan, schemas.EvaluationPlan)


async def plan_school(db: TenantScope, plan: models.EvaluationPlan) -> UUID | None:
    """The school of the activity or priority a plan evaluates (None: trust-wide)."""
    target: Activity | Priority
    if plan.activity_id is not None:
        target = await db.get(Activity, plan.activity_id)
    else:
        target = await db.get(Priority, plan.priority_id)  # type: ignore[arg-type]
    return target.school_id


async def writable_plan(db: TenantScope, plan_id: UUID) -> models.EvaluationPlan:
    """A plan the caller may change: ``evaluation.write`` for the school of what it evaluates."""
    plan = await db.get(models.EvaluationPlan, plan_id)
    db.authorize(await plan_school(db, plan))
    return plan


class EvaluationPlanController(Controller):
    """Evaluation plans by Guskey's five levels, for an activity or for a priority's programme of work."""

    path = "/evaluation-plans"
    tags = ["Evaluation"]
    opt = {"resource": "evaluation"}

    @get("/", operation_id="ListEvaluationPlans", responses=problems())
    async def list_plans(
        self,
        request: Request[Any, Any, Any],
        db: Db,
        page: Paging,
        activity_id: FromQuery[UUID | None] = None,
        priority_id: FromQuery[UUID | None] = None,
        updated_since: TimestampQuery = None,
    ) -> Response[schemas.EvaluationPlanPage]:
        """List evaluation plans, oldest first."""
        model = models.EvaluationPlan
        stmt = where_given(db.select(model), [(model.activity_id, activity_id), (model.priority_id, priority_id)])
        stmt = filter_updated_since(stmt, model, updated_since)
        return await page_response(request, db, stmt, model, page, schemas.EvaluationPlanPage)

    @post("/", operation_id="CreateEvaluationPlan", responses=problems(409, 422))
    async def create_plan(
        self, db: Db, data: JSONBody[schemas.EvaluationPlanCreate]
    ) -> Response[schemas.EvaluationPlan]:
        """Plan the evaluation of one activity or of one priority (each has at most one plan)."""
        if (data.activity_id is None) == (data.priority_id is None):
            raise field_problem(Unprocessable, "activity_id", "give exactly one of `activity_id` or `priority_id`")
        await db.require_one(Activity, data.activity_id, "activity_id")
        await db.require_one(Priority, data.priority_id, "priority_id")
        plan = models.EvaluationPlan(
            tenant_id=db.tenant_id,
            activity_id=data.activity_id,
            priority_id=data.priority_id,
            summary=data.summary,
            measures=msgspec.to_builtins(data.measures),
        )
        db.authorize(await plan_school(db, plan))
        db.session.add(plan)
        await db.commit(ONE_PLAN)
        return with_etag(_plan_schema(plan), plan.version, 201)

    @get("/{plan_id:uuid}", operation_id="GetEvaluationPlan", responses=problems(404))
    async def get_plan(self, db: Db, plan_id: FromPath[UUID]) -> Response[schemas.EvaluationPlan]:
        """One evaluation plan."""
        plan = await db.get(models.EvaluationPlan, plan_id)
        return with_etag(_plan_schema(plan), plan.version)

    @patch("/{plan_id:uuid}", operation_id="UpdateEvaluationPlan", responses=problems(404, 412, 422))
    async def update_plan(
        self,
        request: Request[Any, Any, Any],
        db: Db,
        plan_id: FromPath[UUID],
        data: JSONBody[schemas.EvaluationPlanUpdate],
    ) -> Response[schemas.EvaluationPlan]:
        """Change a plan's summary or measures."""
        plan = await writable_plan(db, plan_id)
        check_if_match(request, plan.version)
        changes = changes_of(data)
        if "measures" in changes:
            changes["measures"] = msgspec.to_builtins(changes["measures"])
        apply_changes(plan, changes)
        await db.commit()
        return with_etag(_plan_schema(plan), plan.version)

    @delete("/{plan_id:uuid}", operation_id="DeleteEvaluationPlan", responses=problems(404, 412))
    async def delete_plan(self, request: Request[Any, Any, Any], db: Db, plan_id: FromPath[UUID]) -> None:
        """Delete a plan and its follow-ups."""
        plan = await writable_plan(db, plan_id)
        check_if_match(request, plan.version)
        await db.delete(plan, "the plan is still referred to")


async def _follow_up(db: TenantScope, plan_id: UUID, follow_up_id: UUID) -> models.EvaluationFollowUp:
    follow_up = await db.get(models.EvaluationFollowUp, follow_up_id)
    if follow_up.plan_id != plan_id:
        raise NotFound(f"no follow-up with id {follow_up_id} on evaluation plan {plan_id}")
    return follow_up


class FollowUpController(Controller):
    """Evidence gathered at Guskey's levels 3 to 5 for a plan (levels 1 and 2 come from feedback)."""

    path = "/evaluation-plans/{plan_id:uuid}/follow-ups"
    tags = ["Evaluation"]
    opt = {"resource": "evaluation"}

    @get("/", operation_id="ListFollowUps", responses=problems(404))
    async def list_follow_ups(
        self, request: Request[Any, Any, Any], db: Db, page: Paging, plan_id: FromPath[UUID]
    ) -> Response[schemas.FollowUpPage]:
        """List a plan's follow-ups, oldest first."""
        await db.get(models.EvaluationPlan, plan_id)
        model = models.EvaluationFollowUp
        stmt = db.select(model).where(model.plan_id == plan_id)
        return await page_response(request, db, stmt, model, page, schemas.FollowUpPage)

    @post("/", operation_id="CreateFollowUp", responses=problems(404, 422))
    async def create_follow_up(
        self, db: Db, plan_id: FromPath[UUID], data: JSONBody[schemas.FollowUpCreate]
    ) -> Response[schemas.FollowUp]:
        """Record evidence at level 3, 4 or 5."""
        await writable_plan(db, plan_id)
        follow_up = models.EvaluationFollowUp(tenant_id=db.tenant_id, plan_id=plan_id, **changes_of(data))
        db.session.add(follow_up)
        await db.commit()
        return with_etag(to_schema(follow_up, schemas.FollowUp), follow_up.version, 201)

    @get("/{follow_up_id:uuid}", operation_id="GetFollowUp", responses=problems(404))
    async def get_follow_up(
        self, db: Db, plan_id: FromPath[UUID], follow_up_id: FromPath[UUID]
    ) -> Response[schemas.FollowUp]:
        """One follow-up."""
        await db.get(models.EvaluationPlan, plan_id)
        follow_up = await _follow_up(db, plan_id, follow_up_id)
        return with_etag(to_schema(follow_up, schemas.FollowUp), follow_up.version)

    @patch("/{follow_up_id:uuid}", operation_id="UpdateFollowUp", responses=problems(404, 412, 422))
    async def update_follow_up(
        self,
        request: Request[Any, Any, Any],
        db: Db,
        plan_id: FromPath[UUID],
        follow_up_id: FromPath[UUID],
        data: JSONBody[schemas.FollowUpUpdate],
    ) -> Response[schemas.FollowUp]:
        """Change a follow-up."""
        await writable_plan(db, plan_id)
        follow_up = await _follow_up(db, plan_id, follow_up_id)
        check_if_match(request, follow_up.version)
        apply_changes(follow_up, changes_of(data))
        await db.commit()
        return with_etag(to_schema(follow_up, schemas.FollowUp), follow_up.version)

    @delete("/{follow_up_id:uuid}", operation_id="DeleteFollowUp", responses=problems(404, 412))
    async def delete_follow_up(
        self, request: Request[Any, Any, Any], db: Db, plan_id: FromPath[UUID], follow_up_id: FromPath[UUID]
    ) -> None:
        """Delete a follow-up."""
        await writable_plan(db, plan_id)
        follow_up = await _follow_up(db, plan_id, follow_up_id)
        check_if_match(request, follow_up.version)
        await db.delete(follow_up, "the follow-up is still referred to")
