"""Building a staff member's CPD record from participations, goals and reflections."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from uuid import UUID

from sqlalchemy import select

from pl_api.db.tenant_scope import TenantScope
from pl_api.domain.activities.models import Activity, ActivityPriority, Participation
from pl_api.domain.goals.models import Goal
from pl_api.domain.identity.principal import Principal
from pl_api.domain.priorities.models import Priority
from pl_api.domain.records import schemas
from pl_api.domain.reflections.models import Reflection
from pl_api.domain.schemas import to_schema
from pl_api.domain.tenants.scopes import allows
from pl_api.plugin_host.host import PluginHost

RECORD_COLUMNS = (
    Activity.id,
    Activity.title,
    Activity.kind,
    Activity.stream,
    Activity.starts_at,
    Activity.duration_minutes,
    Activity.school_id,
    Activity.team_id,
)


def academic_year_of(day: date) -> tuple[date, date]:
    """The English academic year (1 September to 31 August) containing ``day``."""
    start_year = day.year if day.month >= 9 else day.year - 1
    return date(start_year, 9, 1), date(start_year + 1, 8, 31)


async def build_record(
    db: TenantScope, principal: Principal, plugins: PluginHost, staff_id: UUID, from_date: date, to_date: date
) -> schemas.StaffRecord:
    """The record of ``staff_id`` between two dates, inclusive, as ``principal`` may see it."""
    start = datetime.combine(from_date, time.min, tzinfo=UTC)
    end = datetime.combine(to_date + timedelta(days=1), time.min, tzinfo=UTC)
    attended = (
        Participation.tenant_id == db.tenant_id,
        Participation.staff_id == staff_id,
        Participation.status == "attended",
        Activity.status != "cancelled",
        Activity.starts_at >= start,
        Activity.starts_at < end,
    )
    # Columns, not entities: two queries in all, however many activities the year holds.
    rows = await db.session.execute(
        select(*RECORD_COLUMNS, Participation.minutes_credited)
        .join(Participation, Participation.activity_id == Activity.id)
        .where(*attended)
        .order_by(Activity.starts_at, Activity.id)
    )
    links = await db.session.execute(
        select(ActivityPriority.activity_id, ActivityPriority.priority_id)
        .join(Activity, Activity.id == ActivityPriority.activity_id)
        .join(Participation, Participation.activity_id == Activity.id)
        .where(*attended)
        .order_by(ActivityPriority.activity_id, ActivityPriority.priority_id)
    )
    priority_ids: defaultdict[UUID, list[UUID]] = defaultdict(list)
    for activity_id, priority_id in links:
        priority_ids[activity_id].append(priority_id)
    activities = [
        schemas.RecordActivity(
            activity_id=row.id,
            title=row.title,
            kind=row.kind,
            stream=row.stream,
            starts_at=row.starts_at,
            duration_minutes=row.duration_minutes,
            minutes_credited=row.minutes_credited,
            school_id=row.school_id,
            team_id=row.team_id,
            priority_ids=priority_ids[row.id],
        )
        for row in rows
    ]
    return schemas.StaffRecord(
        staff_id=staff_id,
        from_date=from_date,
        to_date=to_date,
        activities=activities,
        totals=await _totals(db, activities),
        goals=await _goals(db, principal, staff_id),
        reflections=await _reflections(db, principal, staff_id, start, end),
        plugins=await _plugin_sections(db, plugins, staff_id, from_date, to_date),
    )


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


async def _totals(db: TenantScope, activities: list[schemas.RecordActivity]) -> schemas.RecordTotals:
    by_stream: Counter[str] = Counter()
    by_kind: Counter[str] = Counter()
    by_priority: Counter[UUID] = Counter()
    for activity in activities:
        by_stream[activity.stream] += activity.minutes_credited
        by_kind[activity.kind] += activity.minutes_credited
        for priority_id in activity.priority_ids:
            by_priority[priority_id] += activity.minutes_credited
    titles: dict[UUID, str] = {}
    if by_priority:
        rows = await db.session.execute(
            select(Priority.id, Priority.title).where(Priority.tenant_id == db.tenant_id, Priority.id.in_(by_priority))
        )
        titles = {priority_id: title for priority_id, title in rows}
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


async def _goals(db: TenantScope, principal: Principal, staff_id: UUID) -> list[schemas.RecordGoal]:
    if principal.grants is None and not allows(principal.scopes, "goals", "read"):
        return []
    goals = await db.session.scalars(
        db.select(Goal).where(Goal.staff_id == staff_id, Goal.status == "active").order_by(Goal.id)
    )
    return [to_schema(goal, schemas.RecordGoal) for goal in goals]


async def _reflections(
    db: TenantScope, principal: Principal, staff_id: UUID, start: datetime, end: datetime
) -> list[schemas.RecordReflection]:
    if principal.grants is None and not allows(principal.scopes, "reflections", "read"):
        return []
    reflections = await db.session.scalars(
        db.select(Reflection)
        .where(
            Reflection.staff_id == staff_id,
            Reflection.written_at >= start,
            Reflection.written_at < end,
        )
        .order_by(Reflection.written_at, Reflection.id)
    )
    return [to_schema(r, schemas.RecordReflection) for r in reflections]
