"""Staff schemas."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal
from uuid import UUID

import msgspec
from msgspec import UNSET, Meta, UnsetType

from pl_api.domain.types import TRN, Email, ExternalId, Name, Schema, Source
from pl_api.http.pagination import Page

Role = Literal["teacher", "team_lead", "coach", "pd_lead", "school_leader", "trust_admin"]
StaffStatus = Literal["active", "left", "erased"]
SettableStatus = Literal["active", "left"]
"""What a client may set; only ``POST /v1/staff/{id}/erase`` makes a staff member ``erased``."""
Roles = Annotated[list[Role], Meta(max_length=6)]
SsoSubject = Annotated[str, Meta(min_length=1, max_length=255, pattern=r"^[\x21-\x7e]+$")]


class Membership(msgspec.Struct):
    """A staff member's place in a school and the roles they hold there."""

    school_id: UUID
    roles: list[Role]


class MembershipIn(Schema):
    """A school membership, as sent."""

    school_id: UUID
    roles: Roles = msgspec.field(default_factory=lambda: ["teacher"])


Memberships = Annotated[list[MembershipIn], Meta(max_length=50)]


class Staff(msgspec.Struct):
    """A staff member: anyone who learns or leads learning."""

    id: UUID
    given_name: str
    family_name: str
    email: str
    trn: str | None
    job_title: str | None
    status: StaffStatus
    left_on: date | None
    erased_at: datetime | None
    """When the staff member was erased: their names, email and identifiers were replaced or cleared."""
    trust_roles: list[Role]
    """Roles held across the whole tenant."""
    memberships: list[Membership]
    source: str | None
    external_id: str | None
    sso_subject: str | None
    """The subject (``sub``) that names this staff member in the tenant's identity provider, if it signs
    staff in by subject rather than email."""
    created_at: datetime
    updated_at: datetime
    version: int


class StaffPage(Page[Staff]):
    """A page of staff."""


class StaffCreate(Schema):
    """A new staff member."""

    given_name: Name
    family_name: Name
    email: Email
    """Work email; unique in the tenant, compared without regard to case."""
    trn: TRN | None = None
    job_title: Name | None = None
    status: SettableStatus = "active"
    left_on: date | None = None
    trust_roles: Roles = msgspec.field(default_factory=list)
    memberships: Memberships = msgspec.field(default_factory=list)
    source: Source | None = None
    external_id: ExternalId | None = None
    sso_subject: SsoSubject | None = None


class StaffUpdate(Schema):
    """Changes to a staff member; fields left out stay as they are. ``memberships`` replaces the whole list."""

    given_name: Name | UnsetType = UNSET
    family_name: Name | UnsetType = UNSET
    email: Email | UnsetType = UNSET
    trn: TRN | UnsetType | None = UNSET
    job_title: Name | UnsetType | None = UNSET
    status: SettableStatus | UnsetType = UNSET
    left_on: date | UnsetType | None = UNSET
    trust_roles: Roles | UnsetType = UNSET
    memberships: Memberships | UnsetType = UNSET
    sso_subject: SsoSubject | UnsetType | None = UNSET
