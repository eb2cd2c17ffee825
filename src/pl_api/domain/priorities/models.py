"""Priorities and the framework elements they focus on."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pl_api.db.base import Base, TenantEntity, TenantOwned


class Priority(TenantEntity):
    """A school-improvement priority: why (evidence sources), which elements, who owns it."""

    event_subject = "priority"

    __tablename__ = "priorities"

    school_id: Mapped[UUID | None] = mapped_column(ForeignKey("schools.id", ondelete="RESTRICT"), index=True)
    """The school; null for a trust-wide priority."""
    academic_year: Mapped[str] = mapped_column(String(7), index=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(String(2000))
    evidence_sources: Mapped[list[str]] = mapped_column(default=list)
    owner_staff_id: Mapped[UUID | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"), index=True)
    status: Mapped[str] = mapped_column(String(10), default="active")

    element_links: Mapped[list[PriorityElement]] = relationship(cascade="all, delete-orphan", lazy="selectin")

    @property
    def element_ids(self) -> list[UUID]:
        return [link.element_id for link in self.element_links]


class PriorityElement(TenantOwned, Base):
    """A framework element a priority focuses on."""

    __tablename__ = "priority_elements"

    priority_id: Mapped[UUID] = mapped_column(ForeignKey("priorities.id", ondelete="CASCADE"), primary_key=True)
    element_id: Mapped[UUID] = mapped_column(
        ForeignKey("framework_elements.id", ondelete="CASCADE"), primary_key=True, index=True
    )
