"""``/v1/teams`` and ``/v1/teams/{team_id}/members``."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, Request, Response, delete, get, patch, post, put
from litestar.params import FromPath, FromQuery, JSONBody
from sqlalchemy import exists, select

from pl_api.domain.listing import filter_updated_since, page_response, where_given
from pl_api.domain.schemas import apply_changes, changes_of, to_schema
from pl_api.domain.schools.models import School
from pl_api.domain.staff.models import Staff
from pl_api.domain.teams import models, schemas
from pl_api.domain.types import check_pair
from pl_api.http.dependencies import Db, Paging, TimestampQuery
from pl_api.http.etag import check_if_match, with_etag
from pl_api.http.openapi import problems
from pl_api.http.problems import NotFound, Unprocessable

DUPLICATE = "a team with this (source, external_id) already exists in your tenant"


class TeamController(Controller):
    """Teams of the caller's tenant: departments, year groups, phases, TLC groups and others."""

    path = "/teams"
    tags = ["Teams"]
    opt = {"resource": "teams"}

    @get("/", operation_id="ListTeams", responses=problems())
    async def list_teams(
        self,
        request: Request[Any, Any, Any],
        db: Db,
        page: Paging,
        school_id: FromQuery[UUID | None] = None,
        kind: FromQuery[schemas.TeamKind | None] = None,
        status: FromQuery[schemas.TeamStatus | None] = None,
        staff_id: FromQuery[UUID | None] = None,
        updated_since: TimestampQuery = None,
    ) -> Response[schemas.TeamPage]:
        """List teams, oldest first; filter by school, kind, status, member or change time."""
        team = models.Team
        stmt = where_given(db.select(team), [(team.school_id, school_id), (team.kind, kind), (team.status, status)])
        if staff_id is not None:
            member = models.TeamMember
            stmt = stmt.where(exists().where(member.team_id == team.id, member.staff_id == staff_id))
        stmt = filter_updated_since(stmt, team, updated_since)
        return await page_response(request, db, stmt, team, page, schemas.TeamPage)

    @post("/", operation_id="CreateTeam", responses=problems(409, 422))
    async def create_team(self, db: Db, data: JSONBody[schemas.TeamCreate]) -> Response[schemas.Team]:
        """Add a team."""
        check_pair(data.source, data.external_id)
        await db.require_one(School, data.school_id, "school_id")
        db.authorize(data.school_id)
        team = models.Team(tenant_id=db.tenant_id, **changes_of(data))
        db.session.add(team)
        await db.commit(DUPLICATE)
        return with_etag(to_schema(team, schemas.Team), team.version, 201)

    @get("/{team_id:uuid}", operation_id="GetTeam", responses=problems(404))
    async def get_team(self, db: Db, team_id: FromPath[UUID]) -> Response[schemas.Team]:
        """One team."""
        team = await db.get(models.Team, team_id)
        return with_etag(to_schema(team, schemas.Team), team.version)

    @patch("/{team_id:uuid}", operation_id="UpdateTeam", responses=problems(404, 409, 412, 422))
    async def update_team(
        self, request: Request[Any, Any, Any], db: Db, team_id: FromPath[UUID], data: JSONBody[schemas.TeamUpdate]
    ) -> Response[schemas.Team]:
        """Change a team."""
        team = await db.writable(models.Team, team_id)
        check_if_match(request, team.version)
        changes = changes_of(data)
        if "school_id" in changes:
            await db.require_one(School, changes["school_id"], "school_id")
            db.authorize(changes["school_id"])
        apply_changes(team, changes)
        await db.commit(DUPLICATE)
        return with_etag(to_schema(team, schemas.Team), team.version)

    @delete("/{team_id:uuid}", operation_id="DeleteTeam", responses=problems(404, 409, 412))
    async def delete_team(self, request: Request[Any, Any, Any], db: Db, team_id: FromPath[UUID]) -> None:
        """Delete a team and its memberships (the staff stay). Activities that named it keep their record."""
        team = await db.writable(models.Team, team_id)
        check_if_match(request, team.version)
        await db.delete(team, "the team is still referred to")


class TeamMemberController(Controller):
    """Who is in a team, and as what."""

    path = "/teams/{team_id:uuid}/members"
    tags = ["Teams"]
    opt = {"resource": "teams"}

    @get("/", operation_id="ListTeamMembers", responses=problems(404))
    async def list_members(self, db: Db, team_id: FromPath[UUID]) -> schemas.TeamMemberPage:
        """All members of a team, by staff id."""
        await db.get(models.Team, team_id)
        member = models.TeamMember
        rows = await db.session.execute(
            select(member, Staff.given_name, Staff.family_name)
            .join(Staff, Staff.id == member.staff_id)
            .where(member.tenant_id == db.tenant_id, member.team_id == team_id)
            .order_by(member.staff_id)
        )
        return schemas.TeamMemberPage([_member(m, given, family) for m, given, family in rows], None)

    @put("/{staff_id:uuid}", operation_id="PutTeamMember", responses=problems(404, 422), status_code=200)
    async def put_member(
        self, db: Db, team_id: FromPath[UUID], staff_id: FromPath[UUID], data: JSONBody[schemas.TeamMemberPut]
    ) -> Response[schemas.TeamMember]:
        """Add a staff member to the team (201), or change their role (200). Safe to repeat."""
        await db.writable(models.Team, team_id)
        staff = await db.get(Staff, staff_id)
        if staff.status == "erased":
            raise Unprocessable(f"staff member {staff_id} {Staff.unreferable_reason}")
        member = await db.session.get(models.TeamMember, (team_id, staff_id))
        created = member is None
        if member is None:
            member = models.TeamMember(tenant_id=db.tenant_id, team_id=team_id, staff_id=staff_id, role=data.role)
            db.session.add(member)
        else:
            member.role = data.role
        await db.commit()
        return Response(_member(member, staff.given_name, staff.family_name), status_code=201 if created else 200)

    @delete("/{staff_id:uuid}", operation_id="RemoveTeamMember", responses=problems(404))
    async def remove_member(self, db: Db, team_id: FromPath[UUID], staff_id: FromPath[UUID]) -> None:
        """Take a staff member out of the team."""
        await db.writable(models.Team, team_id)
        member = await db.session.get(models.TeamMember, (team_id, staff_id))
        if member is None or member.tenant_id != db.tenant_id:
            raise NotFound(f"staff member {staff_id} is not in team {team_id}")
        await db.session.delete(member)
        await db.commit()


def _member(member: models.TeamMember, given_name: str, family_name: str) -> schemas.TeamMember:
    return schemas.TeamMember(
        staff_id=member.staff_id,
        role=member.role,  # type: ignore[arg-type]
        given_name=given_name,
        family_name=family_name,
        joined_at=member.created_at,
    )
