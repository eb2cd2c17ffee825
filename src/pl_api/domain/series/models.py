"""The activity_series table: what each occurrence is, and when they fall."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from pl_api.db.base import JSONColumn, TenantEntity


class ActivitySeries(TenantEntity):
    """A recurring activity. Its occurrences are ordinary activities carrying its ``series_id``."""

    event_subject = "activity_series"

    __tablename__ = "activity_series"

    school_id: Mapped[UUID | None] = mapped_column(ForeignKey("schools.id", ondelete="RESTRICT"), index=True)
    team_id: Mapped[UUID | None] = mapped_column(ForeignKey("teams.id", ondelete="SET NULL"), index=True)
    term_id: Mapped[UUID | None] = mapped_column(ForeignKey("terms.id", ondelete="RESTRICT"), index=True)
    """The term (or academic year) it runs in, when it was planned for one."""
    status: Mapped[str] = mapped_column(String(10), default="active")
    """``active``, or ``cancelled`` once every occurrence from its start was cancelled."""
    # What each occurrence is.
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(String(2000))
    kind: Mapped[str] = mapped_column(String(60))
    stream: Mapped[str] = mapped_column(String(15))
    duration_minutes: Mapped[int]
    location: Mapped[str | None] = mapped_column(String(200))
    leader_staff_id: Mapped[UUID | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"), index=True)
    mechanisms: Mapped[list[str]] = mapped_column(default=list)
    priority_ids: Mapped[list[str]] = mapped_column(default=list)
    element_ids: Mapped[list[str]] = mapped_column(default=list)
    participant_ids: Mapped[list[str]] = mapped_column(default=list)
    """Staff invited to every occurrence."""
    cost_pence: Mapped[int | None]
    """The cost of each occurrence."""
    # When they fall.
    frequency: Mapped[str] = mapped_column(String(10))
    """``daily``, ``weekly`` or ``monthly``."""
    interval: Mapped[int] = mapped_column(default=1)
    weekdays: Mapped[list[str]] = mapped_column(default=list)
    week_of_month: Mapped[int | None]
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    start_time: Mapped[str] = mapped_column(String(5))
    """Local time of day, ``15:30``."""
    timezone: Mapped[str] = mapped_column(String(60))
    term_time_only: Mapped[bool] = mapped_column(default=True)
    skipped: Mapped[list[dict[str, Any]]] = mapped_column(JSONColumn, default=list)
    """The dates the recurrence gave but the calendar ruled out, as last planned: ``{date, reason, closure_id}``."""
