"""What every report shares: the scope (a school or the whole trust, over a period) and the small-group rule."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, TypeVar
from uuid import UUID

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from pl_api.db.tenant_scope import TenantScope
from pl_api.domain.activities.models import Activity
from pl_api.domain.schools.models import School

SMALL_GROUP = 3
"""Minutes, shares, rates and mean ratings of a group of fewer than this many people are withheld."""
TRUST_WIDE = "Trust-wide activities"
"""The label of the part of a trust report holding activities (or priorities) of no school."""
TOTAL = "Total"

S = TypeVar("S", bound=Select)  # type: ignore[type-arg]


@dataclass(frozen=True, slots=True)
class ReportScope:
    """A report's subject: one school (``school_id``) or the whole trust (None), between two dates inclusive."""

    db: TenantScope
    school_id: UUID | None
    from_date: date
    to_date: date
    schools: dict[UUID, str] = field(default_factory=dict)
    """The schools given a part of their own, by id, with their names (in name order)."""
    limited: bool = False
    """A report of several schools that is not the whole trust: those a user may report on, and nothing
    trust-wide."""

    @property
    def start(self) -> datetime:
        """The first instant of the period."""
        return datetime.combine(self.from_date, time.min, tzinfo=UTC)

    @property
    def end(self) -> datetime:
        """The instant after the period."""
        return datetime.combine(self.to_date + timedelta(days=1), time.min, tzinfo=UTC)

    @property
    def tenant_id(self) -> UUID:
        return self.db.tenant_id

    def label(self, school_id: UUID | None) -> str:
        """A part's label: the school's name, or the trust-wide label."""
        return self.schools.get(school_id, "") if school_id is not None else TRUST_WIDE

    def activities(self, stmt: S) -> S:
        """``stmt`` (which selects from activities) narrowed to the scope's activities in the period, cancelled
        ones left out."""
        stmt = stmt.where(
            Activity.tenant_id == self.tenant_id,
            Activity.status != "cancelled",
            Activity.starts_at >= self.start,
            Activity.starts_at < self.end,
        )
        return stmt.where(self.of_schools(Activity.school_id)) if self.school_id or self.limited else stmt

    def of_schools(self, column: Any) -> Any:
        """The condition that ``column`` names one of the scope's schools."""
        return column == self.school_id if self.school_id is not None else column.in_(self.schools)

    def part_ids(self, seen: set[UUID | None]) -> list[UUID | None]:
        """The parts a report shows: every school of the scope, then trust-wide ones if any were ``seen``."""
        parts: list[UUID | None] = list(self.schools)
        if self.school_id is None and not self.limited and None in seen:
            parts.append(None)
        return parts


async def report_scope(
    db: TenantScope, school_id: UUID | None, from_date: date, to_date: date, only: frozenset[UUID] | None = None
) -> ReportScope:
    """The scope of a report, with the names of the schools it covers: ``school_id``, or every school of the
    trust, or (``only``) those of them a user may report on."""
    stmt = select(School.id, School.name).where(School.tenant_id == db.tenant_id).order_by(School.name, School.id)
    if school_id is not None:
        stmt = stmt.where(School.id == school_id)
    elif only is not None:
        stmt = stmt.where(School.id.in_(only))
    schools = {row_id: name for row_id, name in await db.session.execute(stmt)}
    return ReportScope(db, school_id, from_date, to_date, schools, limited=school_id is None and only is not None)


def hours_of(minutes: int | None) -> float | None:
    """Minutes as hours, to two decimal places."""
    return None if minutes is None else round(minutes / 60, 2)


def ratio(numerator: int, denominator: int) -> float | None:
    """A share to three decimal places; None when there is nothing to divide by."""
    return round(numerator / denominator, 3) if denominator else None


def small(people: int) -> bool:
    """Whether a group is too small to show what its people did."""
    return 0 < people < SMALL_GROUP


def academic_years(from_date: date, to_date: date) -> list[str]:
    """The English academic years (September to August) a period touches: ``2026/27`` and so on."""
    first = from_date.year if from_date.month >= 9 else from_date.year - 1
    last = to_date.year if to_date.month >= 9 else to_date.year - 1
    return [f"{year}/{(year + 1) % 100:02d}" for year in range(first, last + 1)]


async def pairs(session: AsyncSession, stmt: Select[Any, Any]) -> dict[Any, Any]:
    """The rows of a two-column select as a mapping from the first column to the second."""
    return {key: value for key, value in await session.execute(stmt)}
