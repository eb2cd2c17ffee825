"""``/v1/goals``."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, Request, Response, delete, get, patch, post
from litestar.params import FromPath, FromQuery, JSONBody

from pl_api.db.tenant_scope import TenantScope
from pl_api.domain.access import ensure_may_act_for
from pl_api.domain.frameworks.models import FrameworkElement
from pl_api.domain.goals import models, schemas
from pl_api.domain.links import build_links
from pl_api.domain.listing import filter_updated_since, page_response, where_given
from pl_api.domain.schemas import apply_changes, changes_of, to_schema
from pl_api.domain.staff.models import Staff
from pl_api.http.dependencies import Db, Paging, TimestampQuery
from pl_api.http.etag import check_if_match, with_etag
from pl_api.http.openapi import problems
from pl_api.http.problems import Unprocessable, field_problem


async def _apply(db: TenantScope, goal: models.Goal, changes: dict[str, Any]) -> None:
    if "element_ids" in changes:
        changes["element_links"] = await build_links(
            db,
            FrameworkElement,
            changes.pop("element_ids"),
            "element_ids",
            lambda i: models.GoalElement(tenant_id=db.tenant_id, goal_id=goal.id, element_id=i),
        )
    apply_changes(goal, changes)
    if goal.starts_on and goal.review_on and goal.review_on < goal.starts_on:
        raise field_problem(Unprocessable, "review_on", "must not be before starts_on")


class GoalController(Controller):
    """Goals: each staff member's chosen focus, with review dates."""

    path = "/goals"
    tags = ["Goals"]
    opt = {"resource": "goals", "own": "their own"}

    @get("/", operation_id="ListGoals", responses=problems())
    async def list_goals(
        self,
        request: Request[Any, Any, Any],
        db: Db,
        page: Paging,
        staff_id: FromQuery[UUID | None] = None,
        status: FromQuery[schemas.GoalStatus | None] = None,
        updated_since: TimestampQuery = None,
    ) -> Response[schemas.GoalPage]:
        """List the goals you may see, oldest first."""
        goal = models.Goal
        stmt = where_given(db.select(goal), [(goal.staff_id, staff_id), (goal.status, status)])
        stmt = filter_updated_since(stmt, goal, updated_since)
        return await page_response(request, db, stmt, goal, page, schemas.GoalPage)

    @post("/", operation_id="CreateGoal", responses=problems(422))
    async def create_goal(self, db: Db, data: JSONBody[schemas.GoalCreate]) -> Response[schemas.Goal]:
        """Set a goal for a staff member: yourself, or staff of a school where you hold `goals.write`."""
        await db.require_one(Staff, data.staff_id, "staff_id")
        await ensure_may_act_for(db, data.staff_id, "goals.write", "goals")
        goal = models.Goal(tenant_id=db.tenant_id, staff_id=data.staff_id)
        changes = changes_of(data)
        changes.pop("staff_id")
        await _apply(db, goal, changes)
        db.session.add(goal)
        await db.commit()
        return with_etag(to_schema(goal, schemas.Goal), goal.version, 201)

    @get("/{goal_id:uuid}", operation_id="GetGoal", responses=problems(404))
    async def get_goal(self, db: Db, goal_id: FromPath[UUID]) -> Response[schemas.Goal]:
        """One goal."""
        goal = await db.get(models.Goal, goal_id)
        return with_etag(to_schema(goal, schemas.Goal), goal.version)

    @patch("/{goal_id:uuid}", operation_id="UpdateGoal", responses=problems(404, 412, 422))
    async def update_goal(
        self, request: Request[Any, Any, Any], db: Db, goal_id: FromPath[UUID], data: JSONBody[schemas.GoalUpdate]
    ) -> Response[schemas.Goal]:
        """Change a goal."""
        goal = await db.get(models.Goal, goal_id)
        await ensure_may_act_for(db, goal.staff_id, "goals.write", "goals")
        check_if_match(request, goal.version)
        await _apply(db, goal, changes_of(data))
        await db.commit()
        return with_etag(to_schema(goal, schemas.Goal), goal.version)

    @delete("/{goal_id:uuid}", operation_id="DeleteGoal", responses=problems(404, 412))
    async def delete_goal(self, request: Request[Any, Any, Any], db: Db, goal_id: FromPath[UUID]) -> None:
        """Delete a goal (reflections that named it keep their text)."""
        goal = await db.get(models.Goal, goal_id)
        await ensure_may_act_for(db, goal.staff_id, "goals.write", "goals")
        check_if_match(request, goal.version)
        await db.delete(goal, "the goal is still referred to")
