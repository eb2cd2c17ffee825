"""Progress for leaders: meetings held against planned, attendance, plan items by state, observations.

Counts only, so a PD lead sees how the programme goes without reading anyone's notes.
"""

from __future__ import annotations

from collections import Counter
from typing import Any
from uuid import UUID

from sqlalchemy import Select, func, select

from pl_api.plugin import TenantScope
from pl_api_tlc.models import TlcAttendance, TlcGroup, TlcGroupMember, TlcMeeting, TlcObservation, TlcPlanItem
from pl_api_tlc.rules import ITEM_STATES
from pl_api_tlc.schemas import GroupProgress, ProgrammeProgress


async def _by_group(db: TenantScope, stmt: Select[UUID, Any, int]) -> dict[UUID, Counter[str]]:
    result: dict[UUID, Counter[str]] = {}
    for group_id, key, count in await db.session.execute(stmt):
        result.setdefault(group_id, Counter())[str(key)] += int(count)
    return result


def _rate(present: int, taken: int) -> float | None:
    return round(present / taken, 3) if taken else None


async def groups_progress(db: TenantScope, groups: list[TlcGroup], planned: int) -> list[GroupProgress]:
    """The progress of each of ``groups`` (each planned ``planned`` meetings)."""
    ids = [g.id for g in groups]
    tenant = db.tenant_id
    meetings = await _by_group(
        db,
        select(TlcMeeting.group_id, TlcMeeting.status, func.count())
        .where(TlcMeeting.tenant_id == tenant, TlcMeeting.group_id.in_(ids))
        .group_by(TlcMeeting.group_id, TlcMeeting.status),
    )
    attendance = {
        group_id: (int(present or 0), int(taken or 0))
        for group_id, present, taken in await db.session.execute(
            select(TlcMeeting.group_id, func.count().filter(TlcAttendance.present.is_(True)), func.count())
            .join(TlcMeeting, TlcMeeting.id == TlcAttendance.meeting_id)
            .where(TlcAttendance.tenant_id == tenant, TlcMeeting.group_id.in_(ids), TlcMeeting.status == "closed")
            .group_by(TlcMeeting.group_id)
        )
    }
    items = await _by_group(
        db,
        select(TlcPlanItem.group_id, TlcPlanItem.status, func.count())
        .where(TlcPlanItem.tenant_id == tenant, TlcPlanItem.group_id.in_(ids))
        .group_by(TlcPlanItem.group_id, TlcPlanItem.status),
    )
    observations = await _by_group(
        db,
        select(TlcObservation.group_id, TlcObservation.group_id, func.count())
        .where(TlcObservation.tenant_id == tenant, TlcObservation.group_id.in_(ids))
        .group_by(TlcObservation.group_id),
    )
    members = await _by_group(
        db,
        select(TlcGroupMember.group_id, TlcGroupMember.group_id, func.count())
        .where(TlcGroupMember.tenant_id == tenant, TlcGroupMember.group_id.in_(ids))
        .group_by(TlcGroupMember.group_id),
    )
    result = []
    for group in groups:
        held = meetings.get(group.id, Counter())
        states = items.get(group.id, Counter())
        result.append(
            GroupProgress(
                group_id=group.id,
                name=group.name,
                members=sum(members.get(group.id, Counter()).values()),
                meetings_planned=planned,
                meetings_held=held["closed"],
                meetings_cancelled=held["cancelled"],
                attendance_rate=_rate(*attendance.get(group.id, (0, 0))),
                items_by_state={state: states[state] for state in ITEM_STATES},
                observations=sum(observations.get(group.id, Counter()).values()),
            )
        )
    return result


def programme_totals(programme_id: UUID, groups: list[GroupProgress], attendance: tuple[int, int]) -> ProgrammeProgress:
    """Totals over a programme's groups."""
    return ProgrammeProgress(
        programme_id=programme_id,
        groups=groups,
        meetings_planned=sum(g.meetings_planned for g in groups),
        meetings_held=sum(g.meetings_held for g in groups),
        meetings_cancelled=sum(g.meetings_cancelled for g in groups),
        attendance_rate=_rate(*attendance),
        items_by_state={state: sum(g.items_by_state[state] for g in groups) for state in ITEM_STATES},
        observations=sum(g.observations for g in groups),
    )


async def programme_attendance(db: TenantScope, programme_id: UUID) -> tuple[int, int]:
    """Members present at the programme's closed meetings, and members whose attendance was taken there."""
    row = (
        await db.session.execute(
            select(func.count().filter(TlcAttendance.present.is_(True)), func.count())
            .join(TlcMeeting, TlcMeeting.id == TlcAttendance.meeting_id)
            .join(TlcGroup, TlcGroup.id == TlcMeeting.group_id)
            .where(
                TlcAttendance.tenant_id == db.tenant_id,
                TlcGroup.programme_id == programme_id,
                TlcMeeting.status == "closed",
            )
        )
    ).one()
    return int(row[0] or 0), int(row[1] or 0)
