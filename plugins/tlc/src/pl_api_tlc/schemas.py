"""Schemas of programmes, technique libraries, groups and progress."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal
from uuid import UUID

import msgspec
from msgspec import UNSET, Meta, UnsetType

from pl_api.plugin import Page, Schema

_ONE_LINE = r"^[^\x00-\x1f\x7f]*$"
_TEXT = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"

Name = Annotated[str, Meta(min_length=1, max_length=200, pattern=_ONE_LINE)]
ShortText = Annotated[str, Meta(max_length=2000, pattern=_TEXT)]
Notes = Annotated[str, Meta(max_length=5000, pattern=_TEXT)]
Timestamp = Annotated[datetime, Meta(tz=True, description="RFC 3339 with a timezone; stored in UTC")]
SectionMinutes = Annotated[int, Meta(ge=1, le=240)]
ProgrammeStatus = Literal["active", "closed"]


class AgendaSection(msgspec.Struct):
    """A section of a meeting's agenda and the minutes planned for it."""

    title: Name
    minutes: SectionMinutes


Agenda = Annotated[list[AgendaSection], Meta(min_length=1, max_length=20)]

DEFAULT_AGENDA = [
    AgendaSection("Introduction", 5),
    AgendaSection("Starter", 5),
    AgendaSection("How's it going?", 25),
    AgendaSection("New learning", 20),
    AgendaSection("Personal action planning", 15),
    AgendaSection("Summary", 5),
]
"""The meeting template of the Embedding Formative Assessment programme: 75 minutes."""


class Programme(msgspec.Struct):
    """A TLC programme."""

    id: UUID
    school_id: UUID | None
    """The school; null for a trust-wide programme."""
    name: str
    starts_on: date
    ends_on: date
    lead_staff_id: UUID | None
    planned_meetings: int
    """Meetings each group is meant to hold."""
    agenda_template: list[AgendaSection]
    status: ProgrammeStatus
    created_at: datetime
    updated_at: datetime
    version: int


class ProgrammePage(Page[Programme]):
    """A page of programmes."""


class ProgrammeCreate(Schema):
    """A new programme. The agenda template defaults to the 75-minute TLC meeting; planned meetings to the
    deployment's setting (18: monthly over two years)."""

    name: Name
    starts_on: date
    ends_on: date
    school_id: UUID | None = None
    lead_staff_id: UUID | None = None
    planned_meetings: Annotated[int, Meta(ge=1, le=100)] | None = None
    agenda_template: Agenda | None = None


class ProgrammeUpdate(Schema):
    """Changes to a programme; fields left out stay as they are."""

    name: Name | UnsetType = UNSET
    starts_on: date | UnsetType = UNSET
    ends_on: date | UnsetType = UNSET
    lead_staff_id: UUID | UnsetType | None = UNSET
    planned_meetings: Annotated[int, Meta(ge=1, le=100)] | UnsetType = UNSET
    agenda_template: Agenda | UnsetType = UNSET


class Technique(msgspec.Struct):
    """A classroom technique in a programme's library."""

    id: UUID
    programme_id: UUID
    strategy: str
    name: str
    description: str | None


class TechniquePage(Page[Technique]):
    """A programme's library."""


class TechniqueCreate(Schema):
    """A technique to add to a library."""

    strategy: Name
    name: Name
    description: ShortText | None = None


class TechniqueImport(Schema):
    """Techniques to add to a programme's library: give exactly one of `techniques` (JSON), `csv` (text with
    the header `strategy,name,description`) or `preset` (`formative_assessment`: the five strategies of
    Embedding Formative Assessment with their techniques). Names already in the library are skipped."""

    techniques: Annotated[list[TechniqueCreate], Meta(max_length=500)] | None = None
    csv: Annotated[str, Meta(max_length=200_000)] | None = None
    preset: Literal["formative_assessment"] | None = None


class TechniqueImportResult(msgspec.Struct):
    """What an import added."""

    added: list[Technique]
    skipped: list[str]
    """Names already in the library."""


class GroupMember(msgspec.Struct):
    """A member of a group."""

    staff_id: UUID
    joined_at: datetime


class Group(msgspec.Struct):
    """A TLC group."""

    id: UUID
    programme_id: UUID
    team_id: UUID | None
    """The core team (kind `tlc_group`) holding the same people."""
    name: str
    leader_staff_id: UUID
    members: list[GroupMember]
    warnings: list[str]
    """Advice that does not stop anything, such as a size outside the recommended bounds."""
    created_at: datetime
    updated_at: datetime
    version: int


class GroupPage(Page[Group]):
    """A page of groups."""


class GroupCreate(Schema):
    """A new group in a programme; a core team of kind `tlc_group` is made with the same people."""

    programme_id: UUID
    name: Name
    leader_staff_id: UUID
    member_ids: Annotated[list[UUID], Meta(max_length=60)] = msgspec.field(default_factory=list)


class GroupUpdate(Schema):
    """Changes to a group; fields left out stay as they are."""

    name: Name | UnsetType = UNSET
    leader_staff_id: UUID | UnsetType = UNSET


class Counts(msgspec.Struct, kw_only=True):
    """How a group or programme is going, in counts only: never notes, reports or intentions."""

    meetings_planned: int
    meetings_held: int
    """Closed meetings."""
    meetings_cancelled: int
    attendance_rate: float | None
    """Members present at closed meetings over members whose attendance was taken there; null before any."""
    items_by_state: dict[str, int]
    """Action-plan items by state (proposed, active, tried, embedded, adapted, dropped)."""
    observations: int


class GroupProgress(Counts, kw_only=True):
    """A group's progress."""

    group_id: UUID
    name: str
    members: int


class ProgrammeProgress(Counts, kw_only=True):
    """A programme's progress: totals over its groups, and each group's."""

    programme_id: UUID
    groups: list[GroupProgress]
