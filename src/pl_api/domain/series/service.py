"""Planning a series' occurrences and changing or cancelling them from a date on.

Occurrences are ordinary activities (with ``series_id`` and ``series_date``). A series never changes,
cancels or deletes an occurrence that is completed or has attendance recorded: those are kept, and said so.
Dates the calendar no longer allows are cancelled, never deleted, so calendars show them as cancelled.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from sqlalchemy import select

from pl_api.db.tenant_scope import TenantScope
from pl_api.domain.activities.kinds import ActivityKindRegistry
from pl_api.domain.activities.models import Activity, ActivityElement, ActivityPriority, Participation
from pl_api.domain.frameworks.models import FrameworkElement
from pl_api.domain.priorities.models import Priority
from pl_api.domain.schemas import apply_changes
from pl_api.domain.schools.models import School
from pl_api.domain.series import dates, schemas
from pl_api.domain.series.models import ActivitySeries
from pl_api.domain.staff.models import Staff
from pl_api.domain.teams.models import Team
from pl_api.domain.terms.models import Term
from pl_api.domain.terms.service import school_calendar
from pl_api.http.problems import Conflict, Unprocessable, field_problem

TEMPLATE_FIELDS = (
    "title",
    "description",
    "kind",
    "stream",
    "duration_minutes",
    "location",
    "leader_staff_id",
    "mechanisms",
    "cost_pence",
    "team_id",
)
"""Fields every occurrence copies from its series."""
TIMING_FIELDS = frozenset({"start_time", "timezone"})
LIST_FIELDS = ("priority_ids", "element_ids", "participant_ids")
RECORDED = ("attended", "absent")


async def apply_series_changes(
    db: TenantScope, kinds: ActivityKindRegistry, series: ActivitySeries, changes: dict[str, Any]
) -> None:
    """Check a series' references, window and recurrence, then apply the changes (the caller re-plans)."""
    if "kind" in changes and changes["kind"] not in kinds:
        raise field_problem(Unprocessable, "kind", f"unknown kind {changes['kind']!r}; see GET /v1/activity-kinds")
    await db.require_one(School, changes.get("school_id"), "school_id")
    await db.require_one(Team, changes.get("team_id"), "team_id")
    await db.require_one(Staff, changes.get("leader_staff_id"), "leader_staff_id")
    for name, model in (("priority_ids", Priority), ("element_ids", FrameworkElement), ("participant_ids", Staff)):
        if name in changes:
            ids = sorted(set(changes[name]))
            await db.require_all(model, ids, name)
            changes[name] = [str(i) for i in ids]
    if "mechanisms" in changes:
        changes["mechanisms"] = sorted(set(changes["mechanisms"]))
    term_id = changes.pop("term_id", None)
    apply_changes(series, {k: v for k, v in changes.items() if v is not None or k not in ("starts_on", "ends_on")})
    if term_id is not None:
        await _run_in_term(db, series, term_id, changes)
    if series.starts_on is None:
        raise field_problem(Unprocessable, "starts_on", "give `starts_on` and `ends_on`, or a `term_id`")
    if series.ends_on is None:
        raise field_problem(Unprocessable, "ends_on", "give `ends_on`, or a `term_id`")
    if series.term_id is not None and "ends_on" in changes:
        term = await db.session.get(Term, series.term_id)
        if term is not None and term.ends_on is not None and series.ends_on > term.ends_on:
            raise field_problem(Unprocessable, "ends_on", f"falls after its term ends ({term.ends_on})")
    dates.check_recurrence(series)
    db.authorize(series.school_id)


async def _run_in_term(db: TenantScope, series: ActivitySeries, term_id: UUID, changes: dict[str, Any]) -> None:
    await db.require_one(Term, term_id, "term_id")
    term = await db.session.get(Term, term_id)
    assert term is not None
    if term.starts_on is None or term.ends_on is None:
        raise field_problem(Unprocessable, "term_id", "the term has no dates yet")
    if term.school_id is not None and term.school_id != series.school_id:
        raise field_problem(Unprocessable, "term_id", "the term belongs to another school")
    series.term_id = term.id
    series.starts_on = changes.get("starts_on") or term.starts_on
    series.ends_on = changes.get("ends_on") or term.ends_on
    if series.starts_on < term.starts_on or series.ends_on > term.ends_on:
        field = "starts_on" if series.starts_on < term.starts_on else "ends_on"
        raise field_problem(Unprocessable, field, f"falls outside the term ({term.starts_on} to {term.ends_on})")


def _template(series: ActivitySeries, names: set[str]) -> dict[str, Any]:
    return {name: getattr(series, name) for name in TEMPLATE_FIELDS if name in names}


def _links(db: TenantScope, series: ActivitySeries, activity: Activity) -> dict[str, Any]:
    return {
        "priority_links": [
            ActivityPriority(tenant_id=db.tenant_id, activity_id=activity.id, priority_id=UUID(i))
            for i in series.priority_ids
        ],
        "element_links": [
            ActivityElement(tenant_id=db.tenant_id, activity_id=activity.id, element_id=UUID(i))
            for i in series.element_ids
        ],
    }


@dataclass(slots=True)
class Outcome:
    """What a change did to a series' occurrences."""

    created: list[UUID] = field(default_factory=list)
    updated: list[UUID] = field(default_factory=list)
    cancelled: list[UUID] = field(default_factory=list)
    kept: list[schemas.KeptOccurrence] = field(default_factory=list)


async def plan_dates(db: TenantScope, series: ActivitySeries) -> dates.Plan:
    """The dates of the series by its school's calendar; ``skipped`` is kept on the series."""
    calendar = await school_calendar(db, series.school_id, series.starts_on, series.ends_on)
    planned = dates.plan(series, calendar)
    series.skipped = planned.skipped
    return planned


async def replan(
    db: TenantScope,
    series: ActivitySeries,
    apply_from: date | None,
    changed: set[str],
    planned: dates.Plan | None = None,
) -> Outcome:
    """Bring the occurrences from ``apply_from`` (default: the start) in line with the series: create those the
    calendar now allows, cancel planned ones it no longer does, copy the ``changed`` fields onto the rest."""
    if series.status == "cancelled":
        raise Conflict("the series was cancelled; plan a new one")
    planned = planned or await plan_dates(db, series)
    first = max(apply_from or series.starts_on, series.starts_on)
    wanted = [d for d in planned.dates if d >= first]
    existing = await _occurrences(db, series, first)
    kept = await _kept(db, existing)
    participations = await _participations(db, [a.id for a in existing]) if "participant_ids" in changed else {}
    result = Outcome()
    wanted_set, covered = set(wanted), {a.series_date for a in existing}
    for activity in existing:
        if activity.id in kept:
            result.kept.append(schemas.KeptOccurrence(activity.id, kept[activity.id]))
        elif activity.series_date in wanted_set:
            if activity.status == "cancelled":  # cancelled on its own: stays so, as it is
                continue
            if await _update(db, series, activity, changed, participations.get(activity.id, [])):
                result.updated.append(activity.id)
        elif activity.status == "planned":
            activity.status = "cancelled"
            result.cancelled.append(activity.id)
    new = [_occurrence(db, series, day) for day in wanted if day not in covered]
    db.session.add_all(new)
    await db.session.flush()  # the activities first: their participations refer to them
    db.session.add_all(
        Participation(tenant_id=db.tenant_id, activity_id=a.id, staff_id=UUID(s), status="invited")
        for a in new
        for s in series.participant_ids
    )
    result.created = [a.id for a in new]
    return result


def _occurrence(db: TenantScope, series: ActivitySeries, day: date) -> Activity:
    activity = Activity(
        tenant_id=db.tenant_id,
        school_id=series.school_id,
        series_id=series.id,
        series_date=day,
        starts_at=dates.starts_at(series, day),
        status="planned",
        **_template(series, set(TEMPLATE_FIELDS)),
    )
    apply_changes(activity, _links(db, series, activity))
    return activity


async def _update(
    db: TenantScope, series: ActivitySeries, activity: Activity, changed: set[str], invited: list[Participation]
) -> bool:
    """Copy the changed fields of the series onto one occurrence; whether anything changed."""
    values = _template(series, changed)
    if changed & TIMING_FIELDS and activity.series_date is not None:
        values["starts_at"] = dates.starts_at(series, activity.series_date)
    touched = False
    for name, value in values.items():
        if getattr(activity, name) != value:
            setattr(activity, name, value)
            touched = True
    links = _links(db, series, activity)
    if "priority_ids" in changed and set(activity.priority_ids) != {UUID(i) for i in series.priority_ids}:
        activity.priority_links = links["priority_links"]
        touched = True
    if "element_ids" in changed and set(activity.element_ids) != {UUID(i) for i in series.element_ids}:
        activity.element_links = links["element_links"]
        touched = True
    if "participant_ids" in changed:
        touched = await _invite(db, series, activity, invited) or touched
    return touched


async def _invite(db: TenantScope, series: ActivitySeries, activity: Activity, current: list[Participation]) -> bool:
    """Invite the series' staff not yet in the occurrence; withdraw invitations of those it no longer lists."""
    wanted = {UUID(s) for s in series.participant_ids}
    withdrawn = [p for p in current if p.staff_id not in wanted and p.status == "invited"]
    for participation in withdrawn:
        await db.session.delete(participation)
    added = wanted - {p.staff_id for p in current}
    db.session.add_all(
        Participation(tenant_id=db.tenant_id, activity_id=activity.id, staff_id=s, status="invited") for s in added
    )
    return bool(added or withdrawn)


async def _occurrences(db: TenantScope, series: ActivitySeries, first: date | None) -> list[Activity]:
    stmt = select(Activity).where(Activity.tenant_id == db.tenant_id, Activity.series_id == series.id)
    if first is not None:
        stmt = stmt.where(Activity.series_date >= first)
    return list(await db.session.scalars(stmt.order_by(Activity.series_date, Activity.id)))


async def _participations(db: TenantScope, activity_ids: list[UUID]) -> dict[UUID, list[Participation]]:
    found: dict[UUID, list[Participation]] = {}
    if activity_ids:
        rows = await db.session.scalars(
            select(Participation).where(
                Participation.tenant_id == db.tenant_id, Participation.activity_id.in_(activity_ids)
            )
        )
        for row in rows:
            found.setdefault(row.activity_id, []).append(row)
    return found


async def _kept(db: TenantScope, occurrences: list[Activity]) -> dict[UUID, schemas.KeptReason]:
    """The occurrences a series must leave alone: completed, or with attendance recorded."""
    kept: dict[UUID, schemas.KeptReason] = {a.id: "completed" for a in occurrences if a.status == "completed"}
    others = [a.id for a in occurrences if a.id not in kept]
    if others:
        recorded = await db.session.scalars(
            select(Participation.activity_id)
            .where(Participation.tenant_id == db.tenant_id, Participation.activity_id.in_(others))
            .where(Participation.status.in_(RECORDED))
        )
        kept |= {activity_id: "attendance_recorded" for activity_id in recorded}
    return kept


async def cancel_from(db: TenantScope, series: ActivitySeries, apply_from: date) -> Outcome:
    """Cancel the planned occurrences from ``apply_from`` on, and end the series the day before (from its
    start: the whole series). Completed occurrences and those with attendance recorded are kept."""
    existing = await _occurrences(db, series, apply_from)
    kept = await _kept(db, existing)
    result = Outcome()
    for activity in existing:
        if activity.id in kept:
            result.kept.append(schemas.KeptOccurrence(activity.id, kept[activity.id]))
        elif activity.status == "planned":
            activity.status = "cancelled"
            result.cancelled.append(activity.id)
    if apply_from <= series.starts_on:
        series.status = "cancelled"
    elif apply_from <= series.ends_on:
        series.ends_on = apply_from - timedelta(days=1)
    return result


async def delete_series(db: TenantScope, series: ActivitySeries) -> None:
    """Delete a series with its occurrences, unless one is completed or has attendance recorded (409)."""
    occurrences = await _occurrences(db, series, None)
    if await _kept(db, occurrences):
        raise Conflict("occurrences of the series are completed or have attendance recorded; cancel the rest instead")
    for activity in occurrences:
        await db.session.delete(activity)
    await db.delete(series, "the series is still referred to")
