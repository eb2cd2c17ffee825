"""Evaluation plan and follow-up schemas."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal
from uuid import UUID

import msgspec
from msgspec import UNSET, Meta, UnsetType

from pl_api.domain.types import Schema, ShortText
from pl_api.http.pagination import Page

GuskeyLevel = Annotated[int, Meta(ge=1, le=5, description="Guskey's level, 1 (reactions) to 5 (pupil outcomes)")]
FollowUpLevel = Annotated[
    int,
    Meta(
        ge=3,
        le=5,
        description="3 organisational support, 4 use of new practice, 5 pupil outcomes "
        "(levels 1 and 2 come from participants' feedback)",
    ),
]
Instrument = Literal[
    "feedback_form",
    "survey",
    "self_assessment",
    "quiz",
    "interview",
    "focus_group",
    "observation",
    "learning_walk",
    "work_scrutiny",
    "pupil_voice",
    "pupil_data",
    "document_review",
    "other",
]
"""How evidence is gathered."""
Outcome = Literal["met", "partly_met", "not_met"]

LEVEL_NAMES = {
    1: "reactions",
    2: "learning",
    3: "organisational_support",
    4: "use_of_new_practice",
    5: "pupil_outcomes",
}
"""Guskey's five levels of professional development evaluation, by number."""


class Measure(Schema):
    """What will be gathered at one level, with which instrument, and when it is due."""

    level: GuskeyLevel
    instrument: Instrument
    due_on: date
    description: ShortText | None = None


Measures = Annotated[list[Measure], Meta(max_length=50)]


class EvaluationPlan(msgspec.Struct):
    """How an activity, or the programme of work behind a priority, is evaluated."""

    id: UUID
    activity_id: UUID | None
    """The activity evaluated; null when the plan is a priority's."""
    priority_id: UUID | None
    """The priority whose programme of work (every activity serving it) is evaluated."""
    summary: str | None
    measures: list[Measure]
    created_at: datetime
    updated_at: datetime
    version: int


class EvaluationPlanPage(Page[EvaluationPlan]):
    """A page of evaluation plans."""


class EvaluationPlanCreate(Schema):
    """A new plan, for exactly one of an activity or a priority."""

    activity_id: UUID | None = None
    priority_id: UUID | None = None
    summary: ShortText | None = None
    measures: Measures = msgspec.field(default_factory=list)


class EvaluationPlanUpdate(Schema):
    """Changes to a plan; `measures`, when given, replaces the list."""

    summary: ShortText | UnsetType | None = UNSET
    measures: Measures | UnsetType = UNSET


class FollowUp(msgspec.Struct):
    """Evidence gathered at level 3, 4 or 5 for an evaluation plan."""

    id: UUID
    plan_id: UUID
    level: int
    instrument: Instrument
    recorded_on: date
    summary: str
    """What was found, for the group: never name or single out a staff member."""
    outcome: Outcome | None
    created_at: datetime
    updated_at: datetime
    version: int


class FollowUpPage(Page[FollowUp]):
    """A page of follow-ups."""


class FollowUpCreate(Schema):
    """A new follow-up."""

    level: FollowUpLevel
    instrument: Instrument
    recorded_on: date
    summary: Annotated[str, Meta(min_length=1, max_length=2000, pattern=r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$")]
    outcome: Outcome | None = None


class FollowUpUpdate(Schema):
    """Changes to a follow-up."""

    level: FollowUpLevel | UnsetType = UNSET
    instrument: Instrument | UnsetType = UNSET
    recorded_on: date | UnsetType = UNSET
    summary: (
        Annotated[str, Meta(min_length=1, max_length=2000, pattern=r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$")] | UnsetType
    ) = UNSET
    outcome: Outcome | UnsetType | None = UNSET
