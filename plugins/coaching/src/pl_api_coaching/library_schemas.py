"""Bodies of the step library: the tree as imported and exported, and as the API shows it."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

import msgspec

from pl_api.plugin import Name, Page, Schema, ShortText, WebUrl

Code = Annotated[str, msgspec.Meta(min_length=1, max_length=20, pattern=r"^[^\x00-\x1f\x7f]*$")]
Edition = Annotated[int, msgspec.Meta(ge=1, le=10_000)]
VideoUrl = WebUrl
Criterion = Annotated[str, msgspec.Meta(min_length=1, max_length=500, pattern=r"^[^\x00-\x1f\x7f|]*$")]


class StepIn(Schema):
    """An action step: one bite-sized, observable change."""

    title: Name
    code: Code | None = None
    text: ShortText | None = None
    success_criteria: Annotated[list[Criterion], msgspec.Meta(max_length=20)] = msgspec.field(default_factory=list)
    video_url: VideoUrl | None = None
    """A model video of the step done well."""
    element_ids: Annotated[list[UUID], msgspec.Meta(max_length=20)] = msgspec.field(default_factory=list)
    """Core framework elements the step puts into practice."""


class SkillIn(Schema, kw_only=True):
    """A skill within a strand: a sequence of action steps."""

    title: Name
    code: Code | None = None
    steps: Annotated[list[StepIn], msgspec.Meta(min_length=1, max_length=200)]


class StrandIn(Schema, kw_only=True):
    """A strand of the framework of effective teaching (e.g. routines, rigour)."""

    title: Name
    code: Code | None = None
    skills: Annotated[list[SkillIn], msgspec.Meta(min_length=1, max_length=100)]


class LibraryImport(Schema, kw_only=True):
    """A step library as JSON: strands → skills → action steps, in the order coaching follows them."""

    name: Name
    edition: Edition = 1
    school_id: UUID | None = None
    """The school that holds it; left out, it is shared across the trust."""
    description: ShortText | None = None
    strands: Annotated[list[StrandIn], msgspec.Meta(min_length=1, max_length=50)]


class LibraryCsvImport(Schema, kw_only=True):
    """A step library as CSV text: one row per step, with the header
    `strand_code,strand,skill_code,skill,step_code,step,text,success_criteria,video_url,element_ids`
    (success criteria separated by `|`, element ids by spaces)."""

    name: Name
    edition: Edition = 1
    school_id: UUID | None = None
    description: ShortText | None = None
    csv: Annotated[str, msgspec.Meta(min_length=1, max_length=900_000)]


class Step(msgspec.Struct, kw_only=True):
    """An action step of a library."""

    id: UUID
    code: str | None
    title: str
    text: str | None
    success_criteria: list[str]
    video_url: str | None
    element_ids: list[UUID]


class Skill(msgspec.Struct, kw_only=True):
    """A skill of a library."""

    id: UUID
    code: str | None
    title: str
    steps: list[Step]


class Strand(msgspec.Struct, kw_only=True):
    """A strand of a library."""

    id: UUID
    code: str | None
    title: str
    skills: list[Skill]


class LibrarySummary(msgspec.Struct, kw_only=True):
    """A step library without its tree."""

    id: UUID
    school_id: UUID | None
    name: str
    edition: int
    description: str | None
    created_at: datetime
    updated_at: datetime
    version: int


class LibrarySummaryPage(Page[LibrarySummary]):
    """A page of step libraries."""


class Library(LibrarySummary, kw_only=True):
    """A step library with its strands, skills and steps."""

    strands: list[Strand]
