"""Activity, participant and feedback schemas."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal
from uuid import UUID

import msgspec
from msgspec import UNSET, Meta, UnsetType

from pl_api.domain.types import Minutes, Name, Rating, Schema, ShortText, Timestamp, in_utc
from pl_api.http.pagination import Page

Stream = Literal["whole_school", "team", "individual"]
ActivityStatus = Literal["planned", "completed", "cancelled"]
ParticipationStatus = Literal["invited", "attended", "absent"]
Mechanism = Literal[
    # build knowledge
    "manage_cognitive_load",
    "revisit_prior_learning",
    # motivate staff
    "set_and_agree_goals",
    "credible_source",
    "praise_reinforce",
    # develop teaching techniques
    "instruct_technique",
    "social_support",
    "model_technique",
    "monitor_feedback",
    "rehearse_technique",
    # embed practice
    "prompts_cues",
    "action_planning",
    "self_monitoring",
    "context_specific_repetition",
]
"""The EEF's 14 mechanisms of effective professional development (2021), in its four groups."""

KindSlug = Annotated[str, Meta(min_length=1, max_length=60, description="A slug from GET /v1/activity-kinds")]
Duration = Annotated[int, Meta(ge=1, le=1440, description="Minutes, 1 to 1440")]
Cost = Annotated[int, Meta(gt=-1, le=100_000_000, description="In pence")]
Ids = Annotated[list[UUID], Meta(max_length=50)]
Mechanisms = Annotated[list[Mechanism], Meta(max_length=14)]


class Activity(msgspec.Struct):
    """One piece of professional learning."""

    id: UUID
    school_id: UUID | None
    """The school; null for a trust-wide activity."""
    team_id: UUID | None
    title: str
    description: str | None
    kind: str
    stream: Stream
    starts_at: datetime
    duration_minutes: int
    location: str | None
    leader_staff_id: UUID | None
    priority_ids: list[UUID]
    element_ids: list[UUID]
    mechanisms: list[Mechanism]
    cost_pence: int | None
    status: ActivityStatus
    series_id: UUID | None
    """The planned series it is an occurrence of (`/v1/activity-series`), if any."""
    series_date: date | None
    """The date its series planned it for; it stays if the occurrence is moved."""
    created_at: datetime
    updated_at: datetime
    version: int


class ActivityPage(Page[Activity]):
    """A page of activities."""


class ParticipantCreate(Schema):
    """A staff member taking part. Attended with no minutes given credits the activity's duration."""

    staff_id: UUID
    status: ParticipationStatus = "invited"
    minutes_credited: Minutes | None = None


class ActivityCreate(Schema):
    """A new activity, optionally with its participants."""

    title: Name
    kind: KindSlug
    stream: Stream
    starts_at: Timestamp
    duration_minutes: Duration
    school_id: UUID | None = None
    team_id: UUID | None = None
    description: ShortText | None = None
    location: Name | None = None
    leader_staff_id: UUID | None = None
    priority_ids: Ids = msgspec.field(default_factory=list)
    element_ids: Ids = msgspec.field(default_factory=list)
    mechanisms: Mechanisms = msgspec.field(default_factory=list)
    cost_pence: Cost | None = None
    status: ActivityStatus = "planned"
    participants: Annotated[list[ParticipantCreate], Meta(max_length=1000)] = msgspec.field(default_factory=list)

    def __post_init__(self) -> None:
        self.starts_at = in_utc(self.starts_at, "starts_at")


class ActivityUpdate(Schema):
    """Changes to an activity; fields left out stay as they are. Participants have their own operations."""

    title: Name | UnsetType = UNSET
    kind: KindSlug | UnsetType = UNSET
    stream: Stream | UnsetType = UNSET
    starts_at: Timestamp | UnsetType = UNSET
    duration_minutes: Duration | UnsetType = UNSET
    school_id: UUID | UnsetType | None = UNSET
    team_id: UUID | UnsetType | None = UNSET
    description: ShortText | UnsetType | None = UNSET
    location: Name | UnsetType | None = UNSET
    leader_staff_id: UUID | UnsetType | None = UNSET
    priority_ids: Ids | UnsetType = UNSET
    element_ids: Ids | UnsetType = UNSET
    mechanisms: Mechanisms | UnsetType = UNSET
    cost_pence: Cost | UnsetType | None = UNSET
    status: ActivityStatus | UnsetType = UNSET

    def __post_init__(self) -> None:
        if isinstance(self.starts_at, datetime):
            self.starts_at = in_utc(self.starts_at, "starts_at")


class Participant(msgspec.Struct):
    """A staff member in an activity."""

    id: UUID
    activity_id: UUID
    staff_id: UUID
    status: ParticipationStatus
    minutes_credited: int
    """Minutes of learning credited to the staff member's record (only when attended)."""
    created_at: datetime
    updated_at: datetime
    version: int


class ParticipantPage(Page[Participant]):
    """A page of participants."""


class ParticipantUpdate(Schema):
    """A change of attendance or credited minutes."""

    status: ParticipationStatus | UnsetType = UNSET
    minutes_credited: Minutes | UnsetType = UNSET


class Feedback(msgspec.Struct):
    """A participant's evaluation of an activity (Guskey levels 1 and 2)."""

    id: UUID
    activity_id: UUID
    staff_id: UUID
    reaction: int
    """Level 1, reactions: how worthwhile it was, 1 to 5."""
    learning: int
    """Level 2, learning: how much they learned, 1 to 5."""
    comment: str | None
    created_at: datetime
    updated_at: datetime
    version: int


class FeedbackPage(Page[Feedback]):
    """A page of feedback."""


class FeedbackCreate(Schema):
    """Feedback from a participant who attended."""

    staff_id: UUID
    reaction: Rating
    learning: Rating
    comment: ShortText | None = None
