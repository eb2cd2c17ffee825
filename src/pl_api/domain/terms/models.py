"""The terms table."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from pl_api.db.base import TenantEntity


class Term(TenantEntity):
    """An academic year, or a term, semester or grading period within one (``parent_id``)."""

    event_subject = "term"

    __tablename__ = "terms"
    __table_args__ = (UniqueConstraint("tenant_id", "source", "external_id"),)

    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    """``academic_year``, ``term``, ``semester`` or ``grading_period``."""
    academic_year: Mapped[str | None] = mapped_column(String(7))
    """``2026/27``."""
    starts_on: Mapped[date | None]
    ends_on: Mapped[date | None]
    parent_id: Mapped[UUID | None] = mapped_column(ForeignKey("terms.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(10), default="active")
    """``active`` or ``inactive`` (withdrawn by the MIS; never deleted)."""
    source: Mapped[str | None] = mapped_column(String(50))
    external_id: Mapped[str | None] = mapped_column(String(100))
