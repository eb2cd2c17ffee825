"""Staff with no recorded learning in a period: a count always, names only for callers allowed them."""

from __future__ import annotations

from collections import defaultdict
from uuid import UUID

from sqlalchemy import select

from pl_api.domain.activities.models import Activity, Participation
from pl_api.domain.reports import schemas
from pl_api.domain.reports.common import TOTAL, ReportScope
from pl_api.domain.staff.models import Staff, StaffMembership


async def unrecorded_report(scope: ReportScope, term_id: UUID | None, names: bool) -> schemas.UnrecordedReport:
    """Active staff of the scope's schools credited with no minutes, in any activity of the trust, in the
    period. ``names`` says whether the caller may see who they are."""
    session, tenant_id = scope.db.session, scope.tenant_id
    learned = set(
        await session.scalars(
            select(Participation.staff_id)
            .join(Activity, Activity.id == Participation.activity_id)
            .where(
                Participation.tenant_id == tenant_id,
                Participation.status == "attended",
                Participation.minutes_credited > 0,
                Activity.status != "cancelled",
                Activity.starts_at >= scope.start,
                Activity.starts_at < scope.end,
            )
            .distinct()
        )
    )
    members = await session.execute(
        select(StaffMembership.school_id, Staff.id, Staff.given_name, Staff.family_name)
        .join(Staff, Staff.id == StaffMembership.staff_id)
        .where(
            Staff.tenant_id == tenant_id,
            Staff.status == "active",
            StaffMembership.school_id.in_(scope.schools),
        )
        .order_by(Staff.family_name, Staff.given_name, Staff.id)
    )
    staff: dict[UUID, list[schemas.NamedStaff]] = defaultdict(list)
    for school_id, staff_id, given, family in members:
        staff[school_id].append(schemas.NamedStaff(staff_id, given, family))

    def row(school_id: UUID | None, label: str, people: list[schemas.NamedStaff]) -> schemas.UnrecordedRow:
        missing = [p for p in people if p.staff_id not in learned]
        return schemas.UnrecordedRow(school_id, label, len(people), len(missing), missing if names else None)

    everyone = list({p.staff_id: p for people in staff.values() for p in people}.values())
    everyone.sort(key=lambda p: (p.family_name, p.given_name, str(p.staff_id)))
    label = scope.label(scope.school_id) if scope.school_id else TOTAL
    return schemas.UnrecordedReport(
        school_id=scope.school_id,
        term_id=term_id,
        from_date=scope.from_date,
        to_date=scope.to_date,
        names_shown=names,
        schools=[row(s, scope.label(s), staff.get(s, [])) for s in scope.schools],
        total=row(scope.school_id, label, everyone),
    )
