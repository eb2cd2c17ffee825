"""``/v1/priorities``."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from litestar import Controller, Request, Response, delete, get, patch, post
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter

from pl_api.db.tenant_scope import TenantScope
from pl_api.domain.frameworks.models import FrameworkElement
from pl_api.domain.links import build_links
from pl_api.domain.listing import filter_updated_since, page_response, where_given
from pl_api.domain.priorities import models, schemas
from pl_api.domain.schemas import apply_changes, changes_of, to_schema
from pl_api.domain.schools.models import School
from pl_api.domain.staff.models import Staff
from pl_api.domain.types import ACADEMIC_YEAR_PATTERN, check_academic_year
from pl_api.http.dependencies import Db, Paging, TimestampQuery
from pl_api.http.etag import check_if_match, with_etag
from pl_api.http.openapi import problems
from pl_api.http.problems import Unprocessable, field_problem


async def _apply(db: TenantScope, priority: models.Priority, changes: dict[str, Any]) -> None:
    try:
        check_academic_year(changes.get("academic_year"))
    except ValueError as exc:
        raise field_problem(Unprocessable, "academic_year", str(exc)) from exc
    await db.require_one(School, changes.get("school_id"), "school_id")
    await db.require_one(Staff, changes.get("owner_staff_id"), "owner_staff_id")
    if "evidence_sources" in changes:
        changes["evidence_sources"] = sorted(set(changes["evidence_sources"]))
    if "element_ids" in changes:
        changes["element_links"] = await build_links(
            db,
            FrameworkElement,
            changes.pop("element_ids"),
            "element_ids",
            lambda i: models.PriorityElement(tenant_id=db.tenant_id, priority_id=priority.id, element_id=i),
        )
    apply_changes(priority, changes)
    db.authorize(priority.school_id)


class PriorityController(Controller):
    """School-improvement priorities: why (the evidence), which framework elements, who owns them."""

    path = "/priorities"
    tags = ["Priorities"]
    opt = {"resource": "priorities"}

    @get("/", operation_id="ListPriorities", responses=problems())
    async def list_priorities(
        self,
        request: Request[Any, Any, Any],
        db: Db,
        page: Paging,
        school_id: FromQuery[UUID | None] = None,
        academic_year: Annotated[str | None, QueryParameter(pattern=ACADEMIC_YEAR_PATTERN)] = None,
        status: FromQuery[schemas.PriorityStatus | None] = None,
        updated_since: TimestampQuery = None,
    ) -> Response[schemas.PriorityPage]:
        """List priorities, oldest first."""
        model = models.Priority
        filters = [(model.school_id, school_id), (model.academic_year, academic_year), (model.status, status)]
        stmt = filter_updated_since(where_given(db.select(model), filters), model, updated_since)
        return await page_response(request, db, stmt, model, page, schemas.PriorityPage)

    @post("/", operation_id="CreatePriority", responses=problems(422))
    async def create_priority(self, db: Db, data: JSONBody[schemas.PriorityCreate]) -> Response[schemas.Priority]:
        """Add a priority."""
        priority = models.Priority(tenant_id=db.tenant_id)
        await _apply(db, priority, changes_of(data))
        db.session.add(priority)
        await db.commit()
        return with_etag(to_schema(priority, schemas.Priority), priority.version, 201)

    @get("/{priority_id:uuid}", operation_id="GetPriority", responses=problems(404))
    async def get_priority(self, db: Db, priority_id: FromPath[UUID]) -> Response[schemas.Priority]:
        """One priority."""
        priority = await db.get(models.Priority, priority_id)
        return with_etag(to_schema(priority, schemas.Priority), priority.version)

    @patch("/{priority_id:uuid}", operation_id="UpdatePriority", responses=problems(404, 412, 422))
    async def update_priority(
        self,
        request: Request[Any, Any, Any],
        db: Db,
        priority_id: FromPath[UUID],
        data: JSONBody[schemas.PriorityUpdate],
    ) -> Response[schemas.Priority]:
        """Change a priority."""
        priority = await db.writable(models.Priority, priority_id)
        check_if_match(request, priority.version)
        await _apply(db, priority, changes_of(data))
        await db.commit()
        return with_etag(to_schema(priority, schemas.Priority), priority.version)

    @delete("/{priority_id:uuid}", operation_id="DeletePriority", responses=problems(404, 412))
    async def delete_priority(self, request: Request[Any, Any, Any], db: Db, priority_id: FromPath[UUID]) -> None:
        """Delete a priority; activities that served it no longer list it."""
        priority = await db.writable(models.Priority, priority_id)
        check_if_match(request, priority.version)
        await db.delete(priority, "the priority is still referred to")
