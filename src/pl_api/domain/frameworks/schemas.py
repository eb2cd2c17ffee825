"""Framework and element schemas."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

import msgspec
from msgspec import UNSET, Meta, UnsetType

from pl_api.domain.types import Name, Schema, ShortText
from pl_api.http.pagination import Page

Code = Annotated[str, Meta(min_length=1, max_length=20, pattern=r"^[^\x00-\x1f\x7f]*$")]
Position = Annotated[int, Meta(gt=-1, le=100_000)]


class Framework(msgspec.Struct):
    """A shared framework of effective teaching, such as the Teachers' Standards."""

    id: UUID
    name: str
    description: str | None
    created_at: datetime
    updated_at: datetime
    version: int


class FrameworkPage(Page[Framework]):
    """A page of frameworks."""


class FrameworkCreate(Schema):
    """A new framework; add its elements afterwards."""

    name: Name
    description: ShortText | None = None


class FrameworkUpdate(Schema):
    """Changes to a framework."""

    name: Name | UnsetType = UNSET
    description: ShortText | UnsetType | None = UNSET


class FrameworkElement(msgspec.Struct):
    """One part of a framework; `parent_id` makes the tree."""

    id: UUID
    framework_id: UUID
    parent_id: UUID | None
    code: str
    """Short label, unique in the framework, e.g. `TS2` or `2.3`."""
    title: str
    description: str | None
    position: int
    """Order among siblings."""
    created_at: datetime
    updated_at: datetime
    version: int


class FrameworkElementPage(Page[FrameworkElement]):
    """A page of framework elements."""


class FrameworkElementCreate(Schema):
    """A new element; `parent_id` must be an element of the same framework."""

    code: Code
    title: Name
    description: ShortText | None = None
    parent_id: UUID | None = None
    position: Position = 0


class FrameworkElementUpdate(Schema):
    """Changes to an element."""

    code: Code | UnsetType = UNSET
    title: Name | UnsetType = UNSET
    description: ShortText | UnsetType | None = UNSET
    parent_id: UUID | UnsetType | None = UNSET
    position: Position | UnsetType = UNSET
