"""What coaching adds to a staff member's CPD record and data export, and how it forgets them.

The record is appraisal-facing (their leaders read it), so it shows coaching only with the coachee's
consent (``record_shared``): the steps they mastered, and for a coach the count of steps their
consenting coachees mastered. Notes never appear there. The export is the staff member's own and
holds everything.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from uuid import UUID

import msgspec
from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from pl_api_coaching.models import (
    CoachingDropIn,
    CoachingLibrary,
    CoachingLibraryItem,
    CoachingMeeting,
    CoachingRelationship,
    CoachingStepAssignment,
)

NOTE_FIELDS: dict[Any, tuple[str, ...]] = {
    CoachingDropIn: ("evidence",),
    CoachingMeeting: ("praise", "probe", "model_notes", "plan"),
    CoachingStepAssignment: ("revision",),
}


async def record_section(
    session: AsyncSession, tenant_id: UUID, staff_id: UUID, from_date: date, to_date: date
) -> dict[str, Any] | None:
    """Steps mastered in the period: the coachee's own, and (as a count) those of a coach's coachees;
    only from relationships whose coachee consented. None when there is nothing to show."""
    start = datetime.combine(from_date, time.min, tzinfo=UTC)
    end = datetime.combine(to_date + timedelta(days=1), time.min, tzinfo=UTC)
    a, rel, item, lib = CoachingStepAssignment, CoachingRelationship, CoachingLibraryItem, CoachingLibrary
    rows = (
        await session.execute(
            select(a, rel.coach_staff_id, item.code, item.title, lib.name)
            .join(rel, rel.id == a.relationship_id)
            .join(item, item.id == a.step_id)
            .join(lib, lib.id == item.library_id)
            .where(
                a.tenant_id == tenant_id,
                a.status == "mastered",
                a.mastered_at >= start,
                a.mastered_at < end,
                rel.record_shared.is_(True),
                or_(rel.coachee_staff_id == staff_id, rel.coach_staff_id == staff_id),
            )
            .order_by(a.mastered_at, a.id)
        )
    ).all()
    mine = [
        {"step_id": str(step.step_id), "code": code, "title": title, "library": name, "mastered_at": step.mastered_at}
        for step, _coach, code, title, name in rows
        if step.coachee_staff_id == staff_id
    ]
    coached = sum(1 for step, coach, *_ in rows if coach == staff_id)
    if not mine and not coached:
        return None
    section: dict[str, Any] = msgspec.to_builtins({"steps_mastered": mine, "steps_mastered_by_coachees": coached})
    return section


async def export_staff(session: AsyncSession, tenant_id: UUID, staff_id: UUID) -> dict[str, Any]:
    """Every coaching row about the staff member, as coach or coachee, notes included."""
    rel = CoachingRelationship
    rels = list(
        await session.scalars(
            select(rel)
            .where(rel.tenant_id == tenant_id, or_(rel.coach_staff_id == staff_id, rel.coachee_staff_id == staff_id))
            .order_by(rel.id)
        )
    )
    ids = [r.id for r in rels]

    async def rows(model: Any) -> list[dict[str, Any]]:
        found = await session.scalars(select(model).where(model.relationship_id.in_(ids)).order_by(model.id))
        return [_plain(r) for r in found]

    export: dict[str, Any] = msgspec.to_builtins(
        {
            "relationships": [_plain(r) for r in rels],
            "drop_ins": await rows(CoachingDropIn),
            "meetings": await rows(CoachingMeeting),
            "step_assignments": await rows(CoachingStepAssignment),
        }
    )
    return export


def _plain(obj: Any) -> dict[str, Any]:
    return {c.key: getattr(obj, c.key) for c in obj.__table__.columns if c.key != "tenant_id"}


async def erase_staff(session: AsyncSession, tenant_id: UUID, staff_id: UUID) -> int:
    """Blank every coaching note written by or about the staff member (in relationships where they coach
    or are coached), keeping dates, minutes and step statuses for the other person's record and the
    school's aggregates. Returns how many rows were changed; the caller commits."""
    rel = CoachingRelationship
    ids = select(rel.id).where(
        rel.tenant_id == tenant_id, or_(rel.coach_staff_id == staff_id, rel.coachee_staff_id == staff_id)
    )
    changed = 0
    for model, fields in NOTE_FIELDS.items():
        result = await session.execute(
            update(model)
            .where(model.tenant_id == tenant_id, model.relationship_id.in_(ids))
            .values({name: None for name in fields})
            .execution_options(synchronize_session=False)
        )
        changed += int(getattr(result, "rowcount", 0) or 0)
    return changed
