"""Reflection schemas."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

import msgspec
from msgspec import UNSET, Meta, UnsetType

from pl_api.domain.types import LongText, Name, Schema, Timestamp, in_utc
from pl_api.http.pagination import Page

Visibility = Literal["private", "coach", "team", "leaders"]
Body = Annotated[LongText, Meta(min_length=1)]


class Reflection(msgspec.Struct):
    """A journal entry by a staff member."""

    id: UUID
    staff_id: UUID
    activity_id: UUID | None
    goal_id: UUID | None
    title: str | None
    body: str
    visibility: Visibility
    """Whom the author shares it with: nobody (`private`), their `coach`, their `team`, or `leaders`."""
    written_at: datetime
    created_at: datetime
    updated_at: datetime
    version: int


class ReflectionPage(Page[Reflection]):
    """A page of reflections."""


class ReflectionCreate(Schema):
    """A new reflection; private unless `visibility` says otherwise."""

    staff_id: UUID
    body: Body
    title: Name | None = None
    activity_id: UUID | None = None
    goal_id: UUID | None = None
    visibility: Visibility = "private"
    written_at: Timestamp | None = None
    """When it was written; now if not given."""

    def __post_init__(self) -> None:
        if self.written_at is not None:
            self.written_at = in_utc(self.written_at, "written_at")


class ReflectionUpdate(Schema):
    """Changes to a reflection; fields left out stay as they are."""

    body: Body | UnsetType = UNSET
    title: Name | UnsetType | None = UNSET
    activity_id: UUID | UnsetType | None = UNSET
    goal_id: UUID | UnsetType | None = UNSET
    visibility: Visibility | UnsetType = UNSET
