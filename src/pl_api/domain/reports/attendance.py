"""The attendance report: who was marked attended or absent at completed activities."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from uuid import UUID

from sqlalchemy import select

from pl_api.domain.activities.models import Activity, Participation
from pl_api.domain.reports import schemas
from pl_api.domain.reports.common import TOTAL, ReportScope, ratio, small
from pl_api.domain.reports.hours import STREAMS


@dataclass(frozen=True, slots=True)
class _Mark:
    activity_id: UUID
    school_id: UUID | None
    stream: str
    staff_id: UUID
    status: str


def _row(key: str, label: str, marks: list[_Mark]) -> schemas.AttendanceRow:
    attended = sum(1 for m in marks if m.status == "attended")
    absent = sum(1 for m in marks if m.status == "absent")
    people = len({m.staff_id for m in marks if m.status != "invited"})
    withheld = small(people)
    return schemas.AttendanceRow(
        key=key,
        label=label,
        activities=len({m.activity_id for m in marks}),
        attended=attended,
        absent=absent,
        unmarked=sum(1 for m in marks if m.status == "invited"),
        rate=None if withheld else ratio(attended, attended + absent),
        suppressed=withheld,
    )


async def attendance_report(scope: ReportScope) -> schemas.AttendanceReport:
    """Attendance at the scope's completed activities in the period."""
    stmt = scope.activities(
        select(Activity.id, Activity.school_id, Activity.stream, Participation.staff_id, Participation.status)
        .join(Participation, Participation.activity_id == Activity.id)
        .where(Activity.status == "completed")
    )
    marks = [_Mark(*row) for row in await scope.db.session.execute(stmt)]

    def part(school_id: UUID | None, label: str, rows: list[_Mark]) -> schemas.AttendancePart:
        by_stream = [_row(s, s, [m for m in rows if m.stream == s]) for s in STREAMS]
        return schemas.AttendancePart(school_id, _row("overall", label, rows), by_stream)

    by_school: dict[UUID | None, list[_Mark]] = defaultdict(list)
    for mark in marks:
        by_school[mark.school_id].append(mark)
    return schemas.AttendanceReport(
        school_id=scope.school_id,
        from_date=scope.from_date,
        to_date=scope.to_date,
        schools=[part(s, scope.label(s), by_school.get(s, [])) for s in scope.part_ids(set(by_school))],
        total=part(scope.school_id, scope.label(scope.school_id) if scope.school_id else TOTAL, marks),
    )
