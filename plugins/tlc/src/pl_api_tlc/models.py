"""The plugin's tables, each prefixed ``tlc_`` and owned by a tenant."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import JSON, Boolean, ForeignKey, String, UniqueConstraint
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from pl_api.plugin import Base, TenantEntity, TenantOwned

Sections = JSON().with_variant(JSONB(), "postgresql")
"""Agenda sections as JSON (JSONB on PostgreSQL), like the core's JSON columns."""


class TlcProgramme(TenantEntity):
    """A school's (or, with no school, the trust's) TLC programme: dates, lead, library and meeting template."""

    __tablename__ = "tlc_programmes"

    school_id: Mapped[UUID | None] = mapped_column(ForeignKey("schools.id", ondelete="RESTRICT"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    lead_staff_id: Mapped[UUID | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"), index=True)
    planned_meetings: Mapped[int]
    """How many meetings each group is meant to hold over the programme."""
    agenda_template: Mapped[list[dict[str, Any]]] = mapped_column(Sections, default=list)
    """Ordered sections ``{"title", "minutes"}`` each new meeting's agenda starts from."""
    status: Mapped[str] = mapped_column(String(10), default="active")


class TlcTechnique(TenantEntity):
    """A classroom technique in a programme's library, under one of its strategies."""

    __tablename__ = "tlc_techniques"
    __table_args__ = (UniqueConstraint("programme_id", "name"),)

    programme_id: Mapped[UUID] = mapped_column(ForeignKey("tlc_programmes.id", ondelete="CASCADE"), index=True)
    strategy: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(String(2000))


class TlcGroup(TenantEntity):
    """A learning community: a leader and members, mirrored by a core team of kind ``tlc_group``."""

    __tablename__ = "tlc_groups"

    programme_id: Mapped[UUID] = mapped_column(ForeignKey("tlc_programmes.id", ondelete="CASCADE"), index=True)
    team_id: Mapped[UUID | None] = mapped_column(ForeignKey("teams.id", ondelete="SET NULL"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    leader_staff_id: Mapped[UUID] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), index=True)


class TlcGroupMember(TenantOwned, Base):
    """A staff member in a group (the leader is not listed here)."""

    __tablename__ = "tlc_group_members"

    group_id: Mapped[UUID] = mapped_column(ForeignKey("tlc_groups.id", ondelete="CASCADE"), primary_key=True)
    staff_id: Mapped[UUID] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), primary_key=True, index=True)
    joined_at: Mapped[datetime]


class TlcMeeting(TenantEntity):
    """One meeting of a group: scheduled, in progress, closed, or cancelled."""

    __tablename__ = "tlc_meetings"
    __table_args__ = (UniqueConstraint("group_id", "sequence"),)

    group_id: Mapped[UUID] = mapped_column(ForeignKey("tlc_groups.id", ondelete="CASCADE"), index=True)
    sequence: Mapped[int]
    scheduled_at: Mapped[datetime]
    rescheduled_from: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(12), default="scheduled")
    agenda: Mapped[list[dict[str, Any]]] = mapped_column(Sections, default=list)
    """Ordered sections ``{"title", "minutes", "notes"}``."""
    started_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    cancel_reason: Mapped[str | None] = mapped_column(String(500))
    activity_id: Mapped[UUID | None] = mapped_column(ForeignKey("activities.id", ondelete="SET NULL"), index=True)
    """The core activity the closed meeting became."""


class TlcAttendance(TenantOwned, Base):
    """Whether a member was present at a meeting."""

    __tablename__ = "tlc_attendance"

    meeting_id: Mapped[UUID] = mapped_column(ForeignKey("tlc_meetings.id", ondelete="CASCADE"), primary_key=True)
    staff_id: Mapped[UUID] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), primary_key=True, index=True)
    present: Mapped[bool] = mapped_column(Boolean)


class TlcReport(TenantEntity):
    """A member's "how's it going?" report at a meeting, or their explicit pass."""

    __tablename__ = "tlc_reports"
    __table_args__ = (UniqueConstraint("meeting_id", "staff_id"),)

    meeting_id: Mapped[UUID] = mapped_column(ForeignKey("tlc_meetings.id", ondelete="CASCADE"), index=True)
    staff_id: Mapped[UUID] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), index=True)
    plan_item_id: Mapped[UUID | None] = mapped_column(ForeignKey("tlc_plan_items.id", ondelete="SET NULL"))
    passed: Mapped[bool] = mapped_column(Boolean, default=False)
    text: Mapped[str | None] = mapped_column(String(5000))


class TlcPlanItem(TenantEntity):
    """An item of a member's personal action plan: a technique, an intention, a start date and a state."""

    __tablename__ = "tlc_plan_items"

    group_id: Mapped[UUID] = mapped_column(ForeignKey("tlc_groups.id", ondelete="CASCADE"), index=True)
    staff_id: Mapped[UUID] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), index=True)
    technique_id: Mapped[UUID] = mapped_column(ForeignKey("tlc_techniques.id", ondelete="RESTRICT"), index=True)
    intention: Mapped[str] = mapped_column(String(2000))
    starts_on: Mapped[date]
    status: Mapped[str] = mapped_column(String(10), default="proposed")


class TlcPlanChange(TenantEntity):
    """One change to a plan item, with the meeting in which it happened (if any)."""

    __tablename__ = "tlc_plan_changes"

    item_id: Mapped[UUID] = mapped_column(ForeignKey("tlc_plan_items.id", ondelete="CASCADE"), index=True)
    meeting_id: Mapped[UUID | None] = mapped_column(ForeignKey("tlc_meetings.id", ondelete="SET NULL"), index=True)
    from_status: Mapped[str | None] = mapped_column(String(10))
    to_status: Mapped[str] = mapped_column(String(10))
    intention_changed: Mapped[bool] = mapped_column(Boolean, default=False)


class TlcObservation(TenantEntity):
    """A peer observation between meetings: observer, observee, the plan item in focus, and notes."""

    __tablename__ = "tlc_observations"

    group_id: Mapped[UUID] = mapped_column(ForeignKey("tlc_groups.id", ondelete="CASCADE"), index=True)
    observer_staff_id: Mapped[UUID] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), index=True)
    observee_staff_id: Mapped[UUID] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), index=True)
    plan_item_id: Mapped[UUID] = mapped_column(ForeignKey("tlc_plan_items.id", ondelete="CASCADE"), index=True)
    observed_at: Mapped[datetime]
    duration_minutes: Mapped[int]
    notes: Mapped[str | None] = mapped_column(String(5000))
    shared_with_group: Mapped[bool] = mapped_column(Boolean, default=False)
    """Set by the observee: the group may read the notes too."""
    activity_id: Mapped[UUID | None] = mapped_column(ForeignKey("activities.id", ondelete="SET NULL"), index=True)


MODELS: list[type[Base]] = [
    TlcProgramme,
    TlcTechnique,
    TlcGroup,
    TlcGroupMember,
    TlcMeeting,
    TlcAttendance,
    TlcReport,
    TlcPlanItem,
    TlcPlanChange,
    TlcObservation,
]
