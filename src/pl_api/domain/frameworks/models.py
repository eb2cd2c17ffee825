"""Frameworks and their elements."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from pl_api.db.base import TenantEntity


class Framework(TenantEntity):
    """A shared, evidence-informed framework of effective teaching."""

    event_subject = "framework"

    __tablename__ = "frameworks"

    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(String(2000))


class FrameworkElement(TenantEntity):
    """One part of a framework; ``parent_id`` makes the tree (a standard and its sub-points)."""

    event_subject = "framework_element"

    __tablename__ = "framework_elements"
    __table_args__ = (UniqueConstraint("framework_id", "code"),)

    framework_id: Mapped[UUID] = mapped_column(ForeignKey("frameworks.id", ondelete="CASCADE"), index=True)
    parent_id: Mapped[UUID | None] = mapped_column(ForeignKey("framework_elements.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(20))
    """A short label unique in the framework, such as ``TS2`` or ``2.3``."""
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(String(2000))
    position: Mapped[int] = mapped_column(default=0)
    """Order among siblings."""
