"""Staff and their memberships of schools."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from sqlalchemy import ColumnElement, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pl_api.db.base import Base, TenantEntity, TenantOwned, utcnow


class Staff(TenantEntity):
    """A staff member. Never hard-deleted by the API: leaving sets ``status`` to ``left``; erasing
    (``pl_api.domain.privacy``) anonymises the row and sets it to ``erased``."""

    event_subject = "staff"

    __tablename__ = "staff"
    __table_args__ = (
        UniqueConstraint("tenant_id", "email"),
        UniqueConstraint("tenant_id", "source", "external_id"),
        UniqueConstraint("tenant_id", "sso_subject"),
        Index("ix_staff_tenant_id_id", "tenant_id", "id"),
    )

    given_name: Mapped[str] = mapped_column(String(200))
    family_name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254))
    """Work email, stored lower-case; unique in the tenant."""
    trn: Mapped[str | None] = mapped_column(String(7))
    job_title: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(10), default="active")
    left_on: Mapped[date | None]
    erased_at: Mapped[datetime | None]
    """When the staff member was erased (anonymised); null until then."""
    trust_roles: Mapped[list[str]] = mapped_column(default=list)
    """Roles held across the whole tenant, e.g. ``trust_admin`` or a trust-wide ``pd_lead``."""
    source: Mapped[str | None] = mapped_column(String(50))
    external_id: Mapped[str | None] = mapped_column(String(100))
    sso_subject: Mapped[str | None] = mapped_column(String(255))
    """The ``sub`` claim naming this staff member at the tenant's identity provider (when it maps by subject)."""

    unreferable_reason = "was erased: new goals, reflections, participations and memberships cannot name them"

    @classmethod
    def referable(cls) -> ColumnElement[bool]:
        """Erased staff members take no new records."""
        return cls.status != "erased"

    memberships: Mapped[list[StaffMembership]] = relationship(
        cascade="all, delete-orphan",
        lazy="selectin",
        order_by="[StaffMembership.created_at, StaffMembership.school_id]",
    )


class StaffMembership(TenantOwned, Base):
    """A staff member's place in one school, with the roles they hold there."""

    __tablename__ = "staff_memberships"
    __table_args__ = (Index("ix_staff_memberships_tenant_id_staff_id", "tenant_id", "staff_id"),)

    staff_id: Mapped[UUID] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), primary_key=True)
    school_id: Mapped[UUID] = mapped_column(ForeignKey("schools.id", ondelete="RESTRICT"), primary_key=True, index=True)
    roles: Mapped[list[str]] = mapped_column(default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
