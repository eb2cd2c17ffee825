"""``/v1/coaching/fidelity``: how coaching is done, per coach and per school, for PD leads.

Counts, shares and medians only: no notes, no steps' names, no coachee named.
"""

from __future__ import annotations

import itertools
import statistics
from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated, Any
from uuid import UUID

import msgspec
from litestar.params import QueryParameter
from sqlalchemy import select

from pl_api.plugin import Controller, Db, FromQuery, Unprocessable, field_problem, get, problems
from pl_api_coaching.models import (
    CoachingDropIn,
    CoachingLibraryItem,
    CoachingMeeting,
    CoachingRelationship,
    CoachingStepAssignment,
)

MAX_PERIOD_DAYS = 3 * 366


class Fidelity(msgspec.Struct, kw_only=True):
    """How coaching was done in the period."""

    relationships: int
    drop_ins: int
    meetings: int
    steps_mastered: int
    cadence_kept: float | None
    """Share of cadence periods (from each relationship's start) with at least one drop-in."""
    rehearsal_share: float | None
    """Share of feedback meetings with at least one rehearsal round."""
    median_days_to_mastered: float | None
    """Median days from a step being set to its mastery."""
    step_continuity: float | None
    """Share of a coachee's next steps that stay within the skill of the step before."""


class CoachFidelity(Fidelity, kw_only=True):
    """One coach's coaching in one school."""

    coach_staff_id: UUID
    school_id: UUID


class SchoolFidelity(Fidelity, kw_only=True):
    """All coaching in one school."""

    school_id: UUID


class FidelityReport(msgspec.Struct, kw_only=True):
    """Fidelity per coach and per school, between two dates (inclusive)."""

    from_date: date = msgspec.field(name="from")
    to_date: date = msgspec.field(name="to")
    coaches: list[CoachFidelity]
    schools: list[SchoolFidelity]


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def measure(
    rels: list[CoachingRelationship],
    drop_ins: dict[UUID, list[datetime]],
    meetings: dict[UUID, list[int]],
    steps: dict[UUID, list[CoachingStepAssignment]],
    skill_of: dict[UUID, UUID | None],
    start: date,
    end: date,
) -> Fidelity:
    """The fidelity measures of some relationships over ``start``..``end``."""
    windows = kept = 0
    for rel in rels:
        if rel.status == "setup":
            continue
        first = max(rel.starts_on, start)
        day = rel.starts_on + timedelta(days=((first - rel.starts_on).days // rel.cadence_days) * rel.cadence_days)
        seen = sorted(d.date() for d in drop_ins.get(rel.id, []))
        while day <= end:
            window_end = day + timedelta(days=rel.cadence_days)
            if window_end - timedelta(days=1) <= end:  # only whole periods count
                windows += 1
                kept += any(day <= d < window_end for d in seen)
            day = window_end
    rounds = [r for rel in rels for r in meetings.get(rel.id, [])]
    mastered_days = [
        (s.mastered_at - s.set_at).total_seconds() / 86400
        for rel in rels
        for s in steps.get(rel.id, [])
        if s.status == "mastered" and s.set_at and s.mastered_at
    ]
    pairs = same = 0
    for rel in rels:
        sequence = sorted((s for s in steps.get(rel.id, []) if s.set_at), key=lambda s: (s.set_at, s.id))
        for before, after in itertools.pairwise(sequence):
            pairs += 1
            same += skill_of.get(before.step_id) == skill_of.get(after.step_id)
    return Fidelity(
        relationships=len(rels),
        drop_ins=sum(len(drop_ins.get(rel.id, [])) for rel in rels),
        meetings=len(rounds),
        steps_mastered=len(mastered_days),
        cadence_kept=_share(kept, windows),
        rehearsal_share=_share(sum(1 for r in rounds if r > 0), len(rounds)),
        median_days_to_mastered=round(statistics.median(mastered_days), 1) if mastered_days else None,
        step_continuity=_share(same, pairs),
    )


def _academic_year(today: date) -> tuple[date, date]:
    start_year = today.year if today.month >= 9 else today.year - 1
    return date(start_year, 9, 1), date(start_year + 1, 8, 31)


class FidelityController(Controller):
    """Fidelity of coaching, for PD leads."""

    path = "/coaching/fidelity"

    @get("/", operation_id="CoachingGetFidelity", responses=problems(422), opt={"permission": "coaching.fidelity"})
    async def fidelity(
        self,
        db: Db,
        school_id: FromQuery[UUID | None] = None,
        from_date: Annotated[date | None, QueryParameter(name="from")] = None,
        to_date: Annotated[date | None, QueryParameter(name="to")] = None,
    ) -> FidelityReport:
        """Per coach and school: cadence kept, share of meetings with rehearsal, median days from step set to
        mastered, step continuity within a skill; the current academic year unless `from`/`to` say otherwise.
        Only schools where the caller holds `coaching.fidelity`; never any notes."""
        year_start, year_end = _academic_year(datetime.now(UTC).date())
        start, end = from_date or year_start, to_date or year_end
        if end < start:
            raise field_problem(Unprocessable, "to", "must not be before `from`", "query")
        if (end - start).days > MAX_PERIOD_DAYS:
            raise field_problem(Unprocessable, "to", f"a period of at most {MAX_PERIOD_DAYS} days, please", "query")
        rel = CoachingRelationship
        stmt = db.select(rel)
        principal = db.principal
        if principal is not None and principal.grants is not None:
            schools = principal.grants.schools_with("coaching.fidelity")
            if schools is not None:
                stmt = stmt.where(rel.school_id.in_(schools))
        if school_id is not None:
            stmt = stmt.where(rel.school_id == school_id)
        rels = list(await db.session.scalars(stmt.where(rel.starts_on <= end)))
        ids = [r.id for r in rels]
        lo = datetime.combine(start, time.min, tzinfo=UTC)
        hi = datetime.combine(end + timedelta(days=1), time.min, tzinfo=UTC)
        d, m, a, item = CoachingDropIn, CoachingMeeting, CoachingStepAssignment, CoachingLibraryItem
        drop_ins: dict[UUID, list[datetime]] = defaultdict(list)
        for rel_id, observed_at in await db.session.execute(
            select(d.relationship_id, d.observed_at).where(
                d.relationship_id.in_(ids), d.observed_at >= lo, d.observed_at < hi
            )
        ):
            drop_ins[rel_id].append(observed_at)
        meetings: dict[UUID, list[int]] = defaultdict(list)
        for rel_id, rounds in await db.session.execute(
            select(m.relationship_id, m.rehearsal_rounds).where(
                m.relationship_id.in_(ids), m.held_at >= lo, m.held_at < hi
            )
        ):
            meetings[rel_id].append(rounds)
        steps: dict[UUID, list[CoachingStepAssignment]] = defaultdict(list)
        for step in await db.session.scalars(
            select(a).where(a.relationship_id.in_(ids), a.set_at >= lo, a.set_at < hi)
        ):
            steps[step.relationship_id].append(step)
        step_ids = {s.step_id for group in steps.values() for s in group}
        skill_of: dict[UUID, UUID | None] = {
            step_id: parent
            for step_id, parent in await db.session.execute(
                select(item.id, item.parent_id).where(item.id.in_(step_ids))
            )
        }
        coaches: dict[tuple[UUID, UUID], list[CoachingRelationship]] = defaultdict(list)
        by_school: dict[UUID, list[CoachingRelationship]] = defaultdict(list)
        for r in rels:
            coaches[(r.coach_staff_id, r.school_id)].append(r)
            by_school[r.school_id].append(r)

        def of(group: list[CoachingRelationship]) -> dict[str, Any]:
            return msgspec.structs.asdict(measure(group, drop_ins, meetings, steps, skill_of, start, end))

        return FidelityReport(
            from_date=start,
            to_date=end,
            coaches=[
                CoachFidelity(coach_staff_id=coach, school_id=school, **of(group))
                for (coach, school), group in sorted(coaches.items(), key=lambda kv: (str(kv[0][1]), str(kv[0][0])))
            ],
            schools=[
                SchoolFidelity(school_id=school, **of(group))
                for school, group in sorted(by_school.items(), key=lambda kv: str(kv[0]))
            ],
        )
