"""Schemas of the staff portfolio."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal
from uuid import UUID

import msgspec

from pl_api.domain.records.schemas import PriorityMinutes, RecordActivity

Stream = Literal["whole_school", "team", "individual"]
EvidenceKind = Literal["activity_led", "feedback_given"]
"""What a piece of evidence is; each kind comes from one source in ``pl_api.domain.portfolio.evidence``."""


class PortfolioSchool(msgspec.Struct):
    """A school the staff member belongs to."""

    id: UUID
    name: str


class PortfolioPerson(msgspec.Struct):
    """Whose portfolio it is."""

    id: UUID
    given_name: str
    family_name: str
    job_title: str | None
    status: str
    schools: list[PortfolioSchool]


class PortfolioElement(msgspec.Struct):
    """A framework element, named."""

    id: UUID
    code: str
    title: str
    framework: str


class PortfolioElementMinutes(msgspec.Struct):
    """Minutes of learning that addressed one framework element."""

    element: PortfolioElement
    minutes: int


class PortfolioGoal(msgspec.Struct):
    """A goal: active, or achieved in the period."""

    id: UUID
    title: str
    description: str | None
    status: str
    starts_on: date | None
    review_on: date | None
    """The next review date."""
    elements: list[PortfolioElement]


class PortfolioStream(msgspec.Struct):
    """The learning of one stream (whole school, team or individual) in the period."""

    stream: Stream
    minutes: int
    hours: float
    """The minutes as hours, to one decimal place."""
    activities: list[RecordActivity]
    elements: list[PortfolioElementMinutes]
    """Framework elements addressed, most minutes first."""
    priorities: list[PriorityMinutes]
    """School-improvement priorities served, most minutes first."""


class PortfolioLearning(msgspec.Struct):
    """Learning attended in the period, overall and by stream (all three, even when empty)."""

    minutes: int
    hours: float
    activities: int
    streams: list[PortfolioStream]


class PortfolioEvidence(msgspec.Struct, kw_only=True):
    """One piece of evidence of the staff member's practice and development."""

    kind: EvidenceKind
    on: date
    title: str
    activity_id: UUID | None = None
    detail: str | None = None
    guskey_level: int | None = None
    """The level of Guskey's five it is evidence at (1 reactions … 5 pupil outcomes), when it is one."""


class PortfolioReflection(msgspec.Struct):
    """A reflection in the portfolio (see the privacy rules in docs/portfolio.md)."""

    id: UUID
    title: str | None
    body: str
    visibility: str
    shared_with_leaders: bool
    """False only in the staff member's own copy with ``include_unshared``: leaders never see it."""
    written_at: datetime
    activity_id: UUID | None
    goal_id: UUID | None


class PortfolioContribution(msgspec.Struct):
    """What an enabled plugin adds (its section of the CPD record)."""

    slug: str
    name: str
    content: dict[str, Any]


class Portfolio(msgspec.Struct, kw_only=True):
    """A staff member's portfolio for a period (both dates inclusive)."""

    staff: PortfolioPerson
    from_date: date = msgspec.field(name="from")
    to_date: date = msgspec.field(name="to")
    generated_at: datetime
    learning: PortfolioLearning
    goals: list[PortfolioGoal]
    """Active goals and goals achieved in the period; empty unless the key may read goals."""
    evidence: list[PortfolioEvidence]
    """In date order."""
    reflections: list[PortfolioReflection]
    """Reflections written in the period and shared with leaders (and, in the staff member's own copy
    with ``include_unshared``, their others, marked); empty unless the key may read reflections."""
    includes_unshared_reflections: bool
    plugins: list[PortfolioContribution]
