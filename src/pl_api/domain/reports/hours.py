"""The hours report: minutes credited to attended participations, broken down every way leaders ask."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from sqlalchemy import select

from pl_api.domain.activities.kinds import ActivityKindRegistry
from pl_api.domain.activities.models import Activity, ActivityElement, ActivityPriority, Participation
from pl_api.domain.frameworks.models import FrameworkElement
from pl_api.domain.priorities.models import Priority
from pl_api.domain.reports import schemas
from pl_api.domain.reports.common import TOTAL, ReportScope, hours_of, pairs, ratio, small
from pl_api.domain.teams.models import Team

STREAMS = ("whole_school", "team", "individual")


@dataclass(frozen=True, slots=True)
class Credit:
    """Minutes one staff member was credited for one activity."""

    activity_id: UUID
    school_id: UUID | None
    team_id: UUID | None
    kind: str
    stream: str
    month: str
    mechanisms: tuple[str, ...]
    staff_id: UUID
    minutes: int


async def _credits(scope: ReportScope) -> list[Credit]:
    stmt = scope.activities(
        select(
            Activity.id,
            Activity.school_id,
            Activity.team_id,
            Activity.kind,
            Activity.stream,
            Activity.starts_at,
            Activity.mechanisms,
            Participation.staff_id,
            Participation.minutes_credited,
        )
        .join(Participation, Participation.activity_id == Activity.id)
        .where(Participation.status == "attended", Participation.minutes_credited > 0)
    )
    return [
        Credit(a_id, school, team, kind, stream, f"{starts:%Y-%m}", tuple(mechanisms or ()), staff, minutes)
        for a_id, school, team, kind, stream, starts, mechanisms, staff, minutes in await scope.db.session.execute(stmt)
    ]


async def _links(scope: ReportScope, link: type[ActivityPriority] | type[ActivityElement]) -> dict[UUID, list[UUID]]:
    target = link.priority_id if link is ActivityPriority else link.element_id  # type: ignore[union-attr]
    stmt = scope.activities(select(link.activity_id, target).join(Activity, Activity.id == link.activity_id))
    found: dict[UUID, list[UUID]] = defaultdict(list)
    for activity_id, target_id in await scope.db.session.execute(stmt):
        found[activity_id].append(target_id)
    return found


def _groups(
    credits: Iterable[Credit], keys: Callable[[Credit], Iterable[str]], label: Callable[[str], str]
) -> list[schemas.Group]:
    minutes: dict[str, int] = defaultdict(int)
    people: dict[str, set[UUID]] = defaultdict(set)
    for credit in credits:
        for key in keys(credit):
            minutes[key] += credit.minutes
            people[key].add(credit.staff_id)
    rows = [_group(key, label(key), minutes[key], len(people[key])) for key in minutes]
    return sorted(rows, key=lambda g: (g.label, g.key))


def _group(key: str, label: str, minutes: int, people: int) -> schemas.Group:
    if small(people):
        return schemas.Group(key, label, people, None, None, suppressed=True)
    return schemas.Group(key, label, people, minutes, hours_of(minutes))


def _streams(credits: list[Credit]) -> list[schemas.Group]:
    found = {g.key: g for g in _groups(credits, lambda c: [c.stream], str)}
    total = sum(c.minutes for c in credits)
    rows = []
    for stream in STREAMS:
        group = found.get(stream, schemas.Group(stream, stream, 0, 0, 0.0))
        if group.minutes is not None:
            group.share = ratio(group.minutes, total)
        rows.append(group)
    return rows


def _months(credits: list[Credit], from_date: date, to_date: date) -> list[schemas.MonthStream]:
    cells = {(g.key): g for g in _groups(credits, lambda c: [f"{c.month}|{c.stream}"], str)}
    months, year, month = [], from_date.year, from_date.month
    while (year, month) <= (to_date.year, to_date.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)

    def cell(month: str, stream: str) -> int | None:
        group = cells.get(f"{month}|{stream}")
        return 0 if group is None else group.minutes

    return [schemas.MonthStream(m, cell(m, "whole_school"), cell(m, "team"), cell(m, "individual")) for m in months]


async def hours_report(scope: ReportScope, kinds: ActivityKindRegistry) -> schemas.HoursReport:
    """The hours report for ``scope``."""
    credits = await _credits(scope)
    priorities, elements = await _links(scope, ActivityPriority), await _links(scope, ActivityElement)
    session, tenant_id = scope.db.session, scope.tenant_id
    teams = await pairs(session, select(Team.id, Team.name).where(Team.tenant_id == tenant_id))
    titles = await pairs(session, select(Priority.id, Priority.title).where(Priority.tenant_id == tenant_id))
    element_rows = await session.execute(
        select(FrameworkElement.id, FrameworkElement.code, FrameworkElement.title).where(
            FrameworkElement.tenant_id == tenant_id
        )
    )
    element_labels = {str(e_id): f"{code} {title}" for e_id, code, title in element_rows}
    kind_names = {kind.slug: kind.name for kind in kinds}

    def part(school_id: UUID | None, label: str, rows: list[Credit]) -> schemas.HoursPart:
        minutes = sum(c.minutes for c in rows)
        return schemas.HoursPart(
            school_id=school_id,
            label=label,
            minutes=minutes,
            hours=hours_of(minutes) or 0.0,
            people=len({c.staff_id for c in rows}),
            by_stream=_streams(rows),
            by_team=_groups(rows, lambda c: [str(c.team_id)] if c.team_id else [], lambda k: teams.get(UUID(k), "")),
            by_kind=_groups(rows, lambda c: [c.kind], lambda k: kind_names.get(k, k)),
            by_priority=_groups(
                rows, lambda c: [str(p) for p in priorities.get(c.activity_id, [])], lambda k: titles.get(UUID(k), "")
            ),
            by_element=_groups(
                rows, lambda c: [str(e) for e in elements.get(c.activity_id, [])], lambda k: element_labels.get(k, "")
            ),
            by_mechanism=_groups(rows, lambda c: list(c.mechanisms), lambda k: k.replace("_", " ")),
            by_month=_months(rows, scope.from_date, scope.to_date),
        )

    by_school: dict[UUID | None, list[Credit]] = defaultdict(list)
    for credit in credits:
        by_school[credit.school_id].append(credit)
    parts = [part(s, scope.label(s), by_school.get(s, [])) for s in scope.part_ids(set(by_school))]
    return schemas.HoursReport(
        school_id=scope.school_id,
        from_date=scope.from_date,
        to_date=scope.to_date,
        schools=parts,
        total=part(scope.school_id, scope.label(scope.school_id) if scope.school_id else TOTAL, credits),
    )
