"""The calendar_feeds table. Only a SHA-256 hash of a feed's secret is stored, as for API keys."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from pl_api.db.base import TenantEntity


class CalendarFeed(TenantEntity):
    """The iCalendar feed of one staff member's activities, or of one team's (one each, at most)."""

    __tablename__ = "calendar_feeds"
    __table_args__ = (CheckConstraint("(staff_id IS NULL) <> (team_id IS NULL)", name="one_owner"),)

    staff_id: Mapped[UUID | None] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), index=True, unique=True)
    team_id: Mapped[UUID | None] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True, unique=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
