"""Schemas of the staff CPD record."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

import msgspec


class RecordActivity(msgspec.Struct):
    """An activity the staff member attended."""

    activity_id: UUID
    title: str
    kind: str
    stream: str
    starts_at: datetime
    duration_minutes: int
    minutes_credited: int
    school_id: UUID | None
    team_id: UUID | None
    priority_ids: list[UUID]
    element_ids: list[UUID]
    """Framework elements the activity addresses."""


class PriorityMinutes(msgspec.Struct):
    """Minutes of learning that served one priority."""

    priority_id: UUID
    title: str
    minutes: int


class RecordTotals(msgspec.Struct):
    """Minutes credited in the period, overall and by stream, kind and priority."""

    minutes: int
    activities: int
    by_stream: dict[str, int]
    by_kind: dict[str, int]
    by_priority: list[PriorityMinutes]


class RecordGoal(msgspec.Struct):
    """A current goal."""

    id: UUID
    title: str
    description: str | None
    status: str
    starts_on: date | None
    review_on: date | None
    element_ids: list[UUID]


class RecordReflection(msgspec.Struct):
    """A reflection the caller may see, written in the period."""

    id: UUID
    title: str | None
    body: str
    visibility: str
    written_at: datetime
    activity_id: UUID | None
    goal_id: UUID | None


class StaffRecord(msgspec.Struct, kw_only=True):
    """A staff member's CPD record for a period (both dates inclusive)."""

    staff_id: UUID
    from_date: date = msgspec.field(name="from")
    to_date: date = msgspec.field(name="to")
    activities: list[RecordActivity]
    totals: RecordTotals
    goals: list[RecordGoal]
    """Current (active) goals; empty unless the key may read goals."""
    reflections: list[RecordReflection]
    """Reflections the caller may see, written in the period; empty unless the key may read reflections."""
    plugins: dict[str, Any]
    """What enabled plugins add to the record, by plugin slug."""
