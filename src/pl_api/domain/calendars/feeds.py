"""Reading a feed by its secret, outside any caller's credentials, and what goes into it."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import and_, exists, or_, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from pl_api.db.row_security import tenant_sessions
from pl_api.domain.access import visible_rows
from pl_api.domain.activities.models import Activity, Participation
from pl_api.domain.calendars import ics
from pl_api.domain.calendars.models import CalendarFeed
from pl_api.domain.calendars.tokens import hash_token, tenant_of
from pl_api.domain.identity.principal import Principal
from pl_api.domain.identity.roles import RolePermissions
from pl_api.domain.identity.service import principal_of
from pl_api.domain.identity.tokens import InvalidToken
from pl_api.domain.staff.models import Staff
from pl_api.domain.teams.models import Team

MAX_EVENTS = 1000
"""The most recent activities a feed holds (by start)."""


async def render_feed(sessions: async_sessionmaker[AsyncSession], roles: RolePermissions, token: str) -> bytes | None:
    """The iCalendar text of the feed ``token`` opens, or None when it opens none (unknown, rotated, revoked,
    or its staff member has left): a 404 that says nothing of why. A staff member's feed holds only what they
    would see in the API themselves, by their roles."""
    tenant_id = tenant_of(token)
    if tenant_id is None:
        return None
    async with tenant_sessions(sessions, tenant_id)() as session:
        feed = await session.scalar(
            select(CalendarFeed).where(
                CalendarFeed.tenant_id == tenant_id, CalendarFeed.token_hash == hash_token(token)
            )
        )
        if feed is None:
            return None
        if feed.staff_id is not None:
            staff = await session.get(Staff, feed.staff_id)
            if staff is None:
                return None
            try:
                principal = await principal_of(session, staff, roles)
            except InvalidToken:  # left or erased
                return None
            return ics.feed_of("CPD", await _staff_activities(session, tenant_id, principal))
        team = await session.get(Team, feed.team_id)
        if team is None:
            return None
        return ics.feed_of(f"CPD: {team.name}", await _team_activities(session, tenant_id, team.id))


async def _staff_activities(session: AsyncSession, tenant_id: UUID, principal: Principal) -> list[Activity]:
    """The activities a staff member leads or takes part in (invited, attended or absent) and may see."""
    staff_id = principal.staff_id
    takes_part = exists().where(Participation.activity_id == Activity.id, Participation.staff_id == staff_id)
    condition = or_(Activity.leader_staff_id == staff_id, takes_part)
    visible = visible_rows(principal, Activity)
    return await _latest(session, tenant_id, condition if visible is None else and_(condition, visible))


async def _team_activities(session: AsyncSession, tenant_id: UUID, team_id: UUID) -> list[Activity]:
    return await _latest(session, tenant_id, Activity.team_id == team_id)


async def _latest(session: AsyncSession, tenant_id: UUID, condition: object) -> list[Activity]:
    stmt = (
        select(Activity)
        .where(Activity.tenant_id == tenant_id, condition)  # type: ignore[arg-type]
        .order_by(Activity.starts_at.desc(), Activity.id)
        .limit(MAX_EVENTS)
    )
    rows = list(await session.scalars(stmt))
    return sorted(rows, key=lambda a: (a.starts_at, a.id))
