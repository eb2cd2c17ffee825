"""Exporting and erasing what pl-api holds about a staff member, and the retention period that erases leavers.

An erasure anonymises rather than deletes: the staff row stays (so attendance, minutes and ratings
still count in the school's figures) but nothing in it, or in any row pointing at it, identifies
the person any longer. Personal writing (reflections, goals, feedback comments) is removed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from pl_api.db.base import utcnow
from pl_api.db.tenant_scope import ACTOR, TenantScope
from pl_api.domain.activities.models import Activity, Feedback, Participation
from pl_api.domain.audit.models import record_audit
from pl_api.domain.calendars.models import CalendarFeed
from pl_api.domain.goals.models import Goal
from pl_api.domain.idempotency.service import forget_idempotent_responses, purge_expired_idempotency_keys
from pl_api.domain.priorities.models import Priority
from pl_api.domain.privacy import schemas
from pl_api.domain.reflections.models import Reflection
from pl_api.domain.schemas import to_schema
from pl_api.domain.series.models import ActivitySeries
from pl_api.domain.staff.models import Staff
from pl_api.domain.staff.schemas import Staff as StaffSchema
from pl_api.domain.teams.models import Team, TeamMember
from pl_api.domain.tenants.models import Tenant
from pl_api.plugin_host.host import PluginHost

ERASED_GIVEN_NAME = "Erased"
ERASED_FAMILY_NAME = "staff member"
ERASED_EMAIL_DOMAIN = "erased.invalid"
"""Erased staff get ``erased-<id>@erased.invalid``: unique, as the column must be, and no one's address."""
CLEARED_FIELDS = ("trn", "job_title", "source", "external_id", "sso_subject")
RETENTION_ACTOR = "system:retention"


def _tenant_rows(db: TenantScope, model: Any, staff_column: Any, staff_id: UUID) -> Any:
    """Every row of ``model`` in the tenant whose ``staff_column`` is the staff member, whoever may see it."""
    return select(model).where(model.tenant_id == db.tenant_id, staff_column == staff_id)


def _activity(activity: Activity) -> schemas.ExportActivity:
    return to_schema(activity, schemas.ExportActivity)


async def export_staff(db: TenantScope, plugins: PluginHost, staff: Staff) -> schemas.StaffExport:
    """Everything held about ``staff`` in the core and in each enabled plugin. Complete: the row rules
    that narrow what a caller sees elsewhere do not apply (the caller was allowed the whole export)."""
    session, staff_id = db.session, staff.id
    teams = await session.execute(
        select(TeamMember, Team)
        .join(Team, Team.id == TeamMember.team_id)
        .where(TeamMember.tenant_id == db.tenant_id, TeamMember.staff_id == staff_id)
        .order_by(TeamMember.created_at, Team.id)
    )
    participations = await session.execute(
        select(Participation, Activity)
        .join(Activity, Activity.id == Participation.activity_id)
        .where(Participation.tenant_id == db.tenant_id, Participation.staff_id == staff_id)
        .order_by(Activity.starts_at, Activity.id)
    )
    led = await session.scalars(
        _tenant_rows(db, Activity, Activity.leader_staff_id, staff_id).order_by(Activity.starts_at, Activity.id)
    )
    feedback = await session.scalars(_tenant_rows(db, Feedback, Feedback.staff_id, staff_id).order_by(Feedback.id))
    goals = await session.scalars(_tenant_rows(db, Goal, Goal.staff_id, staff_id).order_by(Goal.id))
    reflections = await session.scalars(
        _tenant_rows(db, Reflection, Reflection.staff_id, staff_id).order_by(Reflection.written_at, Reflection.id)
    )
    priorities = await session.scalars(
        _tenant_rows(db, Priority, Priority.owner_staff_id, staff_id).order_by(Priority.id)
    )
    feeds = await session.scalars(_tenant_rows(db, CalendarFeed, CalendarFeed.staff_id, staff_id))
    return schemas.StaffExport(
        exported_at=utcnow(),
        staff=to_schema(staff, StaffSchema),
        team_memberships=[
            schemas.ExportTeamMembership(
                team_id=team.id,
                team_name=team.name,
                team_kind=team.kind,
                school_id=team.school_id,
                role=member.role,
                joined_at=member.created_at,
            )
            for member, team in teams
        ],
        participations=[
            schemas.ExportParticipation(
                activity=_activity(activity),
                status=participation.status,
                minutes_credited=participation.minutes_credited,
                created_at=participation.created_at,
                updated_at=participation.updated_at,
            )
            for participation, activity in participations
        ],
        activities_led=[_activity(activity) for activity in led],
        feedback=[to_schema(f, schemas.ExportFeedback) for f in feedback],
        goals=[to_schema(g, schemas.ExportGoal) for g in goals],
        reflections=[to_schema(r, schemas.ExportReflection) for r in reflections],
        priorities_owned=[to_schema(p, schemas.ExportPriority) for p in priorities],
        calendar_feeds=[to_schema(f, schemas.ExportCalendarFeed) for f in feeds],
        series=[to_schema(s, schemas.ExportSeries) for s in await _series_of(db, staff_id)],
        plugins=await plugins.export_sections(session, db.tenant_id, staff_id),
    )


async def _series_of(db: TenantScope, staff_id: UUID) -> list[ActivitySeries]:
    """The tenant's series that invite or are led by the staff member (few per tenant: filtered here, as the
    invitations are a JSON list)."""
    rows = await db.session.scalars(
        select(ActivitySeries).where(ActivitySeries.tenant_id == db.tenant_id).order_by(ActivitySeries.id)
    )
    return [s for s in rows if s.leader_staff_id == staff_id or str(staff_id) in s.participant_ids]


async def erase_staff(db: TenantScope, plugins: PluginHost, staff: Staff) -> schemas.StaffErasure:
    """Anonymise ``staff`` and remove their personal writing, in the session's transaction (the caller
    commits). Each enabled plugin erases its own rows in the same transaction; if one fails, it raises
    and nothing should be committed. The audit log records the erasure as such, beside the changes."""
    session, staff_id, now = db.session, staff.id, utcnow()
    # Answers kept for Idempotency-Key replays may name them (the POST that created them, say).
    await forget_idempotent_responses(session, db.tenant_id, [str(staff_id), staff.email, staff.trn or ""])
    staff.given_name, staff.family_name = ERASED_GIVEN_NAME, ERASED_FAMILY_NAME
    staff.email = f"erased-{staff_id}@{ERASED_EMAIL_DOMAIN}"
    for field in CLEARED_FIELDS:
        setattr(staff, field, None)
    staff.trust_roles = []
    staff.status, staff.erased_at = "erased", now
    for membership in staff.memberships:
        membership.roles = []
    team_members = list(await session.scalars(_tenant_rows(db, TeamMember, TeamMember.staff_id, staff_id)))
    for member in team_members:
        member.role = "member"
    feedback = list(await session.scalars(_tenant_rows(db, Feedback, Feedback.staff_id, staff_id)))
    for item in feedback:
        item.comment = None
    reflections = list(await session.scalars(_tenant_rows(db, Reflection, Reflection.staff_id, staff_id)))
    goals = list(await session.scalars(_tenant_rows(db, Goal, Goal.staff_id, staff_id)))
    feeds = list(await session.scalars(_tenant_rows(db, CalendarFeed, CalendarFeed.staff_id, staff_id)))
    for row in [*reflections, *goals, *feeds]:
        await session.delete(row)
    for series in await _series_of(db, staff_id):  # no longer invited to occurrences planned from now on
        series.participant_ids = [s for s in series.participant_ids if s != str(staff_id)]
    participations = await db.count(_tenant_rows(db, Participation, Participation.staff_id, staff_id))
    await session.flush()
    plugin_counts = await plugins.erase_staff_data(session, db.tenant_id, staff_id)
    record_audit(session, db.tenant_id, action="erased", subject_type="staff", subject_id=staff_id)
    return schemas.StaffErasure(
        staff_id=staff_id,
        erased_at=now,
        anonymised=["given_name", "family_name", "email", *CLEARED_FIELDS, "trust_roles", "memberships.roles"],
        deleted=schemas.DeletedRows(reflections=len(reflections), goals=len(goals), calendar_feeds=len(feeds)),
        kept=schemas.KeptRows(
            school_memberships=len(staff.memberships),
            team_memberships=len(team_members),
            participations=participations,
            feedback=len(feedback),
        ),
        plugins=plugin_counts,
    )


def years_before(day: date, years: int) -> date:
    """The same day ``years`` earlier (29 February becomes the 28th in a year without one)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


@dataclass(frozen=True, slots=True)
class TenantRetention:
    """One tenant's part of a retention run: who left on or before ``left_by`` and so is (or would be) erased."""

    tenant_id: UUID
    tenant_name: str
    retention_years: int
    left_by: date
    staff_ids: list[UUID]


async def due_for_erasure(db: TenantScope, tenant: Tenant, today: date) -> TenantRetention:
    """The tenant's leavers whose leaving date plus the tenant's retention period is ``today`` or earlier."""
    left_by = years_before(today, tenant.retention_years)
    staff_ids = await db.session.scalars(
        select(Staff.id)
        .where(Staff.tenant_id == tenant.id, Staff.status == "left", Staff.left_on.is_not(None))
        .where(Staff.left_on <= left_by)
        .order_by(Staff.id)
    )
    return TenantRetention(tenant.id, tenant.name, tenant.retention_years, left_by, list(staff_ids))


async def run_retention(
    sessions: async_sessionmaker[AsyncSession], plugins: PluginHost, today: date, *, dry_run: bool = False
) -> list[TenantRetention]:
    """Erase, in every tenant, the leavers whose retention period has passed by ``today``, each in a
    transaction of its own, through the same erasure as the API, and delete every tenant's expired
    ``Idempotency-Key`` answers. ``dry_run`` only finds them."""
    async with sessions() as session:
        tenants = list(await session.scalars(select(Tenant).order_by(Tenant.created_at, Tenant.id)))
        if not dry_run:
            await purge_expired_idempotency_keys(session, utcnow())
            await session.commit()
    results: list[TenantRetention] = []
    for tenant in tenants:
        async with sessions() as session:
            db = TenantScope(session, tenant.id, after_commit=plugins.deliver if plugins.plugins else None)
            session.info[ACTOR] = RETENTION_ACTOR
            due = await due_for_erasure(db, tenant, today)
            if not dry_run:
                for staff_id in due.staff_ids:
                    await erase_staff(db, plugins, await db.get(Staff, staff_id))
                    await db.commit()
        results.append(due)
    return results
