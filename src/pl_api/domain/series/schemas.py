"""Planned series schemas."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal
from uuid import UUID

import msgspec
from msgspec import UNSET, Meta, UnsetType

from pl_api.domain.activities.schemas import Cost, Duration, Ids, KindSlug, Mechanism, Mechanisms, Stream
from pl_api.domain.types import Name, Schema, ShortText
from pl_api.http.pagination import Page

Frequency = Literal["daily", "weekly", "monthly"]
Weekday = Literal["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
SeriesStatus = Literal["active", "cancelled"]
SkipReason = Literal["outside_term", "inset_day", "holiday", "closure"]
Interval = Annotated[int, Meta(ge=1, le=12, description="Every how many days, weeks or months: 2 is fortnightly")]
Weekdays = Annotated[list[Weekday], Meta(max_length=7)]
WeekOfMonth = Annotated[int, Meta(ge=-1, le=4, description="Monthly: 1-4 for the first to fourth, -1 the last")]
StartTime = Annotated[str, Meta(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$", description="Local time, `15:30`")]
TimeZone = Annotated[
    str,
    Meta(
        min_length=1,
        max_length=60,
        pattern=r"^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+){0,2}$",
        description="An IANA time zone such as `Europe/London`",
    ),
]
StaffIds = Annotated[list[UUID], Meta(max_length=500)]


class SkippedDate(msgspec.Struct):
    """A date the recurrence gave that the school calendar ruled out."""

    date: date
    reason: SkipReason
    """``outside_term`` (between terms), or the kind of closure on that day."""
    closure_id: UUID | None


class Series(msgspec.Struct):
    """A recurring activity; its occurrences are activities with its ``series_id``."""

    id: UUID
    school_id: UUID | None
    team_id: UUID | None
    term_id: UUID | None
    status: SeriesStatus
    title: str
    description: str | None
    kind: str
    stream: Stream
    duration_minutes: int
    location: str | None
    leader_staff_id: UUID | None
    priority_ids: list[UUID]
    element_ids: list[UUID]
    mechanisms: list[Mechanism]
    participant_ids: list[UUID]
    cost_pence: int | None
    frequency: Frequency
    interval: int
    weekdays: list[Weekday]
    week_of_month: int | None
    starts_on: date
    ends_on: date
    start_time: str
    timezone: str
    term_time_only: bool
    skipped: list[SkippedDate]
    """Dates ruled out when the series was last planned, with why."""
    created_at: datetime
    updated_at: datetime
    version: int


class SeriesPage(Page[Series]):
    """A page of series."""


class SeriesCreate(Schema):
    """A new series: what each occurrence is, and when they fall. Give a `term_id` to run through a term (or an
    academic year) or `starts_on` and `ends_on`, or both to narrow the term."""

    title: Name
    kind: KindSlug
    stream: Stream
    duration_minutes: Duration
    start_time: StartTime
    frequency: Frequency = "weekly"
    interval: Interval = 1
    weekdays: Weekdays = msgspec.field(default_factory=list)
    """Weekly: the days (default: the weekday of the first date). Monthly with `week_of_month`: the day."""
    week_of_month: WeekOfMonth | None = None
    term_id: UUID | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    timezone: TimeZone = "Europe/London"
    term_time_only: bool = True
    """Skip days outside the school's terms. Closures (INSET days, holidays) are skipped either way."""
    school_id: UUID | None = None
    team_id: UUID | None = None
    description: ShortText | None = None
    location: Name | None = None
    leader_staff_id: UUID | None = None
    priority_ids: Ids = msgspec.field(default_factory=list)
    element_ids: Ids = msgspec.field(default_factory=list)
    mechanisms: Mechanisms = msgspec.field(default_factory=list)
    participant_ids: StaffIds = msgspec.field(default_factory=list)
    """Staff invited to every occurrence."""
    cost_pence: Cost | None = None


class SeriesUpdate(Schema):
    """Changes to a series, applied to its occurrences from `apply_from` on (default: all of them). Occurrences
    completed or with attendance recorded are never changed. An empty change re-plans against the calendar."""

    apply_from: date | None = None
    """The first date of the series the change applies to: "this and the rest"."""
    title: Name | UnsetType = UNSET
    kind: KindSlug | UnsetType = UNSET
    stream: Stream | UnsetType = UNSET
    duration_minutes: Duration | UnsetType = UNSET
    start_time: StartTime | UnsetType = UNSET
    frequency: Frequency | UnsetType = UNSET
    interval: Interval | UnsetType = UNSET
    weekdays: Weekdays | UnsetType = UNSET
    week_of_month: WeekOfMonth | UnsetType | None = UNSET
    ends_on: date | UnsetType = UNSET
    timezone: TimeZone | UnsetType = UNSET
    term_time_only: bool | UnsetType = UNSET
    team_id: UUID | UnsetType | None = UNSET
    description: ShortText | UnsetType | None = UNSET
    location: Name | UnsetType | None = UNSET
    leader_staff_id: UUID | UnsetType | None = UNSET
    priority_ids: Ids | UnsetType = UNSET
    element_ids: Ids | UnsetType = UNSET
    mechanisms: Mechanisms | UnsetType = UNSET
    participant_ids: StaffIds | UnsetType = UNSET
    cost_pence: Cost | UnsetType | None = UNSET


class SeriesCancel(Schema):
    """Cancel the occurrences from a date on: "this and the rest"."""

    apply_from: date
    """The first date of the series to cancel (its start cancels the whole series)."""


KeptReason = Literal["completed", "attendance_recorded"]


class KeptOccurrence(msgspec.Struct):
    """An occurrence a change left as it was, and why."""

    activity_id: UUID
    reason: KeptReason


class SeriesChanges(msgspec.Struct):
    """What a change did to a series' occurrences."""

    id: UUID
    """The series."""
    series: Series
    created: list[UUID]
    updated: list[UUID]
    cancelled: list[UUID]
    kept: list[KeptOccurrence]
    """Completed, or with attendance recorded: never changed or cancelled by a series."""
