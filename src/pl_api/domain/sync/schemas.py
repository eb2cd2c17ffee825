"""Sync schemas: a batch envelope per kind of record, the records themselves, and the per-record answer."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal
from uuid import UUID

import msgspec
from msgspec import Meta

from pl_api.domain.schools.schemas import Phase, SchoolStatus
from pl_api.domain.staff.schemas import Roles, SettableStatus
from pl_api.domain.teams.schemas import TeamKind, TeamRole, TeamStatus
from pl_api.domain.types import LAESTAB, TRN, URN, Email, ExternalId, Name, Schema, ShortText, Source
from pl_api.http.problems import FieldError

MAX_RECORDS = 1000
"""The most records one batch may carry; send more as several delta batches."""

SyncMode = Literal["delta", "full"]
SyncStatus = Literal["created", "updated", "unchanged", "error"]
Records = Annotated[list[dict[str, Any]], Meta(min_length=0, max_length=MAX_RECORDS)]


class SyncBatch(Schema):
    """A batch of records from one source. Each record is checked on its own: a bad one is answered with an
    `error` entry naming its index and field, and the others are applied."""

    source: Source
    """The system the records come from (`wonde`, `xporter`, `arbor` …); with `external_id` it is the key."""
    records: Records
    mode: SyncMode = "delta"
    """`delta`: apply what is sent. `full`: what is sent is everything; records of this source that are absent
    are deactivated (never deleted)."""
    school_external_id: ExternalId | None = None
    """`full` mode for staff and teams: only this school's records count as absent."""
    force: bool = False
    """Apply a `full` sync even if it deactivates more than the configured share of a school's staff."""


class SchoolSyncBatch(SyncBatch):
    """Schools to sync; each record is a `SchoolSyncRecord`."""


class StaffSyncBatch(SyncBatch):
    """Staff to sync; each record is a `StaffSyncRecord`. `full` mode marks absent staff as `left`."""


class TeamSyncBatch(SyncBatch):
    """Teams to sync; each record is a `TeamSyncRecord`. `full` mode archives absent teams."""


class MembershipSyncBatch(SyncBatch):
    """Team memberships to sync; each record is a `MembershipSyncRecord`. `full` mode removes, from every team the
    batch names, the members it does not list (the staff member and their history stay)."""


class SchoolSyncRecord(Schema):
    """A school as the MIS knows it."""

    external_id: ExternalId
    name: Name
    urn: URN | None = None
    laestab: LAESTAB | None = None
    phase: Phase | None = None
    status: SchoolStatus = "open"


class StaffSyncSchool(Schema):
    """A school the staff member works in (by the school's `external_id` in the same source) and their roles."""

    school_external_id: ExternalId
    roles: Roles = msgspec.field(default_factory=lambda: ["teacher"])


class StaffSyncRecord(Schema):
    """A staff member as the MIS knows them. `schools` replaces their memberships in this source's schools
    (memberships of schools from elsewhere stay)."""

    external_id: ExternalId
    given_name: Name
    family_name: Name
    email: Email
    trn: TRN | None = None
    job_title: Name | None = None
    status: SettableStatus = "active"
    left_on: date | None = None
    schools: Annotated[list[StaffSyncSchool], Meta(max_length=50)] = msgspec.field(default_factory=list)


class TeamSyncRecord(Schema):
    """A team (department, class, year group …) as the MIS knows it."""

    external_id: ExternalId
    name: Name
    kind: TeamKind
    school_external_id: ExternalId | None = None
    """The school, by its `external_id` in the same source; none for a trust-wide team."""
    description: ShortText | None = None
    status: TeamStatus = "active"


class MembershipSyncRecord(Schema):
    """A staff member in a team, both by their `external_id` in the same source."""

    team_external_id: ExternalId
    staff_external_id: ExternalId
    role: TeamRole = "member"


class SyncResult(msgspec.Struct, omit_defaults=True):
    """What became of one record."""

    index: int
    """The record's place in `records`, from 0."""
    status: SyncStatus
    external_id: str | None = None
    id: UUID | None = None
    """The object's id in pl-api (for memberships: the team's)."""
    errors: list[FieldError] | None = None
    """For `error`: each field that failed, as `records.<index>.<field>`."""


class Deactivated(msgspec.Struct):
    """An object a `full` sync deactivated (staff: left; schools: closed; teams: archived; memberships: removed,
    named by the staff member's id)."""

    id: UUID
    external_id: str | None


class SyncSummary(msgspec.Struct):
    """How many records ended which way."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    error: int = 0
    deactivated: int = 0


class SyncReport(msgspec.Struct):
    """The answer to a batch: one result per record, in order, and what a `full` sync deactivated."""

    source: str
    mode: SyncMode
    summary: SyncSummary
    results: list[SyncResult]
    deactivated: list[Deactivated]
