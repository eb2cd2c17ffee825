"""Schemas of a staff member's data export and of an erasure's summary."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

import msgspec

from pl_api.domain.staff.schemas import Staff


class ExportTeamMembership(msgspec.Struct):
    """A team the staff member is in."""

    team_id: UUID
    team_name: str
    team_kind: str
    school_id: UUID | None
    role: str
    joined_at: datetime


class ExportActivity(msgspec.Struct):
    """The essentials of an activity."""

    id: UUID
    title: str
    kind: str
    stream: str
    starts_at: datetime
    duration_minutes: int
    school_id: UUID | None
    team_id: UUID | None
    status: str


class ExportParticipation(msgspec.Struct):
    """An activity the staff member was in, and what was recorded of them there."""

    activity: ExportActivity
    status: str
    minutes_credited: int
    created_at: datetime
    updated_at: datetime


class ExportFeedback(msgspec.Struct):
    """Feedback the staff member gave on an activity."""

    id: UUID
    activity_id: UUID
    reaction: int
    learning: int
    comment: str | None
    created_at: datetime
    updated_at: datetime


class ExportGoal(msgspec.Struct):
    """One of the staff member's goals."""

    id: UUID
    title: str
    description: str | None
    status: str
    starts_on: date | None
    review_on: date | None
    element_ids: list[UUID]
    created_at: datetime
    updated_at: datetime


class ExportReflection(msgspec.Struct):
    """One of the staff member's reflections, whatever its visibility."""

    id: UUID
    title: str | None
    body: str
    visibility: str
    written_at: datetime
    activity_id: UUID | None
    goal_id: UUID | None
    created_at: datetime
    updated_at: datetime


class ExportPriority(msgspec.Struct):
    """A school-improvement priority the staff member owns."""

    id: UUID
    title: str
    academic_year: str
    school_id: UUID | None
    status: str


class ExportCalendarFeed(msgspec.Struct):
    """The staff member's calendar feed (its URL's secret is not kept, so it is not in the export)."""

    id: UUID
    created_at: datetime
    updated_at: datetime


class ExportSeries(msgspec.Struct):
    """A planned series the staff member is invited to or leads."""

    id: UUID
    title: str
    school_id: UUID | None
    starts_on: date
    ends_on: date
    status: str


class StaffExport(msgspec.Struct, kw_only=True):
    """Everything pl-api holds about one staff member: the answer to a subject access request."""

    exported_at: datetime
    staff: Staff
    """The staff record: names, email, TRN, job title, status, roles, school memberships, identifiers."""
    team_memberships: list[ExportTeamMembership]
    participations: list[ExportParticipation]
    activities_led: list[ExportActivity]
    feedback: list[ExportFeedback]
    goals: list[ExportGoal]
    reflections: list[ExportReflection]
    """All of them, private ones included: they are the staff member's own."""
    priorities_owned: list[ExportPriority]
    calendar_feeds: list[ExportCalendarFeed]
    series: list[ExportSeries]
    """Planned series that invite or are led by the staff member."""
    plugins: dict[str, Any]
    """What each enabled plugin holds about the staff member, by plugin slug."""


class DeletedRows(msgspec.Struct):
    """Rows an erasure deleted: personal writing."""

    reflections: int
    goals: int
    calendar_feeds: int


class KeptRows(msgspec.Struct):
    """Rows an erasure kept, no longer identifying anyone, so the school's figures stay whole."""

    school_memberships: int
    """Kept with their roles cleared."""
    team_memberships: int
    """Kept, each now a plain ``member``."""
    participations: int
    """Attendance and minutes credited, unchanged."""
    feedback: int
    """Ratings kept; comments cleared."""


class StaffErasure(msgspec.Struct, kw_only=True):
    """What erasing a staff member did."""

    staff_id: UUID
    erased_at: datetime
    anonymised: list[str]
    """Fields of the staff record replaced by placeholders or cleared."""
    deleted: DeletedRows
    kept: KeptRows
    plugins: dict[str, int]
    """Rows each enabled plugin deleted or anonymised, by plugin slug."""
