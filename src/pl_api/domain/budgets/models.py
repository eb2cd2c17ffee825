"""The CPD budget table."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from pl_api.db.base import TenantEntity


class CpdBudget(TenantEntity):
    """A school's CPD budget for one academic year, in pence."""

    event_subject = "cpd_budget"

    __tablename__ = "cpd_budgets"
    __table_args__ = (UniqueConstraint("school_id", "academic_year"),)

    school_id: Mapped[UUID] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"), index=True)
    academic_year: Mapped[str] = mapped_column(String(7))
    amount_pence: Mapped[int]
    notes: Mapped[str | None] = mapped_column(String(2000))
