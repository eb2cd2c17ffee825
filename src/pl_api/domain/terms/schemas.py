"""Term and closure schemas."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal
from uuid import UUID

import msgspec
from msgspec import UNSET, UnsetType

from pl_api.domain.types import AcademicYear, Name, Schema
from pl_api.http.pagination import Page

TermKind = Literal["academic_year", "term", "semester", "grading_period"]
TermStatus = Literal["active", "inactive"]
ClosureKind = Literal["inset_day", "holiday", "closure"]


class Term(msgspec.Struct):
    """An academic year, or a term, semester or grading period within one."""

    id: UUID
    school_id: UUID | None
    """The school; null: it applies at every school of the tenant."""
    name: str
    kind: TermKind
    academic_year: str | None
    starts_on: date | None
    ends_on: date | None
    """The last day of the term (inclusive)."""
    parent_id: UUID | None
    """The academic year a term belongs to."""
    status: TermStatus
    source: str | None
    """The system it was imported from (``oneroster``); null for terms made here."""
    external_id: str | None
    created_at: datetime
    updated_at: datetime
    version: int


class TermPage(Page[Term]):
    """A page of terms."""


class TermCreate(Schema):
    """A new academic year (``kind: academic_year``) or a term within one (``parent_id``)."""

    name: Name
    kind: TermKind
    starts_on: date
    ends_on: date
    school_id: UUID | None = None
    parent_id: UUID | None = None
    academic_year: AcademicYear | None = None
    """Taken from the parent, or from the dates of an academic year, when not given."""
    status: TermStatus = "active"


class TermUpdate(Schema):
    """Changes to a term; fields left out stay as they are. Imported terms may be changed too (a later
    import of the same set writes the MIS's name, dates and status again)."""

    name: Name | UnsetType = UNSET
    kind: TermKind | UnsetType = UNSET
    starts_on: date | UnsetType = UNSET
    ends_on: date | UnsetType = UNSET
    school_id: UUID | UnsetType | None = UNSET
    parent_id: UUID | UnsetType | None = UNSET
    academic_year: AcademicYear | UnsetType | None = UNSET
    status: TermStatus | UnsetType = UNSET


class Closure(msgspec.Struct):
    """Days on which the usual timetable does not run: an INSET day, a holiday, another closure."""

    id: UUID
    school_id: UUID | None
    """The school; null: every school of the tenant."""
    kind: ClosureKind
    name: str
    starts_on: date
    ends_on: date
    """The last day closed (inclusive)."""
    created_at: datetime
    updated_at: datetime
    version: int


class ClosurePage(Page[Closure]):
    """A page of closures."""


class ClosureCreate(Schema):
    """A new INSET day, holiday or closure; one day unless ``ends_on`` is given."""

    name: Name
    kind: ClosureKind
    starts_on: date
    ends_on: date | None = None
    school_id: UUID | None = None


class ClosureUpdate(Schema):
    """Changes to a closure."""

    name: Name | UnsetType = UNSET
    kind: ClosureKind | UnsetType = UNSET
    starts_on: date | UnsetType = UNSET
    ends_on: date | UnsetType = UNSET
    school_id: UUID | UnsetType | None = UNSET
