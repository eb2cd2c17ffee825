"""Building a portfolio: the staff member's CPD record (one builder for both), arranged for the meeting.

The privacy rules (docs/portfolio.md): a reflection appears only if its author shared it with leaders and
the caller may see it; the author's own copy may add their other reflections when they ask
(``include_unshared``), each marked as not shared. Plugins contribute their record sections, which hold
only what leaders may see (coaching notes never).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import get_args
from uuid import UUID

import msgspec
from sqlalchemy import select

from pl_api.db.tenant_scope import TenantScope
from pl_api.domain.frameworks.models import Framework, FrameworkElement
from pl_api.domain.identity.principal import Principal
from pl_api.domain.portfolio import schemas
from pl_api.domain.portfolio.evidence import EvidenceContext, gather_evidence
from pl_api.domain.records.schemas import PriorityMinutes, RecordActivity, StaffRecord
from pl_api.domain.records.service import build_record, period_bounds
from pl_api.domain.schools.models import School
from pl_api.domain.staff.models import Staff, StaffMembership
from pl_api.plugin_host.host import PluginHost

SHARED_WITH_LEADERS = "leaders"
STREAMS: tuple[schemas.Stream, ...] = get_args(schemas.Stream)


def hours(minutes: int) -> float:
    """Minutes as hours, to one decimal place."""
    return round(minutes / 60, 1)


async def build_portfolio(
    db: TenantScope,
    principal: Principal,
    plugins: PluginHost,
    staff: Staff,
    period: tuple[date, date],
    *,
    include_unshared: bool = False,
) -> schemas.Portfolio:
    """The portfolio of ``staff`` for ``period`` (two dates, inclusive) as ``principal`` may see it.
    ``include_unshared`` is for the staff member's own copy (the caller checks who asks)."""
    from_date, to_date = period
    record = await build_record(
        db,
        principal,
        plugins,
        staff.id,
        from_date,
        to_date,
        reflection_visibilities=None if include_unshared else (SHARED_WITH_LEADERS,),
        achieved_goals=True,
    )
    element_ids = {e for a in record.activities for e in a.element_ids}
    element_ids |= {e for g in record.goals for e in g.element_ids}
    elements = await _elements(db, element_ids)
    start, end = period_bounds(from_date, to_date)
    return schemas.Portfolio(
        staff=await _person(db, staff),
        from_date=from_date,
        to_date=to_date,
        generated_at=datetime.now(UTC),
        learning=_learning(record, elements),
        goals=[
            schemas.PortfolioGoal(
                id=g.id,
                title=g.title,
                description=g.description,
                status=g.status,
                starts_on=g.starts_on,
                review_on=g.review_on,
                elements=_named(g.element_ids, elements),
            )
            for g in record.goals
        ],
        evidence=await gather_evidence(EvidenceContext(db, principal, staff.id, start, end)),
        reflections=[
            schemas.PortfolioReflection(
                id=r.id,
                title=r.title,
                body=r.body,
                visibility=r.visibility,
                shared_with_leaders=r.visibility == SHARED_WITH_LEADERS,
                written_at=r.written_at,
                activity_id=r.activity_id,
                goal_id=r.goal_id,
            )
            for r in record.reflections
        ],
        includes_unshared_reflections=include_unshared,
        plugins=[
            schemas.PortfolioContribution(
                slug=slug, name=plugins.get(slug).manifest.name, content=msgspec.to_builtins(section)
            )
            for slug, section in sorted(record.plugins.items())
        ],
    )


async def _person(db: TenantScope, staff: Staff) -> schemas.PortfolioPerson:
    rows = await db.session.execute(
        select(School.id, School.name)
        .join(StaffMembership, StaffMembership.school_id == School.id)
        .where(School.tenant_id == db.tenant_id, StaffMembership.staff_id == staff.id)
        .order_by(School.name, School.id)
    )
    return schemas.PortfolioPerson(
        id=staff.id,
        given_name=staff.given_name,
        family_name=staff.family_name,
        job_title=staff.job_title,
        status=staff.status,
        schools=[schemas.PortfolioSchool(id=i, name=name) for i, name in rows],
    )


async def _elements(db: TenantScope, ids: set[UUID]) -> dict[UUID, schemas.PortfolioElement]:
    if not ids:
        return {}
    rows = await db.session.execute(
        select(FrameworkElement.id, FrameworkElement.code, FrameworkElement.title, Framework.name)
        .join(Framework, Framework.id == FrameworkElement.framework_id)
        .where(FrameworkElement.tenant_id == db.tenant_id, FrameworkElement.id.in_(ids))
    )
    return {i: schemas.PortfolioElement(id=i, code=code, title=title, framework=name) for i, code, title, name in rows}


def _named(ids: Iterable[UUID], elements: dict[UUID, schemas.PortfolioElement]) -> list[schemas.PortfolioElement]:
    found = [elements[i] for i in ids if i in elements]
    return sorted(found, key=lambda e: (e.framework, e.code))


def _learning(record: StaffRecord, elements: dict[UUID, schemas.PortfolioElement]) -> schemas.PortfolioLearning:
    titles = {p.priority_id: p.title for p in record.totals.by_priority}
    streams = [_stream(s, [a for a in record.activities if a.stream == s], titles, elements) for s in STREAMS]
    return schemas.PortfolioLearning(
        minutes=record.totals.minutes,
        hours=hours(record.totals.minutes),
        activities=record.totals.activities,
        streams=streams,
    )


def _stream(
    stream: schemas.Stream,
    activities: list[RecordActivity],
    priority_titles: dict[UUID, str],
    elements: dict[UUID, schemas.PortfolioElement],
) -> schemas.PortfolioStream:
    by_element: Counter[UUID] = Counter()
    by_priority: Counter[UUID] = Counter()
    for activity in activities:
        by_element.update({e: activity.minutes_credited for e in activity.element_ids if e in elements})
        by_priority.update({p: activity.minutes_credited for p in activity.priority_ids})
    minutes = sum(a.minutes_credited for a in activities)
    ranked = sorted(by_element.items(), key=lambda kv: (-kv[1], elements[kv[0]].framework, elements[kv[0]].code))
    return schemas.PortfolioStream(
        stream=stream,
        minutes=minutes,
        hours=hours(minutes),
        activities=activities,
        elements=[schemas.PortfolioElementMinutes(element=elements[e], minutes=m) for e, m in ranked],
        priorities=[
            PriorityMinutes(priority_id=p, title=priority_titles.get(p, ""), minutes=m)
            for p, m in sorted(by_priority.items(), key=lambda kv: (-kv[1], priority_titles.get(kv[0], "")))
        ],
    )
