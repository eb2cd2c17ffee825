"""Building a staff member's CPD record from participations, goals and reflections."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from uuid import UUID

from sqlalchemy import and_, or_

from pl_api.db.tenant_scope import TenantScope
from pl_api.domain.goals.models import Goal
from pl_api.domain.identity.principal import Principal
from pl_api.domain.records import schemas
from pl_api.domain.records.reads import activity_statements, lean_record, lean_record_rows, record_activities
from pl_api.domain.reflections.models import Reflection
from pl_api.domain.schemas import to_schema
from pl_api.domain.tenants.scopes import allows
from pl_api.http.problems import InvalidRequest, field_problem
from pl_api.plugin_host.host import PluginHost


def academic_year_of(day: date) -> tuple[date, date]:
    """The English academic year (1 September to 31 August) containing ``day``."""
    start_year = day.year if day.month >= 9 else day.year - 1
    return date(start_year, 9, 1), date(start_year + 1, 8, 31)


def requested_period(from_date: date | None, to_date: date | None) -> tuple[date, date]:
    """The days a record or portfolio covers: those asked for, each defaulting to the current academic
    year's; a 400 naming ``to`` when it is before ``from``."""
    default_from, default_to = academic_year_of(datetime.now(UTC).date())
    start, end = from_date or default_from, to_date or default_to
    if end < start:
        raise field_problem(InvalidRequest, "to", "must not be before `from`", "query")
    return start, end


def period_bounds(from_date: date, to_date: date) -> tuple[datetime, datetime]:
    """The instants a period of whole days (both inclusive) starts and ends at, in UTC; the end is exclusive."""
    start = datetime.combine(from_date, time.min, tzinfo=UTC)
    return start, datetime.combine(to_date + timedelta(days=1), time.min, tzinfo=UTC)


async def build_record(
    db: TenantScope,
    principal: Principal,
    plugins: PluginHost,
    staff_id: UUID,
    from_date: date,
    to_date: date,
    *,
    reflection_visibilities: Collection[str] | None = None,
    achieved_goals: bool = False,
) -> schemas.StaffRecord:
    """The record of ``staff_id`` between two dates, inclusive, as ``principal`` may see it.

    ``reflection_visibilities`` narrows the reflections further to those shared in one of these ways
    (None: every one the caller may see); ``achieved_goals`` adds the goals achieved in the period
    (last changed in it) to the active ones. The portfolio uses both."""
    start, end = period_bounds(from_date, to_date)
    may_read_goals = principal.grants is not None or allows(principal.scopes, "goals", "read")
    may_read_reflections = principal.grants is not None or allows(principal.scopes, "reflections", "read")
    lean = lean_record(db)
    if lean is not None and reflection_visibilities is None and not achieved_goals:
        found = await lean_record_rows(
            lean, db, staff_id, (start, end), goals=may_read_goals, reflections=may_read_reflections
        )
        activities, titles = found.activities, found.priority_titles
        goals, reflections = found.goals or [], found.reflections or []
    else:
        activities, titles = await _activities(db, staff_id, start, end)
        goals = await _goals(db, staff_id, (start, end) if achieved_goals else None) if may_read_goals else []
        reflections = (
            await _reflections(db, staff_id, start, end, reflection_visibilities) if may_read_reflections else []
        )
    return schemas.StaffRecord(
        staff_id=staff_id,
        from_date=from_date,
        to_date=to_date,
        activities=activities,
        totals=_totals(activities, titles),
        goals=goals,
        reflections=reflections,
        plugins=await _plugin_sections(db, plugins, staff_id, from_date, to_date),
    )


async def _activities(
    db: TenantScope, staff_id: UUID, start: datetime, end: datetime
) -> tuple[list[schemas.RecordActivity], dict[UUID, str]]:
    """The activities attended in the period and their priorities' titles, by the lean path's own statements."""
    values = {"tenant_id": db.tenant_id, "staff_id": staff_id, "start": start, "end": end}
    results = [await db.session.execute(stmt, values) for stmt in activity_statements()]
    return record_activities(*([dict(row._mapping) for row in result] for result in results))


async def _plugin_sections(
    db: TenantScope, plugins: PluginHost, staff_id: UUID, from_date: date, to_date: date
) -> dict[str, Any]:
    sections = await plugins.react(
        "staff_record_section",
        session=db.session,
        tenant_id=db.tenant_id,
        staff_id=staff_id,
        from_date=from_date,
        to_date=to_date,
    )
    return {plugin.manifest.slug: section for plugin, section in sections if section is not None}


def _totals(activities: list[schemas.RecordActivity], titles: dict[UUID, str]) -> schemas.RecordTotals:
    by_stream: Counter[str] = Counter()
    by_kind: Counter[str] = Counter()
    by_priority: Counter[UUID] = Counter()
    for activity in activities:
        by_stream[activity.stream] += activity.minutes_credited
        by_kind[activity.kind] += activity.minutes_credited
        for priority_id in activity.priority_ids:
            by_priority[priority_id] += activity.minutes_credited
    return schemas.RecordTotals(
        minutes=sum(a.minutes_credited for a in activities),
        activities=len(activities),
        by_stream=dict(sorted(by_stream.items())),
        by_kind=dict(sorted(by_kind.items())),
        by_priority=[
            schemas.PriorityMinutes(priority_id=pid, title=titles.get(pid, ""), minutes=minutes)
            for pid, minutes in by_priority.most_common()
        ],
    )


async def _goals(
    db: TenantScope, staff_id: UUID, achieved_in: tuple[datetime, datetime] | None
) -> list[schemas.RecordGoal]:
    shown = Goal.status == "active"
    if achieved_in is not None:
        start, end = achieved_in
        shown = or_(shown, and_(Goal.status == "achieved", Goal.updated_at >= start, Goal.updated_at < end))
    goals = await db.session.scalars(db.select(Goal).where(Goal.staff_id == staff_id, shown).order_by(Goal.id))
    return [to_schema(goal, schemas.RecordGoal) for goal in goals]


async def _reflections(
    db: TenantScope,
    staff_id: UUID,
    start: datetime,
    end: datetime,
    visibilities: Collection[str] | None,
) -> list[schemas.RecordReflection]:
    stmt = db.select(Reflection).where(
        Reflection.staff_id == staff_id,
        Reflection.written_at >= start,
        Reflection.written_at < end,
    )
    if visibilities is not None:
        stmt = stmt.where(Reflection.visibility.in_(visibilities))
    reflections = await db.session.scalars(stmt.order_by(Reflection.written_at, Reflection.id))
    return [to_schema(r, schemas.RecordReflection) for r in reflections]
