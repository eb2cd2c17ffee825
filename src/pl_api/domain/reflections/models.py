"""The reflections table."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from pl_api.db.base import TenantEntity


class Reflection(TenantEntity):
    """A journal entry. ``visibility`` is private (default), coach, team or leaders."""

    event_subject = "reflection"

    __tablename__ = "reflections"
    __table_args__ = (Index("ix_reflections_tenant_id_staff_id", "tenant_id", "staff_id"),)

    staff_id: Mapped[UUID] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), index=True)
    activity_id: Mapped[UUID | None] = mapped_column(ForeignKey("activities.id", ondelete="SET NULL"), index=True)
    goal_id: Mapped[UUID | None] = mapped_column(ForeignKey("goals.id", ondelete="SET NULL"), index=True)
    title: Mapped[str | None] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    visibility: Mapped[str] = mapped_column(String(10), default="private")
    written_at: Mapped[datetime]
