"""``/v1/reflections``."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, Request, Response, delete, get, patch, post
from litestar.params import FromPath, FromQuery, JSONBody

from pl_api.db.base import utcnow
from pl_api.db.tenant_scope import TenantScope
from pl_api.domain.access import ensure_author
from pl_api.domain.activities.models import Activity
from pl_api.domain.goals.models import Goal
from pl_api.domain.listing import filter_updated_since, page_response, where_given
from pl_api.domain.reflections import models, schemas
from pl_api.domain.schemas import apply_changes, changes_of, to_schema
from pl_api.domain.staff.models import Staff
from pl_api.http.dependencies import Db, Paging, TimestampQuery
from pl_api.http.etag import check_if_match, with_etag
from pl_api.http.openapi import problems
from pl_api.http.problems import Unprocessable, field_problem


async def _check_links(db: TenantScope, staff_id: UUID, activity_id: UUID | None, goal_id: UUID | None) -> None:
    await db.require_one(Activity, activity_id, "activity_id")
    if goal_id is not None:
        goal = await db.session.scalar(db.select(Goal).where(Goal.id == goal_id))
        if goal is None or goal.staff_id != staff_id:
            raise field_problem(Unprocessable, "goal_id", f"no goal with id {goal_id} belongs to this staff member")


READ_RULE = "their own, and others' as their authors shared them (see below)"
WRITE_RULE = "their own only"


class ReflectionController(Controller):
    """Reflections: a staff member's journal. Private by default; others see one only as its author
    shared it (see docs/permissions.md), and only its author changes it."""

    path = "/reflections"
    tags = ["Reflections"]
    opt = {"resource": "reflections", "permission": ""}

    @get("/", operation_id="ListReflections", responses=problems(), opt={"own": READ_RULE})
    async def list_reflections(
        self,
        request: Request[Any, Any, Any],
        db: Db,
        page: Paging,
        staff_id: FromQuery[UUID | None] = None,
        activity_id: FromQuery[UUID | None] = None,
        goal_id: FromQuery[UUID | None] = None,
        visibility: FromQuery[schemas.Visibility | None] = None,
        updated_since: TimestampQuery = None,
    ) -> Response[schemas.ReflectionPage]:
        """List the reflections you may see, oldest first."""
        model = models.Reflection
        filters = [
            (model.staff_id, staff_id),
            (model.activity_id, activity_id),
            (model.goal_id, goal_id),
            (model.visibility, visibility),
        ]
        stmt = where_given(db.select(model), filters)
        stmt = filter_updated_since(stmt, model, updated_since)
        return await page_response(request, db, stmt, model, page, schemas.ReflectionPage)

    @post("/", operation_id="CreateReflection", responses=problems(422), opt={"own": WRITE_RULE})
    async def create_reflection(self, db: Db, data: JSONBody[schemas.ReflectionCreate]) -> Response[schemas.Reflection]:
        """Write a reflection: a user writes their own; an integration client, one for a staff member."""
        await db.require_one(Staff, data.staff_id, "staff_id")
        ensure_author(db, data.staff_id, "reflections")
        await _check_links(db, data.staff_id, data.activity_id, data.goal_id)
        changes = changes_of(data)
        changes["written_at"] = data.written_at or utcnow()
        reflection = models.Reflection(tenant_id=db.tenant_id, **changes)
        db.session.add(reflection)
        await db.commit()
        return with_etag(to_schema(reflection, schemas.Reflection), reflection.version, 201)

    @get("/{reflection_id:uuid}", operation_id="GetReflection", responses=problems(404), opt={"own": READ_RULE})
    async def get_reflection(self, db: Db, reflection_id: FromPath[UUID]) -> Response[schemas.Reflection]:
        """One reflection, if you may see it."""
        reflection = await db.get(models.Reflection, reflection_id)
        return with_etag(to_schema(reflection, schemas.Reflection), reflection.version)

    @patch(
        "/{reflection_id:uuid}",
        operation_id="UpdateReflection",
        responses=problems(404, 412, 422),
        opt={"own": WRITE_RULE},
    )
    async def update_reflection(
        self,
        request: Request[Any, Any, Any],
        db: Db,
        reflection_id: FromPath[UUID],
        data: JSONBody[schemas.ReflectionUpdate],
    ) -> Response[schemas.Reflection]:
        """Change your reflection."""
        reflection = await db.get(models.Reflection, reflection_id)
        ensure_author(db, reflection.staff_id, "reflections")
        check_if_match(request, reflection.version)
        changes = changes_of(data)
        await _check_links(db, reflection.staff_id, changes.get("activity_id"), changes.get("goal_id"))
        apply_changes(reflection, changes)
        await db.commit()
        return with_etag(to_schema(reflection, schemas.Reflection), reflection.version)

    @delete(
        "/{reflection_id:uuid}", operation_id="DeleteReflection", responses=problems(404, 412), opt={"own": WRITE_RULE}
    )
    async def delete_reflection(self, request: Request[Any, Any, Any], db: Db, reflection_id: FromPath[UUID]) -> None:
        """Delete your reflection."""
        reflection = await db.get(models.Reflection, reflection_id)
        ensure_author(db, reflection.staff_id, "reflections")
        check_if_match(request, reflection.version)
        await db.delete(reflection, "the reflection is still referred to")
