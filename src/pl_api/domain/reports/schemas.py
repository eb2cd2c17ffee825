"""Report schemas. Every figure is an aggregate; see docs/reports.md for what each one means."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import msgspec


class Group(msgspec.Struct):
    """Minutes credited to a group of activities (a stream, team, kind, priority, element, mechanism or month).

    ``minutes``, ``hours`` and ``share`` are null (and ``suppressed`` true) when fewer than three people
    were credited, so no one's own learning can be read off a small group."""

    key: str
    label: str
    people: int
    """Distinct staff credited with minutes."""
    minutes: int | None
    hours: float | None
    share: float | None = None
    """Of the part's minutes (streams only), 0 to 1."""
    suppressed: bool = False


class MonthStream(msgspec.Struct):
    """One month's minutes by stream (null where withheld as a small group)."""

    month: str
    """``2026-09``."""
    whole_school: int | None
    team: int | None
    individual: int | None


class HoursPart(msgspec.Struct):
    """The hours figures of one school (or of trust-wide activities, or the total)."""

    school_id: UUID | None
    label: str
    minutes: int
    hours: float
    people: int
    by_stream: list[Group]
    """The three streams, always all three: their minutes and shares (the balance of the streams)."""
    by_team: list[Group]
    by_kind: list[Group]
    by_priority: list[Group]
    by_element: list[Group]
    by_mechanism: list[Group]
    by_month: list[MonthStream]


class HoursReport(msgspec.Struct):
    """Hours of learning credited, by stream, team, kind, priority, framework element and EEF mechanism."""

    school_id: UUID | None
    """The school reported on; null for the whole trust."""
    from_date: date
    to_date: date
    schools: list[HoursPart]
    """One part per school (and one for trust-wide activities, ``school_id`` null, in a trust report)."""
    total: HoursPart


class LevelEvidence(msgspec.Struct):
    """Evaluation evidence at one of Guskey's levels."""

    level: int
    name: str
    planned: int
    """Measures planned at this level."""
    gathered: int
    """Feedback given (levels 1 and 2) or follow-ups recorded (levels 3 to 5)."""
    mean_rating: float | None = None
    """Levels 1 and 2: the mean rating, 1 to 5 (null with fewer than three responses)."""


class PriorityCoverage(msgspec.Struct):
    """How far the CPD serving a priority reached, and what evaluation evidence it has."""

    priority_id: UUID
    title: str
    academic_year: str
    status: str
    activities: int
    """Activities serving it in the period (cancelled ones excluded)."""
    completed_activities: int
    people_reached: int
    """Distinct staff who attended one of them."""
    minutes: int | None
    evidence: list[LevelEvidence]


class CoveragePart(msgspec.Struct):
    """The priorities of one school (or the trust-wide priorities)."""

    school_id: UUID | None
    label: str
    priorities: list[PriorityCoverage]


class CoverageTotal(msgspec.Struct):
    """The coverage report's totals."""

    priorities: int
    activities: int
    people_reached: int
    evidence: list[LevelEvidence]


class CoverageReport(msgspec.Struct):
    """Coverage of each priority: activities, people reached, evaluation evidence per Guskey level."""

    school_id: UUID | None
    from_date: date
    to_date: date
    schools: list[CoveragePart]
    total: CoverageTotal


class AttendanceRow(msgspec.Struct):
    """Attendance at completed activities. ``rate`` = attended / (attended + absent); participants still
    only ``invited`` (never marked) are counted as ``unmarked`` and left out of the rate."""

    key: str
    label: str
    activities: int
    attended: int
    absent: int
    unmarked: int
    rate: float | None
    """Null when nobody was marked, or fewer than three people were (a small group)."""
    suppressed: bool = False


class AttendancePart(msgspec.Struct):
    """One school's attendance (or trust-wide activities', or the total)."""

    school_id: UUID | None
    overall: AttendanceRow
    by_stream: list[AttendanceRow]


class AttendanceReport(msgspec.Struct):
    """Attendance rates at completed activities."""

    school_id: UUID | None
    from_date: date
    to_date: date
    schools: list[AttendancePart]
    total: AttendancePart


class CostRow(msgspec.Struct):
    """Cost against budget for one school in an academic year."""

    school_id: UUID | None
    label: str
    budget_pence: int | None
    """The school's CPD budget for the year; null if none is set (and for trust-wide activities)."""
    spent_pence: int
    """Cost of completed activities."""
    planned_pence: int
    """Cost of planned activities (committed, not yet run)."""
    remaining_pence: int | None
    """Budget less spent and planned; negative when over budget."""
    used_share: float | None
    """(Spent + planned) / budget."""
    activities: int
    uncosted_activities: int
    """Activities with no cost recorded (counted as zero)."""


class CostReport(msgspec.Struct):
    """CPD spending against each school's budget for an academic year (cancelled activities excluded)."""

    school_id: UUID | None
    academic_year: str
    from_date: date
    to_date: date
    schools: list[CostRow]
    total: CostRow


class NamedStaff(msgspec.Struct):
    """A staff member with no recorded learning (shown only to callers allowed names)."""

    staff_id: UUID
    given_name: str
    family_name: str


class UnrecordedRow(msgspec.Struct):
    """Active staff of a school with no recorded learning in the period."""

    school_id: UUID | None
    label: str
    staff: int
    """Active staff members of the school."""
    unrecorded: int
    """Of them, those credited with no minutes of learning in the period."""
    names: list[NamedStaff] | None
    """Who they are: only for `reports.names` holders and clients with `reports:names`; null otherwise."""


class UnrecordedReport(msgspec.Struct):
    """Staff with no recorded learning in a term (or between two dates)."""

    school_id: UUID | None
    term_id: UUID | None
    from_date: date
    to_date: date
    names_shown: bool
    schools: list[UnrecordedRow]
    total: UnrecordedRow
