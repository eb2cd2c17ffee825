"""The evidence in a portfolio, gathered from sources: one async function per kind of evidence.

To add a kind (say, evaluation follow-ups at Guskey levels 3 to 5): write a source that returns
``PortfolioEvidence``s of a new ``EvidenceKind`` for the context's staff member and period, add the kind and its
heading to ``EVIDENCE_HEADINGS``, and append the source to ``EVIDENCE_SOURCES``. The JSON, the HTML page and
the ordering pick it up; the source alone decides what the caller may see.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from pl_api.db.tenant_scope import TenantScope
from pl_api.domain.activities.models import Activity, Feedback, Participation
from pl_api.domain.identity.principal import Principal
from pl_api.domain.portfolio.schemas import PortfolioEvidence
from pl_api.domain.tenants.scopes import allows


@dataclass(frozen=True)
class EvidenceContext:
    """Whose evidence, over which period (``start`` inclusive, ``end`` exclusive), and who asks."""

    db: TenantScope
    principal: Principal
    staff_id: UUID
    start: datetime
    end: datetime


EvidenceSource = Callable[[EvidenceContext], Awaitable[list[PortfolioEvidence]]]


async def activities_led(ctx: EvidenceContext) -> list[PortfolioEvidence]:
    """Activities the staff member led in the period (not cancelled), with how many attended. Like the
    attended activities of the record, shown to whoever may read the record."""
    attended = (
        select(func.count())
        .where(Participation.activity_id == Activity.id, Participation.status == "attended")
        .scalar_subquery()
    )
    rows = await ctx.db.session.execute(
        select(Activity, attended)
        .where(
            Activity.tenant_id == ctx.db.tenant_id,
            Activity.leader_staff_id == ctx.staff_id,
            Activity.status != "cancelled",
            Activity.starts_at >= ctx.start,
            Activity.starts_at < ctx.end,
        )
        .order_by(Activity.starts_at, Activity.id)
    )
    return [
        PortfolioEvidence(
            kind="activity_led",
            on=activity.starts_at.date(),
            title=activity.title,
            activity_id=activity.id,
            detail=f"{activity.status}, {count} attended" if activity.status == "completed" else activity.status,
        )
        for activity, count in rows
    ]


async def feedback_given(ctx: EvidenceContext) -> list[PortfolioEvidence]:
    """Feedback the staff member gave on activities in the period: the learning they reported (Guskey level
    2). Never the reaction rating or the comment: those judge the activity and whoever led it, and showing
    them at a performance meeting would cost honest feedback. Only feedback the caller may see (the author,
    ``activities.write`` holders in the activity's school, keys with ``activities:read``)."""
    principal = ctx.principal
    if principal.grants is None and not allows(principal.scopes, "activities", "read"):
        return []
    activity = aliased(Activity)  # the visibility rule on feedback refers to Activity itself
    rows = await ctx.db.session.execute(
        ctx.db.select(Feedback)
        .join(activity, activity.id == Feedback.activity_id)
        .where(Feedback.staff_id == ctx.staff_id, activity.starts_at >= ctx.start, activity.starts_at < ctx.end)
        .add_columns(activity.title, activity.starts_at)
        .order_by(activity.starts_at, activity.id)
    )
    return [
        PortfolioEvidence(
            kind="feedback_given",
            on=starts_at.date(),
            title=title,
            activity_id=feedback.activity_id,
            detail=f"learning rated {feedback.learning} of 5",
            guskey_level=2,
        )
        for feedback, title, starts_at in rows
    ]


EVIDENCE_SOURCES: tuple[EvidenceSource, ...] = (activities_led, feedback_given)
"""Every source of evidence, in the order their items are listed on the same day."""

EVIDENCE_HEADINGS: dict[str, str] = {
    "activity_led": "Activities led",
    "feedback_given": "Feedback given on activities attended",
}
"""The heading of each kind on the printable page, in the order the page shows them."""


async def gather_evidence(ctx: EvidenceContext) -> list[PortfolioEvidence]:
    """Every source's items, in date order (a day's items in the order of the sources)."""
    items: list[PortfolioEvidence] = []
    for source in EVIDENCE_SOURCES:
        items += await source(ctx)
    return sorted(items, key=lambda item: item.on)
