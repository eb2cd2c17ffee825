"""The two state machines, and the rules that hold however a step or relationship is moved.

Relationship: setup -> active <-> paused; any of them -> closed (final).

Step assignment: proposed -> active -> practised -> observed -> mastered (final), where practised needs
a logged rehearsal, observed a drop-in with the step in focus, and mastered the coach citing at least
one such drop-in. From active, practised or observed a step may be revised or paused; revised and
paused steps go back to active. A coachee works on at most ``max_active_steps`` steps at once
(active, practised or observed).

Every refusal is a problem raised before anything is written.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from uuid import UUID

from sqlalchemy import exists, func, select

from pl_api.plugin import Conflict, TenantScope, Unprocessable, emit_event, field_problem
from pl_api_coaching.models import CoachingDropIn, CoachingMeeting, CoachingRelationship, CoachingStepAssignment
from pl_api_coaching.settings import CoachingSettings

RELATIONSHIP_MOVES: dict[str, tuple[str, ...]] = {
    "setup": ("active", "closed"),
    "active": ("paused", "closed"),
    "paused": ("active", "closed"),
    "closed": (),
}
STEP_MOVES: dict[str, tuple[str, ...]] = {
    "proposed": ("active",),
    "active": ("practised", "revised", "paused"),
    "practised": ("observed", "revised", "paused"),
    "observed": ("mastered", "revised", "paused"),
    "revised": ("active",),
    "paused": ("active",),
    "mastered": (),
}
IN_PROGRESS = ("active", "practised", "observed")
"""The statuses counted against a coachee's limit of active steps."""


class RelationshipTransitionRefused(Conflict):
    """The relationship cannot move to the status asked for."""

    slug, default_title = "coaching-relationship-transition", "The coaching relationship cannot move there"


class RelationshipNotActive(Conflict):
    """Drop-ins, meetings and step changes need an active relationship."""

    slug, default_title = "coaching-relationship-not-active", "The coaching relationship is not active"


class StepTransitionRefused(Conflict):
    """The step assignment cannot move to the status asked for."""

    slug, default_title = "coaching-step-transition", "The step cannot move there"


class StepLimitReached(Conflict):
    """The coachee already works on as many steps as the deployment allows."""

    slug, default_title = "coaching-step-limit", "The coachee already has the most active steps allowed"


def _moves(allowed: tuple[str, ...]) -> str:
    return ", ".join(allowed) if allowed else "nothing (it is final)"


def move_relationship(rel: CoachingRelationship, to: str) -> None:
    """Change a relationship's status, or refuse (409) naming where it can go."""
    allowed = RELATIONSHIP_MOVES[rel.status]
    if to not in allowed:
        raise RelationshipTransitionRefused(
            f"a relationship in {rel.status} can move to {_moves(allowed)}, not to {to}"
        )
    rel.status = to


def ensure_active(rel: CoachingRelationship) -> None:
    """Coaching is recorded only while the relationship is active (409 otherwise)."""
    if rel.status != "active":
        hint = 'start it with POST …/transitions {"to": "active"}' if rel.status != "closed" else "it is closed"
        raise RelationshipNotActive(f"the relationship is {rel.status}, so nothing can be recorded on it: {hint}")


def is_overdue(rel: CoachingRelationship, settings: CoachingSettings, today: date) -> bool:
    """Whether the relationship's follow-up is past due (an active relationship, no drop-in since)."""
    if rel.status != "active" or rel.follow_up_on is None:
        return False
    return rel.follow_up_on + timedelta(days=settings.overdue_grace_days) < today


async def _in_progress(db: TenantScope, coachee_id: UUID, other_than: UUID) -> int:
    a = CoachingStepAssignment
    stmt = select(func.count()).where(
        a.tenant_id == db.tenant_id, a.coachee_staff_id == coachee_id, a.status.in_(IN_PROGRESS), a.id != other_than
    )
    return int(await db.session.scalar(stmt) or 0)


async def activate(
    db: TenantScope, settings: CoachingSettings, step: CoachingStepAssignment, at: datetime | None = None
) -> None:
    """Make a step active, within the coachee's limit; the first time (at ``at``, default now) it is *set*,
    and an event says so."""
    active = await _in_progress(db, step.coachee_staff_id, step.id)
    if active >= settings.max_active_steps:
        raise StepLimitReached(
            f"the coachee already works on {active} step(s) and at most {settings.max_active_steps} may be "
            "active at once: master, revise or pause one first"
        )
    step.status = "active"
    if step.set_at is None:
        step.set_at = at or datetime.now(UTC)
        emit_event(
            db.session,
            db.tenant_id,
            "coaching.step.set",
            step.id,
            {"relationship_id": str(step.relationship_id), "step_id": str(step.step_id)},
        )


async def move_step(
    db: TenantScope,
    settings: CoachingSettings,
    step: CoachingStepAssignment,
    to: str,
    drop_in_ids: list[UUID],
    revision: str | None,
    at: datetime | None = None,
) -> None:
    """Move a step assignment, checking the edge (409) and its evidence (422); ``at`` is when it happened."""
    allowed = STEP_MOVES[step.status]
    if to not in allowed:
        raise StepTransitionRefused(f"a step that is {step.status} can move to {_moves(allowed)}, not to {to}")
    if to == "active":
        await activate(db, settings, step, at)
        return
    if to == "practised":
        await _require_rehearsal(db, step)
    elif to == "observed":
        await _require_observation(db, step)
    elif to == "mastered":
        await _require_cited_drop_ins(db, step, drop_in_ids)
        mastered_at = at or datetime.now(UTC)
        if step.set_at is not None and mastered_at < step.set_at:
            raise field_problem(Unprocessable, "at", "a step cannot be mastered before it was set")
        step.mastered_at = mastered_at
        step.evidence_drop_in_ids = [str(i) for i in dict.fromkeys(drop_in_ids)]
        emit_event(
            db.session,
            db.tenant_id,
            "coaching.step.mastered",
            step.id,
            {"relationship_id": str(step.relationship_id), "step_id": str(step.step_id)},
        )
    elif to == "revised" and revision is not None:
        step.revision = revision
    step.status = to


async def _require_rehearsal(db: TenantScope, step: CoachingStepAssignment) -> None:
    m = CoachingMeeting
    rehearsed = await db.session.scalar(
        select(exists().where(m.tenant_id == db.tenant_id, m.assignment_id == step.id, m.rehearsal_rounds > 0))
    )
    if not rehearsed:
        raise Unprocessable(
            "a step is practised once a rehearsal is logged: record a feedback meeting on this step "
            "with rehearsal_rounds of 1 or more first"
        )


async def _require_observation(db: TenantScope, step: CoachingStepAssignment) -> None:
    d = CoachingDropIn
    observed = await db.session.scalar(select(exists().where(d.tenant_id == db.tenant_id, d.assignment_id == step.id)))
    if not observed:
        raise Unprocessable(
            "a step is observed in class once a drop-in has it in focus: record a drop-in with this assignment_id first"
        )


async def _require_cited_drop_ins(db: TenantScope, step: CoachingStepAssignment, drop_in_ids: list[UUID]) -> None:
    if not drop_in_ids:
        raise field_problem(
            Unprocessable, "drop_in_ids", "cite at least one drop-in that saw this step in class to confirm mastery"
        )
    d = CoachingDropIn
    found = set(
        await db.session.scalars(
            select(d.id).where(d.tenant_id == db.tenant_id, d.assignment_id == step.id, d.id.in_(drop_in_ids))
        )
    )
    missing = sorted(str(i) for i in set(drop_in_ids) - found)
    if missing:
        raise field_problem(Unprocessable, "drop_in_ids", f"not drop-ins with this step in focus: {', '.join(missing)}")
