"""The schools table."""

from __future__ import annotations

from sqlalchemy import String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from pl_api.db.base import TenantEntity


class School(TenantEntity):
    """One school of a tenant."""

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
