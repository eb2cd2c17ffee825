"""Reports as CSV: a header row, then one row per figure or group (standard library ``csv``)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from pl_api.domain.reports import schemas

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""A cell starting with one of these is read as a formula by spreadsheets; such text gets a leading ``'``."""

Row = list[Any]


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_csv(header: list[str], rows: Iterable[Row]) -> str:
    """CSV text with ``header`` first; empty cells for null figures."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([_cell(v) for v in row] for row in rows)
    return out.getvalue()


def _id(value: Any) -> str:
    return "" if value is None else str(value)


HOURS_HEADER = ["school_id", "school", "breakdown", "key", "label", "people", "minutes", "hours", "share", "suppressed"]


def hours_csv(report: schemas.HoursReport) -> str:
    """Per part: a total row, then a row per stream, team, kind, priority, element, mechanism and month."""
    rows: list[Row] = []
    for part in [*report.schools, report.total]:
        school = [_id(part.school_id), part.label]
        rows.append([*school, "total", "", "", part.people, part.minutes, part.hours, "", False])
        for breakdown in ("stream", "team", "kind", "priority", "element", "mechanism"):
            for g in getattr(part, f"by_{breakdown}"):
                rows.append([*school, breakdown, g.key, g.label, g.people, g.minutes, g.hours, g.share, g.suppressed])
        for month in part.by_month:
            for stream in ("whole_school", "team", "individual"):
                minutes = getattr(month, stream)
                hours = None if minutes is None else round(minutes / 60, 2)
                key = f"{month.month}/{stream}"
                rows.append([*school, "month", key, key, "", minutes, hours, "", minutes is None])
    return write_csv(HOURS_HEADER, rows)


COVERAGE_HEADER = [
    "school_id",
    "school",
    "priority_id",
    "priority",
    "activities",
    "completed_activities",
    "people_reached",
    "minutes",
    *(f"level_{n}_{what}" for n in range(1, 6) for what in ("planned", "gathered")),
]


def _levels(evidence: list[schemas.LevelEvidence]) -> Row:
    return [value for level in evidence for value in (level.planned, level.gathered)]


def coverage_csv(report: schemas.CoverageReport) -> str:
    """A row per priority, then a total row."""
    rows: list[Row] = []
    for part in report.schools:
        for p in part.priorities:
            rows.append(
                [
                    _id(part.school_id),
                    part.label,
                    str(p.priority_id),
                    p.title,
                    p.activities,
                    p.completed_activities,
                    p.people_reached,
                    p.minutes,
                    *_levels(p.evidence),
                ]
            )
    t = report.total
    rows.append(
        ["", "Total", "", f"{t.priorities} priorities", t.activities, "", t.people_reached, "", *_levels(t.evidence)]
    )
    return write_csv(COVERAGE_HEADER, rows)


ATTENDANCE_HEADER = [
    "school_id",
    "school",
    "stream",
    "activities",
    "attended",
    "absent",
    "unmarked",
    "rate",
    "suppressed",
]


def attendance_csv(report: schemas.AttendanceReport) -> str:
    """Per part: the overall row, then a row per stream."""
    rows: list[Row] = []
    for part in [*report.schools, report.total]:
        label = part.overall.label
        for r in [part.overall, *part.by_stream]:
            key = "all" if r is part.overall else r.key
            rows.append(
                [_id(part.school_id), label, key, r.activities, r.attended, r.absent, r.unmarked, r.rate, r.suppressed]
            )
    return write_csv(ATTENDANCE_HEADER, rows)


COST_HEADER = [
    "school_id",
    "school",
    "academic_year",
    "budget_pence",
    "spent_pence",
    "planned_pence",
    "remaining_pence",
    "used_share",
    "activities",
    "uncosted_activities",
]


def cost_csv(report: schemas.CostReport) -> str:
    """A row per school, then the total."""
    rows = [
        [
            _id(r.school_id),
            r.label,
            report.academic_year,
            r.budget_pence,
            r.spent_pence,
            r.planned_pence,
            r.remaining_pence,
            r.used_share,
            r.activities,
            r.uncosted_activities,
        ]
        for r in [*report.schools, report.total]
    ]
    return write_csv(COST_HEADER, rows)


UNRECORDED_HEADER = ["school_id", "school", "staff", "unrecorded", "staff_id", "given_name", "family_name"]


def unrecorded_csv(report: schemas.UnrecordedReport) -> str:
    """A row per school and the total; where names may be shown, a row per person after their school's."""
    rows: list[Row] = []
    for r in [*report.schools, report.total]:
        rows.append([_id(r.school_id), r.label, r.staff, r.unrecorded, "", "", ""])
        if r is not report.total:
            for person in r.names or []:
                rows.append(
                    [_id(r.school_id), r.label, "", "", str(person.staff_id), person.given_name, person.family_name]
                )
    return write_csv(UNRECORDED_HEADER, rows)
