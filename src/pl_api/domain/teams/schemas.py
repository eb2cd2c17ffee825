"""Team schemas."""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

import msgspec
from msgspec import UNSET, UnsetType

from pl_api.domain.types import ExternalId, Name, Schema, ShortText, Source
from pl_api.http.pagination import Page

TeamKind = Literal["department", "year_group", "phase", "custom", "tlc_group", "triad", "coaching_cohort", "class"]
TeamStatus = Literal["active", "archived"]
TeamRole = Literal["lead", "member"]


class Team(msgspec.Struct):
    """A set of staff."""

    id: UUID
    school_id: UUID | None
    """The school; null for a trust-wide team."""
    name: str
    kind: TeamKind
    description: str | None
    status: TeamStatus
    source: str | None
    external_id: str | None
    created_at: datetime
    updated_at: datetime
    version: int


class TeamPage(Page[Team]):
    """A page of teams."""


class TeamCreate(Schema):
    """A new team."""

    name: Name
    kind: TeamKind
    school_id: UUID | None = None
    description: ShortText | None = None
    status: TeamStatus = "active"
    source: Source | None = None
    external_id: ExternalId | None = None


class TeamUpdate(Schema):
    """Changes to a team; fields left out stay as they are."""

    name: Name | UnsetType = UNSET
    kind: TeamKind | UnsetType = UNSET
    school_id: UUID | UnsetType | None = UNSET
    description: ShortText | UnsetType | None = UNSET
    status: TeamStatus | UnsetType = UNSET


class TeamMember(msgspec.Struct):
    """A staff member in a team."""

    staff_id: UUID
    role: TeamRole
    given_name: str
    family_name: str
    joined_at: datetime


class TeamMemberPage(Page[TeamMember]):
    """A team's members, all on one page (teams are small)."""


class TeamMemberPut(Schema):
    """A member's role in the team."""

    role: TeamRole = "member"
