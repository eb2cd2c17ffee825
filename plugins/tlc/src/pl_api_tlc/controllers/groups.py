"""``/v1/tlc/groups``: learning communities, their members (mirrored in a core team) and their progress."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import msgspec
from sqlalchemy import delete as sql_delete
from sqlalchemy import select

from pl_api.plugin import (
    Controller,
    Db,
    FromPath,
    FromQuery,
    JSONBody,
    NotFound,
    Paging,
    Request,
    Response,
    Staff,
    Team,
    TeamMember,
    TenantScope,
    Unprocessable,
    check_if_match,
    delete,
    field_problem,
    get,
    patch,
    plugin_settings,
    post,
    problems,
    put,
    with_etag,
)
from pl_api_tlc import schemas
from pl_api_tlc.access import GroupView, ensure_sees_progress, group_view, may_read_programme
from pl_api_tlc.models import TlcGroup, TlcGroupMember, TlcProgramme
from pl_api_tlc.progress import groups_progress
from pl_api_tlc.rules import InvalidTransition
from pl_api_tlc.settings import TlcSettings


def size_warnings(count: int, settings: TlcSettings) -> list[str]:
    """Advice when a group is smaller or larger than recommended; never a refusal."""
    if settings.min_group_size <= count <= settings.max_group_size:
        return []
    return [f"{count} members: TLC groups work best with {settings.min_group_size} to {settings.max_group_size}"]


def group_schema(view: GroupView, settings: TlcSettings, joined: dict[UUID, Any]) -> schemas.Group:
    group = view.group
    return schemas.Group(
        id=group.id,
        programme_id=group.programme_id,
        team_id=group.team_id,
        name=group.name,
        leader_staff_id=group.leader_staff_id,
        members=[schemas.GroupMember(staff_id=s, joined_at=joined[s]) for s in view.member_ids],
        warnings=size_warnings(len(view.member_ids), settings),
        created_at=group.created_at,
        updated_at=group.updated_at,
        version=group.version,
    )


async def _joined(db: TenantScope, group_id: UUID) -> dict[UUID, Any]:
    rows = await db.session.execute(
        select(TlcGroupMember.staff_id, TlcGroupMember.joined_at).where(
            TlcGroupMember.tenant_id == db.tenant_id, TlcGroupMember.group_id == group_id
        )
    )
    return {staff_id: joined for staff_id, joined in rows}


async def _respond(
    request: Request[Any, Any, Any], db: TenantScope, group_id: UUID, status: int = 200
) -> Response[schemas.Group]:
    view = await group_view(db, group_id)
    settings: TlcSettings = plugin_settings(request, "tlc")
    return with_etag(group_schema(view, settings, await _joined(db, group_id)), view.group.version, status)


async def sync_team(db: TenantScope, group: TlcGroup, members: list[UUID]) -> None:
    """Make the group's core team hold exactly its leader (as lead) and members."""
    if group.team_id is None:
        return
    await db.session.execute(
        sql_delete(TeamMember).where(TeamMember.tenant_id == db.tenant_id, TeamMember.team_id == group.team_id)
    )
    db.session.add(
        TeamMember(tenant_id=db.tenant_id, team_id=group.team_id, staff_id=group.leader_staff_id, role="lead")
    )
    for staff_id in members:
        if staff_id != group.leader_staff_id:
            db.session.add(TeamMember(tenant_id=db.tenant_id, team_id=group.team_id, staff_id=staff_id, role="member"))


async def writable_group(db: TenantScope, group_id: UUID) -> GroupView:
    """A group the caller may change (``tlc.write`` in its programme's school) in an active programme."""
    view = await group_view(db, group_id)
    db.authorize(view.programme.school_id)
    if view.programme.status != "active":
        raise InvalidTransition("the programme is closed: its groups cannot change")
    return view


class GroupController(Controller):
    """TLC groups: a leader and members, linked to a core team of kind `tlc_group`."""

    path = "/tlc/groups"

    @get("/", operation_id="TlcListGroups", responses=problems())
    async def list_groups(
        self, request: Request[Any, Any, Any], db: Db, page: Paging, programme_id: FromQuery[UUID | None] = None
    ) -> schemas.GroupPage:
        """List groups, oldest first; filter by programme."""
        stmt = db.select(TlcGroup)
        if programme_id is not None:
            stmt = stmt.where(TlcGroup.programme_id == programme_id)
        rows, cursor = await db.page(stmt, TlcGroup, page)
        items = []
        for group in rows:
            try:
                view = await group_view(db, group.id)
            except NotFound:
                continue
            items.append(group_schema(view, plugin_settings(request, "tlc"), await _joined(db, group.id)))
        return schemas.GroupPage(items, cursor)

    @post("/", operation_id="TlcCreateGroup", responses=problems(409, 422))
    async def create_group(
        self, request: Request[Any, Any, Any], db: Db, data: JSONBody[schemas.GroupCreate]
    ) -> Response[schemas.Group]:
        """Form a group in a programme, with a core team (kind `tlc_group`) of the same people. A size outside
        the recommended bounds is allowed, with a warning."""
        await db.require_one(TlcProgramme, data.programme_id, "programme_id")
        programme = await db.get(TlcProgramme, data.programme_id)
        if not may_read_programme(db, programme):
            raise field_problem(Unprocessable, "programme_id", f"no tlc programme with id {data.programme_id}")
        db.authorize(programme.school_id)
        if programme.status != "active":
            raise InvalidTransition("the programme is closed: start a new one for new groups")
        if len(set(data.member_ids)) != len(data.member_ids):
            raise field_problem(Unprocessable, "member_ids", "lists the same staff member more than once")
        if data.leader_staff_id in data.member_ids:
            raise field_problem(Unprocessable, "member_ids", "the leader is not listed among the members")
        await db.require_one(Staff, data.leader_staff_id, "leader_staff_id")
        await db.require_all(Staff, data.member_ids, "member_ids")
        team = Team(tenant_id=db.tenant_id, school_id=programme.school_id, name=data.name, kind="tlc_group")
        group = TlcGroup(
            tenant_id=db.tenant_id,
            programme_id=programme.id,
            team_id=team.id,
            name=data.name,
            leader_staff_id=data.leader_staff_id,
        )
        db.session.add_all([team, group])
        for staff_id in data.member_ids:
            db.session.add(
                TlcGroupMember(
                    tenant_id=db.tenant_id, group_id=group.id, staff_id=staff_id, joined_at=datetime.now(UTC)
                )
            )
        await db.session.flush()
        await sync_team(db, group, data.member_ids)
        await db.commit()
        return await _respond(request, db, group.id, 201)

    @get("/{group_id:uuid}", operation_id="TlcGetGroup", responses=problems(404))
    async def get_group(
        self, request: Request[Any, Any, Any], db: Db, group_id: FromPath[UUID]
    ) -> Response[schemas.Group]:
        """One group with its members."""
        return await _respond(request, db, group_id)

    @patch("/{group_id:uuid}", operation_id="TlcUpdateGroup", responses=problems(404, 409, 412, 422))
    async def update_group(
        self, request: Request[Any, Any, Any], db: Db, group_id: FromPath[UUID], data: JSONBody[schemas.GroupUpdate]
    ) -> Response[schemas.Group]:
        """Rename a group or hand it to a new leader (who must not be one of its members)."""
        view = await writable_group(db, group_id)
        check_if_match(request, view.group.version)
        if not isinstance(data.leader_staff_id, msgspec.UnsetType):
            await db.require_one(Staff, data.leader_staff_id, "leader_staff_id")
            if data.leader_staff_id in view.member_ids:
                raise field_problem(Unprocessable, "leader_staff_id", "is a member: take them out of the members first")
            view.group.leader_staff_id = data.leader_staff_id
        if not isinstance(data.name, msgspec.UnsetType):
            view.group.name = data.name
        await sync_team(db, view.group, view.member_ids)
        await db.commit()
        return await _respond(request, db, group_id)

    @put(
        "/{group_id:uuid}/members/{staff_id:uuid}",
        operation_id="TlcAddGroupMember",
        responses=problems(404, 409, 422),
        status_code=200,
    )
    async def add_member(
        self, request: Request[Any, Any, Any], db: Db, group_id: FromPath[UUID], staff_id: FromPath[UUID]
    ) -> Response[schemas.Group]:
        """Add a staff member to the group (and its core team). Safe to repeat."""
        view = await writable_group(db, group_id)
        await db.require_one(Staff, staff_id, "staff_id")
        if staff_id == view.group.leader_staff_id:
            raise field_problem(Unprocessable, "staff_id", "leads the group already", "path")
        if staff_id not in view.member_ids:
            db.session.add(
                TlcGroupMember(
                    tenant_id=db.tenant_id, group_id=group_id, staff_id=staff_id, joined_at=datetime.now(UTC)
                )
            )
            view.group.updated_at = datetime.now(UTC)
            await sync_team(db, view.group, [*view.member_ids, staff_id])
            await db.commit()
        return await _respond(request, db, group_id)

    @delete(
        "/{group_id:uuid}/members/{staff_id:uuid}",
        operation_id="TlcRemoveGroupMember",
        responses=problems(404, 409, 412),
        status_code=200,
    )
    async def remove_member(
        self, request: Request[Any, Any, Any], db: Db, group_id: FromPath[UUID], staff_id: FromPath[UUID]
    ) -> Response[schemas.Group]:
        """Take a member out of the group (their plan, reports and observations stay in its history).
        Honours `If-Match` with the group's ETag."""
        view = await writable_group(db, group_id)
        check_if_match(request, view.group.version)
        if staff_id not in view.member_ids:
            raise NotFound(f"staff member {staff_id} is not a member of group {group_id}")
        await db.session.execute(
            sql_delete(TlcGroupMember).where(
                TlcGroupMember.tenant_id == db.tenant_id,
                TlcGroupMember.group_id == group_id,
                TlcGroupMember.staff_id == staff_id,
            )
        )
        view.group.updated_at = datetime.now(UTC)
        await sync_team(db, view.group, [m for m in view.member_ids if m != staff_id])
        await db.commit()
        return await _respond(request, db, group_id)

    @get(
        "/{group_id:uuid}/progress",
        operation_id="TlcGetGroupProgress",
        responses=problems(404),
        opt={"own": "the groups they lead", "permission": "tlc.progress"},
    )
    async def group_progress(self, db: Db, group_id: FromPath[UUID]) -> schemas.GroupProgress:
        """Meetings held against planned, attendance, plan items by state and observations. Counts only."""
        view = await group_view(db, group_id)
        ensure_sees_progress(db, view.programme, view)
        return (await groups_progress(db, [view.group], view.programme.planned_meetings))[0]
