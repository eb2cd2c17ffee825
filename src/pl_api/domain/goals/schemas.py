"""Goal schemas."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal
from uuid import UUID

import msgspec
from msgspec import UNSET, Meta, UnsetType

from pl_api.domain.types import Name, Schema, ShortText
from pl_api.http.pagination import Page

GoalStatus = Literal["active", "achieved", "dropped"]
ElementIds = Annotated[list[UUID], Meta(max_length=50)]


class Goal(msgspec.Struct):
    """An individual's chosen focus for their development."""

    id: UUID
    staff_id: UUID
    title: str
    description: str | None
    status: GoalStatus
    starts_on: date | None
    review_on: date | None
    """The next review date."""
    element_ids: list[UUID]
    """Framework elements the goal aims at."""
    created_at: datetime
    updated_at: datetime
    version: int


class GoalPage(Page[Goal]):
    """A page of goals."""


class GoalCreate(Schema):
    """A new goal for a staff member."""

    staff_id: UUID
    title: Name
    description: ShortText | None = None
    status: GoalStatus = "active"
    starts_on: date | None = None
    review_on: date | None = None
    element_ids: ElementIds = msgspec.field(default_factory=list)


class GoalUpdate(Schema):
    """Changes to a goal; fields left out stay as they are."""

    title: Name | UnsetType = UNSET
    description: ShortText | UnsetType | None = UNSET
    status: GoalStatus | UnsetType = UNSET
    starts_on: date | UnsetType | None = UNSET
    review_on: date | UnsetType | None = UNSET
    element_ids: ElementIds | UnsetType = UNSET
