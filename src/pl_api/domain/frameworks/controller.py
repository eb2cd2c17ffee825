"""``/v1/frameworks`` and ``/v1/frameworks/{framework_id}/elements``."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any
from uuid import UUID

from litestar import Controller, Request, Response, delete, get, patch, post
from litestar.params import FromPath, JSONBody
from sqlalchemy import exists, or_, select

from pl_api.db.tenant_scope import TenantScope
from pl_api.domain.activities.models import ActivityElement
from pl_api.domain.frameworks import models, schemas
from pl_api.domain.goals.models import GoalElement
from pl_api.domain.listing import filter_updated_since, page_response
from pl_api.domain.priorities.models import PriorityElement
from pl_api.domain.schemas import apply_changes, changes_of, to_schema
from pl_api.http.dependencies import Db, Paging, TimestampQuery
from pl_api.http.etag import check_if_match, with_etag
from pl_api.http.openapi import problems
from pl_api.http.problems import Conflict, NotFound, Unprocessable, field_problem

DUPLICATE_CODE = "another element of this framework has that code"


async def _refuse_if_linked(db: TenantScope, element_ids: Collection[UUID], what: str) -> None:
    """409 while a priority, goal or activity still refers to any of the elements."""
    if not element_ids:
        return
    linked = await db.session.scalar(
        select(
            or_(
                *(
                    exists().where(link.tenant_id == db.tenant_id, link.element_id.in_(element_ids))
                    for link in (PriorityElement, GoalElement, ActivityElement)
                )
            )
        )
    )
    if linked:
        raise Conflict(f"{what} is still linked from priorities, goals or activities; unlink it first")


async def _element(db: TenantScope, framework_id: UUID, element_id: UUID) -> models.FrameworkElement:
    element = await db.get(models.FrameworkElement, element_id)
    if element.framework_id != framework_id:
        raise NotFound(f"no element with id {element_id} in framework {framework_id}")
    return element


async def _check_parent(db: TenantScope, element: models.FrameworkElement, parent_id: UUID | None) -> None:
    """The parent is an element of the same framework and not the element itself or below it."""
    seen = {element.id}
    current = parent_id
    while current is not None:
        if current in seen:
            raise field_problem(Unprocessable, "parent_id", "would make the element its own ancestor")
        parent = await db.session.scalar(
            db.select(models.FrameworkElement).where(models.FrameworkElement.id == current)
        )
        if parent is None or parent.framework_id != element.framework_id:
            raise field_problem(Unprocessable, "parent_id", f"no element with id {current} in this framework")
        seen.add(current)
        current = parent.parent_id


class FrameworkController(Controller):
    """Frameworks of effective teaching."""

    path = "/frameworks"
    tags = ["Frameworks"]
    opt = {"resource": "frameworks"}

    @get("/", operation_id="ListFrameworks", responses=problems())
    async def list_frameworks(
        self, request: Request[Any, Any, Any], db: Db, page: Paging, updated_since: TimestampQuery = None
    ) -> Response[schemas.FrameworkPage]:
        """List frameworks, oldest first."""
        stmt = filter_updated_since(db.select(models.Framework), models.Framework, updated_since)
        return await page_response(request, db, stmt, models.Framework, page, schemas.FrameworkPage)

    @post("/", operation_id="CreateFramework", responses=problems())
    async def create_framework(self, db: Db, data: JSONBody[schemas.FrameworkCreate]) -> Response[schemas.Framework]:
        """Add a framework."""
        framework = models.Framework(tenant_id=db.tenant_id, **changes_of(data))
        db.authorize(None)  # frameworks belong to no school
        db.session.add(framework)
        await db.commit()
        return with_etag(to_schema(framework, schemas.Framework), framework.version, 201)

    @get("/{framework_id:uuid}", operation_id="GetFramework", responses=problems(404))
    async def get_framework(self, db: Db, framework_id: FromPath[UUID]) -> Response[schemas.Framework]:
        """One framework."""
        framework = await db.get(models.Framework, framework_id)
        return with_etag(to_schema(framework, schemas.Framework), framework.version)

    @patch("/{framework_id:uuid}", operation_id="UpdateFramework", responses=problems(404, 412))
    async def update_framework(
        self,
        request: Request[Any, Any, Any],
        db: Db,
        framework_id: FromPath[UUID],
        data: JSONBody[schemas.FrameworkUpdate],
    ) -> Response[schemas.Framework]:
        """Change a framework."""
        framework = await db.writable(models.Framework, framework_id)
        check_if_match(request, framework.version)
        apply_changes(framework, changes_of(data))
        await db.commit()
        return with_etag(to_schema(framework, schemas.Framework), framework.version)

    @delete("/{framework_id:uuid}", operation_id="DeleteFramework", responses=problems(404, 409, 412))
    async def delete_framework(self, request: Request[Any, Any, Any], db: Db, framework_id: FromPath[UUID]) -> None:
        """Delete a framework and its elements, unless priorities, goals or activities still refer to them."""
        framework = await db.writable(models.Framework, framework_id)
        check_if_match(request, framework.version)
        element_ids = list(
            await db.session.scalars(
                select(models.FrameworkElement.id).where(models.FrameworkElement.framework_id == framework_id)
            )
        )
        await _refuse_if_linked(db, element_ids, "an element of this framework")
        await db.delete(framework, "the framework is still referred to")


class FrameworkElementController(Controller):
    """The elements of a framework, as a tree."""

    path = "/frameworks/{framework_id:uuid}/elements"
    tags = ["Frameworks"]
    opt = {"resource": "frameworks"}

    @get("/", operation_id="ListFrameworkElements", responses=problems(404))
    async def list_elements(
        self, request: Request[Any, Any, Any], db: Db, page: Paging, framework_id: FromPath[UUID]
    ) -> Response[schemas.FrameworkElementPage]:
        """List a framework's elements by id; build the tree from `parent_id`, order siblings by `position`."""
        await db.get(models.Framework, framework_id)
        stmt = db.select(models.FrameworkElement).where(models.FrameworkElement.framework_id == framework_id)
        return await page_response(request, db, stmt, models.FrameworkElement, page, schemas.FrameworkElementPage)

    @post("/", operation_id="CreateFrameworkElement", responses=problems(404, 409, 422))
    async def create_element(
        self, db: Db, framework_id: FromPath[UUID], data: JSONBody[schemas.FrameworkElementCreate]
    ) -> Response[schemas.FrameworkElement]:
        """Add an element to a framework."""
        await db.writable(models.Framework, framework_id)
        element = models.FrameworkElement(tenant_id=db.tenant_id, framework_id=framework_id, **changes_of(data))
        await _check_parent(db, element, element.parent_id)
        db.session.add(element)
        await db.commit(DUPLICATE_CODE)
        return with_etag(to_schema(element, schemas.FrameworkElement), element.version, 201)

    @get("/{element_id:uuid}", operation_id="GetFrameworkElement", responses=problems(404))
    async def get_element(
        self, db: Db, framework_id: FromPath[UUID], element_id: FromPath[UUID]
    ) -> Response[schemas.FrameworkElement]:
        """One element."""
        element = await _element(db, framework_id, element_id)
        return with_etag(to_schema(element, schemas.FrameworkElement), element.version)

    @patch("/{element_id:uuid}", operation_id="UpdateFrameworkElement", responses=problems(404, 409, 412, 422))
    async def update_element(
        self,
        request: Request[Any, Any, Any],
        db: Db,
        framework_id: FromPath[UUID],
        element_id: FromPath[UUID],
        data: JSONBody[schemas.FrameworkElementUpdate],
    ) -> Response[schemas.FrameworkElement]:
        """Change an element; moving it under another parent must not make a cycle."""
        element = await _element(db, framework_id, element_id)
        db.authorize(None)  # frameworks belong to no school
        check_if_match(request, element.version)
        changes = changes_of(data)
        if "parent_id" in changes:
            await _check_parent(db, element, changes["parent_id"])
        apply_changes(element, changes)
        await db.commit(DUPLICATE_CODE)
        return with_etag(to_schema(element, schemas.FrameworkElement), element.version)

    @delete("/{element_id:uuid}", operation_id="DeleteFrameworkElement", responses=problems(404, 409, 412))
    async def delete_element(
        self, request: Request[Any, Any, Any], db: Db, framework_id: FromPath[UUID], element_id: FromPath[UUID]
    ) -> None:
        """Delete an element that has no children and that nothing links to."""
        element = await _element(db, framework_id, element_id)
        db.authorize(None)  # frameworks belong to no school
        check_if_match(request, element.version)
        await _refuse_if_linked(db, [element_id], "the element")
        has_children = await db.session.scalar(select(exists().where(models.FrameworkElement.parent_id == element_id)))
        if has_children:
            raise Conflict("the element has children; delete or move them first")
        await db.delete(element, "the element is still referred to")
