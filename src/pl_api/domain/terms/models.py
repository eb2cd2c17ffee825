"""The terms and closures tables: a school's (or the whole trust's) academic calendar."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from pl_api.db.base import TenantEntity


class Term(TenantEntity):
    """An academic year, or a term, semester or grading period within one (``parent_id``).

    ``school_id`` null: the term applies at every school of the tenant (as OneRoster sessions, which
    name no school, are imported). Imported rows keep their ``source`` and ``external_id``.
    """

    event_subject = "term"

    __tablename__ = "terms"
    __table_args__ = (UniqueConstraint("tenant_id", "source", "external_id"),)

    school_id: Mapped[UUID | None] = mapped_column(ForeignKey("schools.id", ondelete="RESTRICT"), index=True)
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


class Closure(TenantEntity):
    """Days in term on which the usual timetable does not run: an INSET (training) day, a holiday such as
    half term or a bank holiday, or another closure. ``school_id`` null: at every school of the tenant."""

    event_subject = "closure"

    __tablename__ = "closures"
    __table_args__ = (Index("ix_closures_tenant_starts_on", "tenant_id", "starts_on"),)

    school_id: Mapped[UUID | None] = mapped_column(ForeignKey("schools.id", ondelete="RESTRICT"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    """``inset_day``, ``holiday`` or ``closure``."""
    name: Mapped[str] = mapped_column(String(200))
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    """The last day closed (the same as ``starts_on`` for one day)."""
