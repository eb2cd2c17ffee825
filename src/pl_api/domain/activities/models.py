"""Activities, their links to priorities and framework elements, participations and feedback."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pl_api.db.base import Base, TenantEntity, TenantOwned


class Activity(TenantEntity):
    """One piece of professional learning."""

    event_subject = "activity"

    __tablename__ = "activities"
    __table_args__ = (
        Index("ix_activities_tenant_starts_at", "tenant_id", "starts_at"),
        Index("ix_activities_tenant_id_id", "tenant_id", "id"),
    )

    school_id: Mapped[UUID | None] = mapped_column(ForeignKey("schools.id", ondelete="RESTRICT"), index=True)
    """The school it belongs to; null for a trust-wide activity."""
    team_id: Mapped[UUID | None] = mapped_column(ForeignKey("teams.id", ondelete="SET NULL"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(String(2000))
    kind: Mapped[str] = mapped_column(String(60), index=True)
    """A kind from the activity-kind registry (core kinds, and those plugins add)."""
    stream: Mapped[str] = mapped_column(String(15))
    """``whole_school``, ``team`` or ``individual``."""
    starts_at: Mapped[datetime]
    duration_minutes: Mapped[int]
    location: Mapped[str | None] = mapped_column(String(200))
    leader_staff_id: Mapped[UUID | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"), index=True)
    mechanisms: Mapped[list[str]] = mapped_column(default=list)
    """EEF mechanisms of effective PD the activity uses."""
    cost_pence: Mapped[int | None]
    status: Mapped[str] = mapped_column(String(10), default="planned")
    series_id: Mapped[UUID | None] = mapped_column(ForeignKey("activity_series.id", ondelete="SET NULL"), index=True)
    """The planned series it is an occurrence of, if any."""
    series_date: Mapped[date | None]
    """The date the series planned it for (it stays, even if the occurrence is moved)."""

    priority_links: Mapped[list[ActivityPriority]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="ActivityPriority.priority_id"
    )
    element_links: Mapped[list[ActivityElement]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="ActivityElement.element_id"
    )

    @property
    def priority_ids(self) -> list[UUID]:
        return [link.priority_id for link in self.priority_links]

    @property
    def element_ids(self) -> list[UUID]:
        return [link.element_id for link in self.element_links]


class ActivityPriority(TenantOwned, Base):
    """A priority an activity serves."""

    __tablename__ = "activity_priorities"
    __table_args__ = (Index("ix_activity_priorities_tenant_id_activity_id", "tenant_id", "activity_id"),)

    activity_id: Mapped[UUID] = mapped_column(ForeignKey("activities.id", ondelete="CASCADE"), primary_key=True)
    priority_id: Mapped[UUID] = mapped_column(
        ForeignKey("priorities.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class ActivityElement(TenantOwned, Base):
    """A framework element an activity addresses."""

    __tablename__ = "activity_elements"
    __table_args__ = (Index("ix_activity_elements_tenant_id_activity_id", "tenant_id", "activity_id"),)

    activity_id: Mapped[UUID] = mapped_column(ForeignKey("activities.id", ondelete="CASCADE"), primary_key=True)
    element_id: Mapped[UUID] = mapped_column(
        ForeignKey("framework_elements.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class Participation(TenantEntity):
    """A staff member in an activity: invited, attended or absent, and the minutes credited."""

    event_subject = "participation"

    __tablename__ = "participations"
    __table_args__ = (
        UniqueConstraint("activity_id", "staff_id"),
        Index("ix_participations_tenant_id_staff_id", "tenant_id", "staff_id"),
        Index("ix_participations_tenant_id_activity_id", "tenant_id", "activity_id"),
    )

    activity_id: Mapped[UUID] = mapped_column(ForeignKey("activities.id", ondelete="CASCADE"), index=True)
    staff_id: Mapped[UUID] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(10), default="invited")
    minutes_credited: Mapped[int] = mapped_column(default=0)


class Feedback(TenantEntity):
    """A participant's evaluation of an activity (Guskey levels 1 and 2)."""

    event_subject = "feedback"

    __tablename__ = "feedback"
    __table_args__ = (UniqueConstraint("activity_id", "staff_id"),)

    activity_id: Mapped[UUID] = mapped_column(ForeignKey("activities.id", ondelete="CASCADE"), index=True)
    staff_id: Mapped[UUID] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), index=True)
    reaction: Mapped[int]
    """Level 1, reactions: how worthwhile it was, 1 to 5."""
    learning: Mapped[int]
    """Level 2, learning: how much the participant learned, 1 to 5."""
    comment: Mapped[str | None] = mapped_column(String(2000))
