"""Priority schemas."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

import msgspec
from msgspec import UNSET, Meta, UnsetType

from pl_api.domain.types import AcademicYear, Name, Schema, ShortText
from pl_api.http.pagination import Page

PriorityStatus = Literal["active", "achieved", "dropped"]
EvidenceSource = Literal[
    "observations", "pupil_progress", "staff_voice", "pupil_voice", "inspection", "research", "other"
]
EvidenceSources = Annotated[list[EvidenceSource], Meta(max_length=7)]
ElementIds = Annotated[list[UUID], Meta(max_length=50)]


class Priority(msgspec.Struct):
    """A school-improvement priority for an academic year."""

    id: UUID
    school_id: UUID | None
    """The school; null for a trust-wide priority."""
    academic_year: str
    title: str
    description: str | None
    evidence_sources: list[EvidenceSource]
    """Why it is a priority: the evidence it rests on."""
    element_ids: list[UUID]
    """Framework elements it focuses on."""
    owner_staff_id: UUID | None
    status: PriorityStatus
    created_at: datetime
    updated_at: datetime
    version: int


class PriorityPage(Page[Priority]):
    """A page of priorities."""


class PriorityCreate(Schema):
    """A new priority."""

    academic_year: AcademicYear
    title: Name
    school_id: UUID | None = None
    description: ShortText | None = None
    evidence_sources: EvidenceSources = msgspec.field(default_factory=list)
    element_ids: ElementIds = msgspec.field(default_factory=list)
    owner_staff_id: UUID | None = None
    status: PriorityStatus = "active"


class PriorityUpdate(Schema):
    """Changes to a priority; fields left out stay as they are."""

    academic_year: AcademicYear | UnsetType = UNSET
    title: Name | UnsetType = UNSET
    school_id: UUID | UnsetType | None = UNSET
    description: ShortText | UnsetType | None = UNSET
    evidence_sources: EvidenceSources | UnsetType = UNSET
    element_ids: ElementIds | UnsetType = UNSET
    owner_staff_id: UUID | UnsetType | None = UNSET
    status: PriorityStatus | UnsetType = UNSET
