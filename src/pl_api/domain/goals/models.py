"""Goals and the framework elements they aim at."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pl_api.db.base import Base, TenantEntity, TenantOwned


class Goal(TenantEntity):
    """An individual's chosen focus. The staff member owns it."""

    event_subject = "goal"

    __tablename__ = "goals"
    __table_args__ = (Index("ix_goals_tenant_id_staff_id", "tenant_id", "staff_id"),)

    staff_id: Mapped[UUID] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(String(2000))
    status: Mapped[str] = mapped_column(String(10), default="active")
    starts_on: Mapped[date | None]
    review_on: Mapped[date | None]
    """The next review date."""

    element_links: Mapped[list[GoalElement]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="GoalElement.element_id"
    )

    @property
    def element_ids(self) -> list[UUID]:
        return [link.element_id for link in self.element_links]


class GoalElement(TenantOwned, Base):
    """A framework element a goal aims at."""

    __tablename__ = "goal_elements"

    goal_id: Mapped[UUID] = mapped_column(ForeignKey("goals.id", ondelete="CASCADE"), primary_key=True)
    element_id: Mapped[UUID] = mapped_column(
        ForeignKey("framework_elements.id", ondelete="CASCADE"), primary_key=True, index=True
    )
