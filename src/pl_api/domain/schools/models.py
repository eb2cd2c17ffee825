"""The schools table."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from pl_api.db.base import Base, TenantEntity, TenantOwned, utcnow


class School(TenantEntity):
    """One school of a tenant."""

    event_subject = "school"

    __tablename__ = "schools"
    __table_args__ = (
        UniqueConstraint("tenant_id", "source", "external_id"),
        UniqueConstraint("tenant_id", "urn"),
    )

    name: Mapped[str] = mapped_column(String(200))
    urn: Mapped[str | None] = mapped_column(String(6))
    laestab: Mapped[str | None] = mapped_column(String(7))
    phase: Mapped[str | None] = mapped_column(String(30))
    status: Mapped[str] = mapped_column(String(10), default="open")
    source: Mapped[str | None] = mapped_column(String(50))
    external_id: Mapped[str | None] = mapped_column(String(100))

    @property
    def school_id(self) -> UUID:
        """The school the row belongs to: itself, so that access rules treat a school like its rows."""
        return self.id


class SchoolPlugin(TenantOwned, Base):
    """Whether an enabled plugin is switched off for one school (plugins are on unless switched off)."""

    __tablename__ = "school_plugins"

    school_id: Mapped[UUID] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"), primary_key=True)
    slug: Mapped[str] = mapped_column(String(31), primary_key=True)
    enabled: Mapped[bool] = mapped_column(default=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
