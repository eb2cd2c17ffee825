"""A staff member's part of the plugin: the record section leaders see (counts), the full export that
answers their right of access, and erasing what they wrote."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from uuid import UUID

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from pl_api_tlc.models import (
    TlcAttendance,
    TlcGroup,
    TlcGroupMember,
    TlcMeeting,
    TlcObservation,
    TlcPlanChange,
    TlcPlanItem,
    TlcReport,
)
from pl_api_tlc.rules import ITEM_STATES


async def record_section(
    session: AsyncSession, tenant_id: UUID, staff_id: UUID, from_date: date, to_date: date
) -> dict[str, Any] | None:
    """Counts for the staff record: meetings attended and observations in the period, plan items by state.
    No notes, reports or intentions. None when the staff member takes no part in any group."""
    start = datetime.combine(from_date, time.min, tzinfo=UTC)
    end = datetime.combine(to_date + timedelta(days=1), time.min, tzinfo=UTC)
    groups = await session.scalar(
        select(func.count())
        .select_from(TlcGroup)
        .where(
            TlcGroup.tenant_id == tenant_id,
            or_(
                TlcGroup.leader_staff_id == staff_id,
                TlcGroup.id.in_(select(TlcGroupMember.group_id).where(TlcGroupMember.staff_id == staff_id)),
            ),
        )
    )
    if not groups:
        return None
    attended = await session.scalar(
        select(func.count())
        .select_from(TlcAttendance)
        .join(TlcMeeting, TlcMeeting.id == TlcAttendance.meeting_id)
        .where(
            TlcAttendance.tenant_id == tenant_id,
            TlcAttendance.staff_id == staff_id,
            TlcAttendance.present.is_(True),
            TlcMeeting.status == "closed",
            TlcMeeting.started_at >= start,
            TlcMeeting.started_at < end,
        )
    )
    states = Counter(
        await session.scalars(
            select(TlcPlanItem.status).where(TlcPlanItem.tenant_id == tenant_id, TlcPlanItem.staff_id == staff_id)
        )
    )
    in_period = (TlcObservation.observed_at >= start, TlcObservation.observed_at < end)
    made = await session.scalar(
        select(func.count()).where(
            TlcObservation.tenant_id == tenant_id, TlcObservation.observer_staff_id == staff_id, *in_period
        )
    )
    received = await session.scalar(
        select(func.count()).where(
            TlcObservation.tenant_id == tenant_id, TlcObservation.observee_staff_id == staff_id, *in_period
        )
    )
    return {
        "groups": int(groups),
        "meetings_attended": int(attended or 0),
        "plan_items_by_state": {state: states[state] for state in ITEM_STATES},
        "observations_made": int(made or 0),
        "observations_received": int(received or 0),
    }


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date | datetime) else str(value) if isinstance(value, UUID) else value


def _row(obj: Any, *names: str) -> dict[str, Any]:
    return {name: _iso(getattr(obj, name)) for name in names}


async def export(session: AsyncSession, tenant_id: UUID, staff_id: UUID) -> dict[str, Any]:
    """Everything the plugin holds about a staff member, private notes included."""
    items = list(
        await session.scalars(
            select(TlcPlanItem)
            .where(TlcPlanItem.tenant_id == tenant_id, TlcPlanItem.staff_id == staff_id)
            .order_by(TlcPlanItem.id)
        )
    )
    changes = list(
        await session.scalars(
            select(TlcPlanChange)
            .where(TlcPlanChange.tenant_id == tenant_id, TlcPlanChange.item_id.in_([i.id for i in items]))
            .order_by(TlcPlanChange.id)
        )
    )
    reports = await session.scalars(
        select(TlcReport).where(TlcReport.tenant_id == tenant_id, TlcReport.staff_id == staff_id).order_by(TlcReport.id)
    )
    observations = await session.scalars(
        select(TlcObservation)
        .where(
            TlcObservation.tenant_id == tenant_id,
            or_(TlcObservation.observer_staff_id == staff_id, TlcObservation.observee_staff_id == staff_id),
        )
        .order_by(TlcObservation.id)
    )
    attendance = await session.scalars(
        select(TlcAttendance).where(TlcAttendance.tenant_id == tenant_id, TlcAttendance.staff_id == staff_id)
    )
    led = await session.scalars(
        select(TlcGroup.id).where(TlcGroup.tenant_id == tenant_id, TlcGroup.leader_staff_id == staff_id)
    )
    member_of = await session.scalars(
        select(TlcGroupMember.group_id).where(
            TlcGroupMember.tenant_id == tenant_id, TlcGroupMember.staff_id == staff_id
        )
    )
    return {
        "groups_led": [str(g) for g in led],
        "groups_joined": [str(g) for g in member_of],
        "attendance": [_row(a, "meeting_id", "present") for a in attendance],
        "plan_items": [
            _row(i, "id", "group_id", "technique_id", "intention", "starts_on", "status", "created_at")
            | {
                "changes": [
                    _row(c, "meeting_id", "from_status", "to_status", "intention_changed", "created_at")
                    for c in changes
                    if c.item_id == i.id
                ]
            }
            for i in items
        ],
        "reports": [_row(r, "meeting_id", "plan_item_id", "passed", "text", "created_at") for r in reports],
        "observations": [
            _row(o, "id", "group_id", "observer_staff_id", "observee_staff_id", "plan_item_id")
            | _row(o, "observed_at", "duration_minutes", "notes", "shared_with_group")
            for o in observations
        ],
    }


async def erase_staff(session: AsyncSession, tenant_id: UUID, staff_id: UUID) -> None:
    """Remove a staff member's personal rows: their plan (with its history), their reports, observations
    of them, and the notes of observations they made. Attendance and group membership stay as counts of
    what happened. The caller commits."""
    await session.execute(
        delete(TlcObservation).where(
            TlcObservation.tenant_id == tenant_id, TlcObservation.observee_staff_id == staff_id
        )
    )
    await session.execute(
        update(TlcObservation)
        .where(TlcObservation.tenant_id == tenant_id, TlcObservation.observer_staff_id == staff_id)
        .values(notes=None, shared_with_group=False)
    )
    await session.execute(delete(TlcReport).where(TlcReport.tenant_id == tenant_id, TlcReport.staff_id == staff_id))
    items = select(TlcPlanItem.id).where(TlcPlanItem.tenant_id == tenant_id, TlcPlanItem.staff_id == staff_id)
    await session.execute(
        update(TlcReport)
        .where(TlcReport.tenant_id == tenant_id, TlcReport.plan_item_id.in_(items))
        .values(plan_item_id=None)
    )
    await session.execute(
        delete(TlcPlanChange).where(TlcPlanChange.tenant_id == tenant_id, TlcPlanChange.item_id.in_(items))
    )
    await session.execute(
        delete(TlcPlanItem).where(TlcPlanItem.tenant_id == tenant_id, TlcPlanItem.staff_id == staff_id)
    )
