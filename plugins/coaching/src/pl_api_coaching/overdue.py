"""Noticing follow-ups that are overdue: ``pl-api coaching check-overdue``, for an operator to schedule.

Reads show ``follow_up_overdue`` on a relationship whenever it is true, without writing anything.
The command is what announces it: once per follow-up it writes a ``coaching.follow_up.overdue``
event, so webhooks and plugins can remind the coach. Run it daily (cron, a Kubernetes CronJob …).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from uuid import UUID

import click
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from pl_api.plugin import emit_event, run_with_session
from pl_api_coaching.models import CoachingRelationship
from pl_api_coaching.settings import CoachingSettings


async def check_overdue(
    session: AsyncSession, settings: CoachingSettings, today: date, tenant_id: UUID | None = None
) -> int:
    """Announce each active relationship's follow-up that is past due and not yet announced; commits.
    Returns how many were announced."""
    rel = CoachingRelationship
    due_before = today - timedelta(days=settings.overdue_grace_days)
    stmt = select(rel).where(
        rel.status == "active",
        rel.follow_up_on.is_not(None),
        rel.follow_up_on < due_before,
        rel.follow_up_alerted.is_(False),
    )
    if tenant_id is not None:
        stmt = stmt.where(rel.tenant_id == tenant_id)
    found = list(await session.scalars(stmt.order_by(rel.id)))
    for relationship in found:
        relationship.follow_up_alerted = True
        emit_event(
            session,
            relationship.tenant_id,
            "coaching.follow_up.overdue",
            relationship.id,
            {
                "coach_staff_id": str(relationship.coach_staff_id),
                "follow_up_on": str(relationship.follow_up_on),
            },
        )
    await session.commit()
    return len(found)


def commands(settings: CoachingSettings) -> list[click.Command]:
    """The plugin's commands."""

    @click.command("check-overdue")
    @click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), help="Check as of this date (default: today).")
    def check_overdue_command(today: datetime | None) -> None:
        """Announce overdue follow-ups (a coaching.follow_up.overdue event each, once); schedule it daily."""
        if not settings.alert_overdue_follow_ups:
            click.echo("overdue alerts are switched off (alert_overdue_follow_ups = false)")
            return
        day = today.date() if today else datetime.now(UTC).date()
        count = run_with_session(lambda session: check_overdue(session, settings, day))
        click.echo(f"{count} overdue follow-up(s) announced")

    return [check_overdue_command]
