"""Schemas of meetings, reports, action plans and peer observations."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal
from uuid import UUID

import msgspec
from msgspec import UNSET, Meta, UnsetType

from pl_api.plugin import Page, Schema
from pl_api_tlc.schemas import Agenda, Notes, ShortText, Timestamp

MeetingStatus = Literal["scheduled", "in_progress", "closed", "cancelled"]
ItemStatus = Literal["proposed", "active", "tried", "embedded", "adapted", "dropped"]


class Section(msgspec.Struct):
    """A section of a meeting's agenda; `notes` only for the group's leader and members."""

    title: str
    minutes: int
    notes: str | None


class Attendee(msgspec.Struct):
    """Whether a member was present."""

    staff_id: UUID
    present: bool


class Meeting(msgspec.Struct):
    """A meeting of a group."""

    id: UUID
    group_id: UUID
    sequence: int
    """1 for the group's first meeting, 2 for the next, …"""
    scheduled_at: datetime
    rescheduled_from: datetime | None
    status: MeetingStatus
    agenda: list[Section]
    planned_minutes: int
    attendance: list[Attendee]
    started_at: datetime | None
    closed_at: datetime | None
    cancel_reason: str | None
    activity_id: UUID | None
    """The core activity (kind `tlc.meeting`) a closed meeting became."""
    created_at: datetime
    updated_at: datetime
    version: int


class MeetingPage(Page[Meeting]):
    """A page of meetings, in sequence."""


class MeetingCreate(Schema):
    """A meeting to schedule; the agenda defaults to the programme's template."""

    scheduled_at: Timestamp
    agenda: Agenda | None = None


class MeetingReschedule(Schema):
    """A new time for a scheduled meeting."""

    scheduled_at: Timestamp


class MeetingCancel(Schema):
    """Why a meeting is cancelled."""

    reason: Annotated[str, Meta(max_length=500)] | None = None


class SectionNotes(Schema):
    """The notes of one agenda section."""

    notes: Notes


class AttendanceEntry(Schema):
    """One member's attendance."""

    staff_id: UUID
    present: bool


class AttendancePut(Schema):
    """Attendance of every member of the group (the leader is not listed)."""

    attendance: Annotated[list[AttendanceEntry], Meta(min_length=1, max_length=60)]


class Report(msgspec.Struct):
    """A member's "how's it going?" report, or their pass."""

    id: UUID
    meeting_id: UUID
    staff_id: UUID
    plan_item_id: UUID | None
    passed: bool
    text: str | None
    created_at: datetime
    updated_at: datetime
    version: int


class ReportPage(Page[Report]):
    """A meeting's reports."""


class ReportPut(Schema):
    """A report on how the member's plan is going (`text`, optionally about one plan item), or `passed: true`."""

    passed: bool = False
    text: Notes | None = None
    plan_item_id: UUID | None = None


class PlanChange(msgspec.Struct):
    """One change to a plan item."""

    id: UUID
    meeting_id: UUID | None
    from_status: ItemStatus | None
    to_status: ItemStatus
    intention_changed: bool
    changed_at: datetime


class PlanItem(msgspec.Struct):
    """An item of a member's personal action plan."""

    id: UUID
    group_id: UUID
    staff_id: UUID
    technique_id: UUID
    intention: str
    starts_on: date
    status: ItemStatus
    changes: list[PlanChange]
    created_at: datetime
    updated_at: datetime
    version: int


class PlanItemPage(Page[PlanItem]):
    """A page of plan items."""


class PlanItemCreate(Schema):
    """A new item in the caller's own plan. `meeting_id` names the meeting it was planned in; left out, the
    group's meeting in progress (if any)."""

    group_id: UUID
    technique_id: UUID
    intention: ShortText
    starts_on: date
    meeting_id: UUID | None = None


class PlanItemUpdate(Schema):
    """A change to one's own plan item: a new state and/or intention, and the meeting it happened in."""

    status: ItemStatus | UnsetType = UNSET
    intention: ShortText | UnsetType = UNSET
    meeting_id: UUID | UnsetType | None = UNSET


class Observation(msgspec.Struct):
    """A peer observation; `notes` only for the observer, the observee and, if shared, the group."""

    id: UUID
    group_id: UUID
    observer_staff_id: UUID
    observee_staff_id: UUID
    plan_item_id: UUID
    observed_at: datetime
    duration_minutes: int
    notes: str | None
    shared_with_group: bool
    activity_id: UUID | None
    created_at: datetime
    updated_at: datetime
    version: int


class ObservationPage(Page[Observation]):
    """A page of observations."""


class ObservationCreate(Schema):
    """An observation the caller made of a colleague in their group, focused on one of the colleague's plan
    items; `duration_minutes` defaults to the deployment's setting (30)."""

    group_id: UUID
    observee_staff_id: UUID
    plan_item_id: UUID
    observed_at: Timestamp
    duration_minutes: Annotated[int, Meta(ge=1, le=480)] | None = None
    notes: Notes | None = None


class ObservationShare(Schema):
    """The observee's choice: may the group read the notes?"""

    shared_with_group: bool
