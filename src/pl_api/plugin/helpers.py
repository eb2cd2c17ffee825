"""Things plugins do with the core that need more than a model: record activities, emit events, run commands,
know who calls and what they may do.

Re-exported by ``pl_api.plugin``; import them from there.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from datetime import datetime
from typing import Any, TypeVar
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from pl_api.db.base import new_id, utcnow
from pl_api.db.tenant_scope import TenantScope
from pl_api.domain.activities.models import Activity, Participation
from pl_api.domain.events.models import EventRecord, add_event

T = TypeVar("T")


async def record_activity(
    db: TenantScope,
    *,
    kind: str,
    title: str,
    starts_at: datetime,
    duration_minutes: int,
    attendees: Iterable[UUID],
    school_id: UUID | None = None,
    team_id: UUID | None = None,
    leader_staff_id: UUID | None = None,
    stream: str = "individual",
    description: str | None = None,
    mechanisms: Iterable[str] = (),
    absent: Iterable[UUID] = (),
) -> Activity:
    """Record work done in a plugin as a completed core activity that each attendee attended,
    credited with its whole duration, so it counts in their CPD record; the ``absent`` are recorded
    as absent, credited nothing.

    ``kind`` should be one the plugin registered (``<slug>.<kind>``). The rows are added and
    flushed in ``db``'s transaction; the caller commits. Returns the activity (keep its id to
    change or remove it later through the ``Activity`` model).
    """
    activity = Activity(
        tenant_id=db.tenant_id,
        school_id=school_id,
        team_id=team_id,
        title=title,
        description=description,
        kind=kind,
        stream=stream,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        leader_staff_id=leader_staff_id,
        mechanisms=sorted(mechanisms),
        status="completed",
    )
    db.session.add(activity)
    await db.session.flush()  # the activity row first: participations refer to it
    db.session.add_all(
        Participation(
            tenant_id=db.tenant_id,
            activity_id=activity.id,
            staff_id=staff_id,
            status="attended",
            minutes_credited=duration_minutes,
        )
        for staff_id in dict.fromkeys(attendees)
    )
    db.session.add_all(
        Participation(
            tenant_id=db.tenant_id, activity_id=activity.id, staff_id=staff_id, status="absent", minutes_credited=0
        )
        for staff_id in dict.fromkeys(absent)
    )
    return activity


def emit_event(
    session: AsyncSession, tenant_id: UUID, type_: str, subject_id: UUID | None, data: dict[str, Any] | None = None
) -> None:
    """Write an event of a type the plugin declared (``register_event_types``) into the outbox, in the
    session's current transaction: it is stored when the transaction commits, and handed to the
    plugins' ``handle_event`` hooks after a request's commit. Keep ``data`` free of personal notes."""
    record = EventRecord(
        id=new_id(), tenant_id=tenant_id, type=type_, subject_id=subject_id, occurred_at=utcnow(), data=data or {}
    )
    add_event(session, record)


def run_with_session(work: Callable[[AsyncSession], Awaitable[T]]) -> T:
    """For a plugin's commands (``register_commands``): run ``work`` with a database session of the
    deployment's configured database, as the tables' owner (so it may cross tenants), and return
    its result. Commit inside ``work``; the session is closed afterwards."""
    from pl_api.cli import run_with_session as run
    from pl_api.cli import settings_or_exit

    return run(settings_or_exit(), work)


def acting_staff_id(db: TenantScope) -> UUID | None:
    """The staff member a request acts as (a user), or None for an integration client or a task."""
    return db.principal.staff_id if db.principal is not None else None


def holds_permission(db: TenantScope, permission: str, school_id: UUID | None) -> bool:
    """Whether the caller may use ``permission`` for a row of ``school_id`` (None: a row of no school).

    A user needs it from a role in that school or trust-wide; an integration client (its scopes were
    checked by the route) and a task without a caller always may."""
    principal = db.principal
    if principal is None or principal.grants is None:
        return True
    return principal.grants.holds(permission, school_id)
