"""A staff member's CPD record on the lean read path (``pl_api.db.reads``): the activities attended in a period
with their priorities and framework elements, the active goals and the reflections, in one snapshot.

The statements are those ``pl_api.domain.records.service`` runs on the ORM session, with the period and the
staff member as bound parameters; the service uses them when the caller sees every row of the tenant (an API
client) and asks for the record itself (not the portfolio's narrower view).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import msgspec
from sqlalchemy import ColumnElement, Select, and_, bindparam, select

from pl_api.db.reads import Reads, ReadStatement, Row
from pl_api.db.tenant_scope import TenantScope
from pl_api.domain.access import reflections_visible_to_clients
from pl_api.domain.activities.models import Activity, ActivityElement, ActivityPriority, Participation
from pl_api.domain.goals.models import Goal, GoalElement
from pl_api.domain.priorities.models import Priority
from pl_api.domain.records import schemas
from pl_api.domain.reflections.models import Reflection

RECORD_COLUMNS: tuple[Any, ...] = (
    Activity.id.label("activity_id"),
    Activity.title,
    Activity.kind,
    Activity.stream,
    Activity.starts_at,
    Activity.duration_minutes,
    Participation.minutes_credited,
    Activity.school_id,
    Activity.team_id,
)


def _columns(*columns: Any) -> tuple[Any, ...]:
    """Columns to select, typed loosely: each statement's rows are read by name."""
    return columns


def attended() -> tuple[ColumnElement[bool], ...]:
    """The staff member's attended participations in activities not cancelled, starting in the period."""
    return (
        Participation.tenant_id == bindparam("tenant_id"),
        Participation.staff_id == bindparam("staff_id"),
        Participation.status == "attended",
        Activity.status != "cancelled",
        Activity.starts_at >= bindparam("start"),
        Activity.starts_at < bindparam("end"),
    )


def _activities() -> Select[Any]:
    return (
        select(*RECORD_COLUMNS)
        .join(Participation, Participation.activity_id == Activity.id)
        .where(*attended())
        .order_by(Activity.starts_at, Activity.id)
    )


def _priorities() -> Select[Any]:
    """Each attended activity's priorities, with the priority's title."""
    return (
        select(*_columns(ActivityPriority.activity_id, ActivityPriority.priority_id, Priority.title))
        .join(Activity, Activity.id == ActivityPriority.activity_id)
        .join(Participation, Participation.activity_id == Activity.id)
        .outerjoin(Priority, Priority.id == ActivityPriority.priority_id)
        .where(*attended())
        .order_by(ActivityPriority.activity_id, ActivityPriority.priority_id)
    )


def _elements() -> Select[Any]:
    return (
        select(*_columns(ActivityElement.activity_id, ActivityElement.element_id))
        .join(Activity, Activity.id == ActivityElement.activity_id)
        .join(Participation, Participation.activity_id == Activity.id)
        .where(*attended())
        .order_by(ActivityElement.activity_id, ActivityElement.element_id)
    )


def _active_goals() -> ColumnElement[bool]:
    return and_(
        Goal.tenant_id == bindparam("tenant_id"), Goal.staff_id == bindparam("staff_id"), Goal.status == "active"
    )


def _goals() -> Select[Any]:
    columns = _columns(Goal.id, Goal.title, Goal.description, Goal.status, Goal.starts_on, Goal.review_on)
    return select(*columns).where(_active_goals()).order_by(Goal.id)


def _goal_elements() -> Select[Any]:
    return (
        select(*_columns(GoalElement.goal_id, GoalElement.element_id))
        .join(Goal, Goal.id == GoalElement.goal_id)
        .where(_active_goals())
        .order_by(GoalElement.goal_id, GoalElement.element_id)
    )


def _reflections() -> Select[Any]:
    columns = _columns(
        Reflection.id,
        Reflection.title,
        Reflection.body,
        Reflection.visibility,
        Reflection.written_at,
        Reflection.activity_id,
        Reflection.goal_id,
    )
    return (
        select(*columns)
        .where(
            Reflection.tenant_id == bindparam("tenant_id"),
            Reflection.staff_id == bindparam("staff_id"),
            Reflection.written_at >= bindparam("start"),
            Reflection.written_at < bindparam("end"),
        )
        .order_by(Reflection.written_at, Reflection.id)
    )


ACTIVITIES = ReadStatement(_activities)
PRIORITIES = ReadStatement(_priorities)
ELEMENTS = ReadStatement(_elements)
GOALS = ReadStatement(_goals)
GOAL_ELEMENTS = ReadStatement(_goal_elements)
REFLECTIONS = ReadStatement(_reflections)
CLIENT_REFLECTIONS = ReadStatement(lambda: _reflections().where(reflections_visible_to_clients()))


@dataclass
class RecordRows:
    """The parts of a record read on the lean path, as response schemas."""

    activities: list[schemas.RecordActivity]
    priority_titles: dict[UUID, str]
    goals: list[schemas.RecordGoal] | None
    """None when the caller may not read goals (they were not read)."""
    reflections: list[schemas.RecordReflection] | None
    """None when the caller may not read reflections (they were not read)."""


@dataclass
class LeanRecord:
    """The lean path for a caller's record, and the reflections statement for what they may see."""

    reads: Reads
    reflections: ReadStatement


def lean_record(db: TenantScope) -> LeanRecord | None:
    """The lean path, when the caller sees every activity and goal of the tenant, and either every reflection
    or those an integration client sees; else None."""
    reads = db.lean_reads(Activity)
    if reads is None or db.lean_reads(Goal) is None:
        return None
    if db.lean_reads(Reflection) is not None:
        return LeanRecord(reads, REFLECTIONS)
    if db.principal is not None and db.principal.grants is None:
        return LeanRecord(reads, CLIENT_REFLECTIONS)
    return None


async def lean_record_rows(
    lean: LeanRecord, db: TenantScope, staff_id: UUID, period: tuple[Any, Any], *, goals: bool, reflections: bool
) -> RecordRows:
    """The record's own rows of ``staff_id`` for ``period`` (two instants, the end exclusive), in one snapshot;
    goals and reflections only when asked for."""
    start, end = period
    values = {"staff_id": staff_id, "start": start, "end": end}
    statements = [ACTIVITIES, PRIORITIES, ELEMENTS]
    statements += [GOALS, GOAL_ELEMENTS] if goals else []
    statements += [lean.reflections] if reflections else []
    found = iter(await lean.reads.fetch(db.tenant_id, *((statement, values) for statement in statements)))
    activities, titles = record_activities(next(found), next(found), next(found))
    goal_list = None
    if goals:
        goal_rows, goal_element_rows = next(found), next(found)
        goal_elements = _grouped(goal_element_rows, "goal_id", "element_id")
        goal_list = msgspec.convert(
            [{**row, "element_ids": goal_elements[row["id"]]} for row in goal_rows], list[schemas.RecordGoal]
        )
    reflection_list = msgspec.convert(next(found), list[schemas.RecordReflection]) if reflections else None
    return RecordRows(activities, titles, goal_list, reflection_list)


def activity_statements() -> tuple[Select[Any], Select[Any], Select[Any]]:
    """The statements of the activities attended in a period, their priorities (with titles) and their framework
    elements, with ``tenant_id``, ``staff_id``, ``start`` and ``end`` bound: the ORM path runs them too."""
    return _activities(), _priorities(), _elements()


def record_activities(
    activity_rows: list[Row], priority_rows: list[Row], element_rows: list[Row]
) -> tuple[list[schemas.RecordActivity], dict[UUID, str]]:
    """The record's activities, and the titles of their priorities, from the rows of ``activity_statements``."""
    priority_ids = _grouped(priority_rows, "activity_id", "priority_id")
    element_ids = _grouped(element_rows, "activity_id", "element_id")
    activities = msgspec.convert(
        [
            {**row, "priority_ids": priority_ids[row["activity_id"]], "element_ids": element_ids[row["activity_id"]]}
            for row in activity_rows
        ],
        list[schemas.RecordActivity],
    )
    titles = msgspec.convert({row["priority_id"]: row["title"] or "" for row in priority_rows}, dict[UUID, str])
    return activities, titles


def _grouped(rows: list[Row], key: str, value: str) -> defaultdict[Any, list[Any]]:
    grouped: defaultdict[Any, list[Any]] = defaultdict(list)
    for row in rows:
        grouped[row[key]].append(row[value])
    return grouped
