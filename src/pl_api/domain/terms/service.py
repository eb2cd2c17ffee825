"""Rules for terms and closures, and the school calendar other areas read (series, reports).

A school's calendar is its own terms and closures plus the tenant's trust-wide ones (``school_id``
null). Term time is the days inside an active term (any kind but ``academic_year``); holidays are the
days between terms and the closures within them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement, or_, select

from pl_api.db.tenant_scope import TenantScope
from pl_api.domain.schemas import apply_changes
from pl_api.domain.schools.models import School
from pl_api.domain.terms.models import Closure, Term
from pl_api.domain.types import check_academic_year
from pl_api.http.problems import Unprocessable, field_problem

MAX_TERM_DAYS = 400
"""Longest academic year or term, in days."""
MAX_CLOSURE_DAYS = 100
"""Longest closure, in days (a summer holiday is the gap between terms, not a closure)."""


def applies_at(model: Any, school_id: UUID | None) -> ColumnElement[bool]:
    """Rows of ``model`` (terms, closures) that apply at ``school_id``: its own and the trust-wide ones."""
    if school_id is None:
        condition: ColumnElement[bool] = model.school_id.is_(None)
        return condition
    return or_(model.school_id.is_(None), model.school_id == school_id)


def _check_dates(starts_on: date | None, ends_on: date | None, longest: int) -> None:
    if starts_on is None or ends_on is None:
        return
    if ends_on < starts_on:
        raise field_problem(Unprocessable, "ends_on", f"ends on {ends_on}, before it starts on {starts_on}")
    if (ends_on - starts_on).days >= longest:
        raise field_problem(Unprocessable, "ends_on", f"spans more than {longest} days")


def year_of(starts_on: date) -> str:
    """The academic year an academic year starting on ``starts_on`` is: ``2026-09-01`` -> ``2026/27``."""
    return f"{starts_on.year}/{(starts_on.year + 1) % 100:02d}"


async def apply_term_changes(db: TenantScope, term: Term, changes: dict[str, Any]) -> None:
    """Check a term's dates, school and parent academic year, then apply the changes."""
    try:
        check_academic_year(changes.get("academic_year"))
    except ValueError as exc:
        raise field_problem(Unprocessable, "academic_year", str(exc)) from exc
    await db.require_one(School, changes.get("school_id"), "school_id")
    apply_changes(term, changes)
    _check_dates(term.starts_on, term.ends_on, MAX_TERM_DAYS)
    if term.parent_id is not None:
        if term.parent_id == term.id:
            raise field_problem(Unprocessable, "parent_id", "a term cannot be its own academic year")
        parent = await db.session.scalar(db.select(Term).where(Term.id == term.parent_id))
        if parent is None:
            raise field_problem(Unprocessable, "parent_id", f"no term with id {term.parent_id} in this tenant")
        _check_child(term, parent)
    elif term.kind == "academic_year" and term.academic_year is None and term.starts_on is not None:
        term.academic_year = year_of(term.starts_on)
    if term.kind == "academic_year":
        await _check_children_fit(db, term)
    elif await has_children(db, term):
        raise field_problem(Unprocessable, "kind", "terms sit within it, so it must stay an academic year")
    db.authorize(term.school_id)


def _check_child(term: Term, parent: Term) -> None:
    if parent.kind != "academic_year":
        raise field_problem(Unprocessable, "parent_id", "a term's parent must be an academic year")
    if term.kind == "academic_year":
        raise field_problem(Unprocessable, "kind", "an academic year cannot sit within another")
    if parent.school_id is not None and term.school_id != parent.school_id:
        raise field_problem(Unprocessable, "school_id", "a term belongs to the school of its academic year")
    if None not in (parent.starts_on, parent.ends_on, term.starts_on, term.ends_on):
        assert parent.starts_on and parent.ends_on and term.starts_on and term.ends_on
        if term.starts_on < parent.starts_on or term.ends_on > parent.ends_on:
            raise field_problem(
                Unprocessable,
                "starts_on" if term.starts_on < parent.starts_on else "ends_on",
                f"falls outside its academic year ({parent.starts_on} to {parent.ends_on})",
            )
    if term.academic_year is None:
        term.academic_year = parent.academic_year


async def _check_children_fit(db: TenantScope, year: Term) -> None:
    children = list(
        await db.session.scalars(select(Term).where(Term.tenant_id == db.tenant_id, Term.parent_id == year.id))
    )
    for child in children:
        if year.school_id is not None and child.school_id != year.school_id:
            raise field_problem(Unprocessable, "school_id", "its terms belong to another school; move them first")
        inside = None in (year.starts_on, year.ends_on, child.starts_on, child.ends_on) or (
            year.starts_on <= child.starts_on and child.ends_on <= year.ends_on  # type: ignore[operator]
        )
        if not inside:
            raise field_problem(Unprocessable, "starts_on", f"its term {child.name!r} would fall outside it")


async def has_children(db: TenantScope, term: Term) -> bool:
    """Whether terms name this academic year as their parent."""
    stmt = select(Term.id).where(Term.tenant_id == db.tenant_id, Term.parent_id == term.id).limit(1)
    return (await db.session.scalar(stmt)) is not None


async def apply_closure_changes(db: TenantScope, closure: Closure, changes: dict[str, Any]) -> None:
    """Check a closure's dates and school, then apply the changes."""
    await db.require_one(School, changes.get("school_id"), "school_id")
    apply_changes(closure, changes)
    if closure.ends_on is None:
        closure.ends_on = closure.starts_on
    _check_dates(closure.starts_on, closure.ends_on, MAX_CLOSURE_DAYS)
    db.authorize(closure.school_id)


@dataclass(frozen=True, slots=True)
class SchoolCalendar:
    """The terms and closures that apply at one school (or trust-wide) over a span of days."""

    terms: list[Term]
    """Active terms (not academic years) overlapping the span, in date order."""
    closures: list[Closure]
    """Closures overlapping the span, in date order."""

    def term_of(self, day: date) -> Term | None:
        """The term ``day`` falls in, or None when it falls between terms."""
        for term in self.terms:
            if term.starts_on and term.ends_on and term.starts_on <= day <= term.ends_on:
                return term
        return None

    def closure_on(self, day: date) -> Closure | None:
        """The closure (INSET day, holiday, other) on ``day``, if any; INSET days first."""
        found = [c for c in self.closures if c.starts_on <= day <= c.ends_on]
        found.sort(key=lambda c: (c.kind != "inset_day", c.starts_on))
        return found[0] if found else None

    def school_days(self, starts_on: date, ends_on: date) -> list[date]:
        """The days from ``starts_on`` to ``ends_on`` in term time and on no closure (weekends included)."""
        days, day = [], starts_on
        while day <= ends_on:
            if self.term_of(day) is not None and self.closure_on(day) is None:
                days.append(day)
            day += timedelta(days=1)
        return days


async def school_calendar(db: TenantScope, school_id: UUID | None, starts_on: date, ends_on: date) -> SchoolCalendar:
    """The calendar at ``school_id`` (None: the trust-wide calendar) from ``starts_on`` to ``ends_on``, read
    whatever the caller may see (the calendar decides dates, it shows nothing)."""
    terms = await db.session.scalars(
        select(Term)
        .where(Term.tenant_id == db.tenant_id, applies_at(Term, school_id), Term.status == "active")
        .where(Term.kind != "academic_year", Term.starts_on <= ends_on, Term.ends_on >= starts_on)
        .order_by(Term.starts_on, Term.id)
    )
    closures = await db.session.scalars(
        select(Closure)
        .where(Closure.tenant_id == db.tenant_id, applies_at(Closure, school_id))
        .where(Closure.starts_on <= ends_on, Closure.ends_on >= starts_on)
        .order_by(Closure.starts_on, Closure.id)
    )
    return SchoolCalendar(list(terms), list(closures))


async def terms_on(db: TenantScope, school_id: UUID | None, day: date) -> list[Term]:
    """The active terms (any kind, academic years included) applying at ``school_id`` that contain ``day``,
    as the caller may see them: for reports asking "this term" of a school."""
    stmt = db.select(Term).where(applies_at(Term, school_id), Term.status == "active")
    stmt = stmt.where(Term.starts_on <= day, Term.ends_on >= day).order_by(Term.starts_on, Term.id)
    return list(await db.session.scalars(stmt))
