"""``/v1/staff``."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from litestar import Controller, Request, Response, get, patch, post
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter
from sqlalchemy import exists

from pl_api.db.tenant_scope import TenantScope
from pl_api.domain.listing import filter_updated_since, page_response, where_given
from pl_api.domain.schemas import apply_changes, changes_of, to_schema
from pl_api.domain.staff import models, schemas
from pl_api.domain.staff.reads import staff_by_id
from pl_api.domain.staff.service import DUPLICATE, build_memberships, normalise
from pl_api.domain.teams.models import TeamMember
from pl_api.domain.types import EMAIL_PATTERN, check_pair
from pl_api.http.dependencies import Db, Paging, TimestampQuery
from pl_api.http.etag import check_if_match, with_etag
from pl_api.http.openapi import problems
from pl_api.http.problems import Unprocessable


def _authorize(
    db: TenantScope, before: list[models.StaffMembership], after: list[models.StaffMembership], trust_roles: bool
) -> None:
    """Changing a staff member takes ``staff.write`` in every school they are (or will be) in; trust-wide
    for one in no school, or to change the roles they hold across the trust."""
    schools: set[UUID | None] = {m.school_id for m in [*before, *after]}
    if trust_roles or not schools:
        schools.add(None)
    db.authorize(*schools)


class StaffController(Controller):
    """Staff of the caller's tenant. Staff are never deleted here: when someone leaves, PATCH
    `status` to `left` (their CPD history outlives their employment); to remove what identifies them,
    erase them (`POST /v1/staff/{id}/erase`)."""

    path = "/staff"
    tags = ["Staff"]
    opt = {"resource": "staff"}

    @get("/", operation_id="ListStaff", responses=problems())
    async def list_staff(
        self,
        request: Request[Any, Any, Any],
        db: Db,
        page: Paging,
        school_id: FromQuery[UUID | None] = None,
        team_id: FromQuery[UUID | None] = None,
        status: FromQuery[schemas.StaffStatus | None] = None,
        email: Annotated[str | None, QueryParameter(pattern=EMAIL_PATTERN, max_length=254)] = None,
        updated_since: TimestampQuery = None,
    ) -> Response[schemas.StaffPage]:
        """List staff, oldest first; filter by school (membership), team, status, email or change time."""
        staff = models.Staff
        stmt = db.select(staff)
        if school_id is not None:
            membership = models.StaffMembership
            stmt = stmt.where(exists().where(membership.staff_id == staff.id, membership.school_id == school_id))
        if team_id is not None:
            stmt = stmt.where(exists().where(TeamMember.staff_id == staff.id, TeamMember.team_id == team_id))
        stmt = where_given(stmt, [(staff.status, status), (staff.email, email.lower() if email else None)])
        stmt = filter_updated_since(stmt, staff, updated_since)
        return await page_response(request, db, stmt, staff, page, schemas.StaffPage)

    @post("/", operation_id="CreateStaff", responses=problems(409, 422))
    async def create_staff(self, db: Db, data: JSONBody[schemas.StaffCreate]) -> Response[schemas.Staff]:
        """Add a staff member, with their school memberships."""
        check_pair(data.source, data.external_id)
        changes = normalise(changes_of(data))
        memberships = await build_memberships(db, changes.pop("memberships"))
        _authorize(db, [], memberships, "trust_roles" in changes and bool(changes["trust_roles"]))
        member = models.Staff(tenant_id=db.tenant_id, memberships=memberships, **changes)
        db.session.add(member)
        await db.commit(DUPLICATE)
        return with_etag(to_schema(member, schemas.Staff), member.version, 201)

    @get("/{staff_id:uuid}", operation_id="GetStaff", responses=problems(404))
    async def get_staff(self, db: Db, staff_id: FromPath[UUID]) -> Response[schemas.Staff]:
        """One staff member."""
        member = await staff_by_id(db, staff_id)
        return with_etag(member, member.version)

    @patch("/{staff_id:uuid}", operation_id="UpdateStaff", responses=problems(404, 409, 412, 422))
    async def update_staff(
        self,
        request: Request[Any, Any, Any],
        db: Db,
        staff_id: FromPath[UUID],
        data: JSONBody[schemas.StaffUpdate],
    ) -> Response[schemas.Staff]:
        """Change a staff member; `memberships`, when given, replaces the whole list. Leaving is
        `status: left` (with `left_on`, today if not given)."""
        member = await db.get(models.Staff, staff_id)
        check_if_match(request, member.version)
        if member.status == "erased":
            raise Unprocessable(f"staff member {staff_id} was erased; an erased staff member cannot be changed")
        changes = normalise(changes_of(data))
        if "memberships" in changes:
            changes["memberships"] = await build_memberships(db, changes["memberships"])
        _authorize(db, member.memberships, changes.get("memberships", []), "trust_roles" in changes)
        apply_changes(member, changes)
        await db.commit(DUPLICATE)
        return with_etag(to_schema(member, schemas.Staff), member.version)
