"""Request and response bodies of the coaching plugin (libraries are in ``library_schemas``)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal
from uuid import UUID

import msgspec

from pl_api.plugin import LongText, Page, Schema, ShortText, Timestamp

RelationshipStatus = Literal["setup", "active", "paused", "closed"]
StepStatus = Literal["proposed", "active", "practised", "observed", "mastered", "revised", "paused"]
CadenceDays = Annotated[int, msgspec.Meta(ge=1, le=90)]
Rounds = Annotated[int, msgspec.Meta(gt=-1, le=50)]
SessionMinutes = Annotated[int, msgspec.Meta(ge=1, le=600)]
Notes = LongText


class Relationship(msgspec.Struct, kw_only=True):
    """A coaching relationship (no notes: those live on its drop-ins and meetings)."""

    id: UUID
    school_id: UUID
    coach_staff_id: UUID
    coachee_staff_id: UUID
    library_id: UUID | None
    cadence_days: int
    starts_on: date
    status: RelationshipStatus
    notes_shared: bool
    record_shared: bool
    follow_up_on: date | None
    follow_up_overdue: bool = False
    created_at: datetime
    updated_at: datetime
    version: int


class RelationshipPage(Page[Relationship]):
    """A page of relationships."""


class RelationshipCreate(Schema):
    """A new relationship, in `setup` until someone starts it."""

    school_id: UUID
    coach_staff_id: UUID
    coachee_staff_id: UUID
    starts_on: date
    library_id: UUID | None = None
    cadence_days: CadenceDays | None = None
    """Days between drop-ins; the deployment's default (weekly) when left out."""


class RelationshipUpdate(Schema):
    """Changes to a relationship's cadence or library."""

    cadence_days: CadenceDays | msgspec.UnsetType = msgspec.UNSET
    library_id: UUID | msgspec.UnsetType | None = msgspec.UNSET


class RelationshipTransition(Schema):
    """Move a relationship to another status."""

    to: RelationshipStatus


class Sharing(Schema):
    """The coachee's consent: who may see what of their coaching."""

    notes_shared: bool
    """Leaders with `coaching.shared` (and integration clients) may read the notes of drop-ins and meetings."""
    record_shared: bool
    """Mastered steps appear in the coachee's CPD record, which their leaders see."""


class DropIn(msgspec.Struct, kw_only=True):
    """A drop-in observation, with its evidence notes."""

    id: UUID
    relationship_id: UUID
    observed_at: datetime
    minutes: int
    evidence: str | None
    assignment_id: UUID | None
    activity_id: UUID | None
    created_at: datetime
    updated_at: datetime
    version: int


class DropInPage(Page[DropIn]):
    """A page of drop-ins."""


class DropInCreate(Schema):
    """A drop-in: when, how long, what was seen, and the step in focus."""

    observed_at: Timestamp
    minutes: SessionMinutes
    evidence: Notes | None = None
    assignment_id: UUID | None = None
    """The coachee's step assignment in focus."""


class Meeting(msgspec.Struct, kw_only=True):
    """A feedback meeting, with its notes."""

    id: UUID
    relationship_id: UUID
    held_at: datetime
    minutes: int
    praise: str | None
    probe: str | None
    assignment_id: UUID | None
    step_outcome: Literal["set", "continued"] | None
    model_notes: str | None
    rehearsal_rounds: int
    plan: str | None
    follow_up_on: date
    activity_id: UUID | None
    created_at: datetime
    updated_at: datetime
    version: int


class MeetingPage(Page[Meeting]):
    """A page of meetings."""


class MeetingCreate(Schema):
    """A feedback meeting. Give `set_step_id` to set a new step from the library (it becomes active),
    or `assignment_id` to continue a step the coachee is working on; not both."""

    held_at: Timestamp
    minutes: SessionMinutes
    praise: Notes | None = None
    probe: Notes | None = None
    set_step_id: UUID | None = None
    assignment_id: UUID | None = None
    model_notes: Notes | None = None
    rehearsal_rounds: Rounds = 0
    plan: Notes | None = None
    follow_up_on: date | None = None
    """When the coach will check the step has become habit; one cadence after the meeting by default."""


class Assignment(msgspec.Struct, kw_only=True):
    """A step set for a coachee."""

    id: UUID
    relationship_id: UUID
    coachee_staff_id: UUID
    step_id: UUID
    status: StepStatus
    set_at: datetime | None
    mastered_at: datetime | None
    evidence_drop_in_ids: list[UUID]
    revision: str | None
    created_at: datetime
    updated_at: datetime
    version: int


class AssignmentPage(Page[Assignment]):
    """A page of step assignments."""


class AssignmentCreate(Schema):
    """Propose a step from the library, or set it straight away (`status: active`)."""

    step_id: UUID
    status: Literal["proposed", "active"] = "proposed"


class AssignmentTransition(Schema):
    """Move a step: `mastered` must cite at least one drop-in; `revised` may say how the step changed."""

    to: StepStatus
    drop_in_ids: list[UUID] = msgspec.field(default_factory=list)
    revision: ShortText | None = None
    at: Timestamp | None = None
    """When it happened, to record it afterwards (now by default): the time a step is set or mastered."""
