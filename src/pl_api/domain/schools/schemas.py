"""School schemas."""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

import msgspec
from msgspec import UNSET, UnsetType

from pl_api.domain.types import LAESTAB, URN, ExternalId, Name, Schema, Source
from pl_api.http.pagination import Page

Phase = Literal[
    "nursery",
    "primary",
    "middle",
    "secondary",
    "all_through",
    "special",
    "alternative_provision",
    "sixteen_plus",
]
SchoolStatus = Literal["open", "closed"]


class School(msgspec.Struct):
    """A school."""

    id: UUID
    name: str
    urn: str | None
    laestab: str | None
    phase: Phase | None
    status: SchoolStatus
    source: str | None
    external_id: str | None
    created_at: datetime
    updated_at: datetime
    version: int


class SchoolPage(Page[School]):
    """A page of schools."""


class SchoolCreate(Schema):
    """A new school."""

    name: Name
    urn: URN | None = None
    laestab: LAESTAB | None = None
    phase: Phase | None = None
    status: SchoolStatus = "open"
    source: Source | None = None
    external_id: ExternalId | None = None


class SchoolUpdate(Schema):
    """Changes to a school; fields left out stay as they are."""

    name: Name | UnsetType = UNSET
    urn: URN | UnsetType | None = UNSET
    laestab: LAESTAB | UnsetType | None = UNSET
    phase: Phase | UnsetType | None = UNSET
    status: SchoolStatus | UnsetType = UNSET
