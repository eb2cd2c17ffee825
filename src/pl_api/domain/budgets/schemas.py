"""CPD budget schemas."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

import msgspec
from msgspec import UNSET, Meta, UnsetType

from pl_api.domain.types import AcademicYear, Schema, ShortText
from pl_api.http.pagination import Page

Amount = Annotated[int, Meta(gt=-1, le=10_000_000_000, description="In pence")]


class CpdBudget(msgspec.Struct):
    """A school's CPD budget for an academic year."""

    id: UUID
    school_id: UUID
    academic_year: str
    amount_pence: int
    notes: str | None
    created_at: datetime
    updated_at: datetime
    version: int


class CpdBudgetPage(Page[CpdBudget]):
    """A page of CPD budgets."""


class CpdBudgetCreate(Schema):
    """A school's budget for an academic year (one each)."""

    school_id: UUID
    academic_year: AcademicYear
    amount_pence: Amount
    notes: ShortText | None = None


class CpdBudgetUpdate(Schema):
    """A change of amount or notes."""

    amount_pence: Amount | UnsetType = UNSET
    notes: ShortText | UnsetType | None = UNSET
