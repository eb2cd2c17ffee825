"""Teams and their members."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from pl_api.db.base import Base, TenantEntity, TenantOwned, utcnow


class Team(TenantEntity):
    """A set of staff: ``kind`` says department, year_group, phase, custom, or a kind a plugin adds."""

    event_subject = "team"

    __tablename__ = "teams"
    __table_args__ = (UniqueConstraint("tenant_id", "source", "external_id"),)

    school_id: Mapped[UUID | None] = mapped_column(ForeignKey("schools.id", ondelete="RESTRICT"), index=True)
    """The school the team belongs to; null for a trust-wide team."""
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(40))
    description: Mapped[str | None] = mapped_column(String(2000))
    status: Mapped[str] = mapped_column(String(10), default="active")
    source: Mapped[str | None] = mapped_column(String(50))
    external_id: Mapped[str | None] = mapped_column(String(100))


class TeamMember(TenantOwned, Base):
    """A staff member in a team, as ``lead`` or ``member``."""

    __tablename__ = "team_members"
    __table_args__ = (
        Index("ix_team_members_tenant_id_staff_id", "tenant_id", "staff_id"),
        Index("ix_team_members_tenant_id_team_id", "tenant_id", "team_id"),
    )

    team_id: Mapped[UUID] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), primary_key=True)
    staff_id: Mapped[UUID] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), primary_key=True, index=True)
    role: Mapped[str] = mapped_column(String(10), default="member")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
