"""``/v1/schools``."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from litestar import Controller, Request, Response, delete, get, patch, post
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter

from pl_api.domain.listing import filter_updated_since, page_response, where_given
from pl_api.domain.schemas import apply_changes, changes_of, to_schema
from pl_api.domain.schools import models, schemas
from pl_api.domain.types import URN_PATTERN, check_pair
from pl_api.http.dependencies import Db, Paging, TimestampQuery
from pl_api.http.etag import check_if_match, with_etag
from pl_api.http.openapi import problems

DUPLICATE = "a school with this URN or (source, external_id) already exists in your tenant"


class SchoolController(Controller):
    """Schools of the caller's tenant."""

    path = "/schools"
    tags = ["Schools"]
    opt = {"resource": "schools"}

    @get("/", operation_id="ListSchools", responses=problems())
    async def list_schools(
        self,
        request: Request[Any, Any, Any],
        db: Db,
        page: Paging,
        status: FromQuery[schemas.SchoolStatus | None] = None,
        urn: Annotated[str | None, QueryParameter(pattern=URN_PATTERN, description="Six digits")] = None,
        updated_since: TimestampQuery = None,
    ) -> Response[schemas.SchoolPage]:
        """List schools, oldest first."""
        school = models.School
        stmt = where_given(db.select(school), [(school.status, status), (school.urn, urn)])
        stmt = filter_updated_since(stmt, school, updated_since)
        return await page_response(request, db, stmt, school, page, schemas.SchoolPage)

    @post("/", operation_id="CreateSchool", responses=problems(409, 422))
    async def create_school(self, db: Db, data: JSONBody[schemas.SchoolCreate]) -> Response[schemas.School]:
        """Add a school."""
        check_pair(data.source, data.external_id)
        db.authorize(None)
        school = models.School(tenant_id=db.tenant_id, **changes_of(data))
        db.session.add(school)
        await db.commit(DUPLICATE)
        return with_etag(to_schema(school, schemas.School), school.version, 201)

    @get("/{school_id:uuid}", operation_id="GetSchool", responses=problems(404))
    async def get_school(self, db: Db, school_id: FromPath[UUID]) -> Response[schemas.School]:
        """One school."""
        school = await db.get(models.School, school_id)
        return with_etag(to_schema(school, schemas.School), school.version)

    @patch("/{school_id:uuid}", operation_id="UpdateSchool", responses=problems(404, 409, 412))
    async def update_school(
        self, request: Request[Any, Any, Any], db: Db, school_id: FromPath[UUID], data: JSONBody[schemas.SchoolUpdate]
    ) -> Response[schemas.School]:
        """Change a school. Send `If-Match` with the ETag you read to avoid overwriting someone else's change."""
        school = await db.writable(models.School, school_id)
        check_if_match(request, school.version)
        apply_changes(school, changes_of(data))
        await db.commit(DUPLICATE)
        return with_etag(to_schema(school, schemas.School), school.version)

    @delete("/{school_id:uuid}", operation_id="DeleteSchool", responses=problems(404, 409, 412))
    async def delete_school(self, request: Request[Any, Any, Any], db: Db, school_id: FromPath[UUID]) -> None:
        """Delete a school that nothing refers to any more; otherwise set its status to `closed`."""
        school = await db.writable(models.School, school_id)
        db.authorize(None)
        check_if_match(request, school.version)
        await db.delete(school, "the school still has staff, teams, priorities or activities; close it instead")
