"""Webhook subscriptions and their deliveries."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import BigInteger, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from pl_api.db.base import Base, TenantEntity, TenantOwned, new_id, utcnow


class WebhookSubscription(TenantEntity):
    """An endpoint that receives the tenant's events. Its signing secrets are stored encrypted, never in plaintext."""

    __tablename__ = "webhook_subscriptions"

    url: Mapped[str] = mapped_column(String(2000))
    event_types: Mapped[list[str]] = mapped_column(default=list)
    """The event types sent; empty: every type."""
    status: Mapped[str] = mapped_column(String(10), default="active")
    """``active``, or ``disabled`` (by hand, or because the endpoint answered 410 Gone)."""
    disabled_reason: Mapped[str | None] = mapped_column(String(200))
    secret_encrypted: Mapped[str] = mapped_column(String(500))
    previous_secret_encrypted: Mapped[str | None] = mapped_column(String(500))
    """The secret before the last rotation: deliveries are signed with both until ``previous_expires_at``."""
    previous_expires_at: Mapped[datetime | None]
    last_position: Mapped[int] = mapped_column(BigInteger, default=0)
    """The feed position up to which events were queued for this endpoint."""


class WebhookDelivery(TenantOwned, Base):
    """One event for one endpoint: tried until it is delivered, or given up after about a day."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        UniqueConstraint("subscription_id", "event_id"),
        Index("ix_webhook_deliveries_due", "status", "next_attempt_at"),
    )

    audited = False

    id: Mapped[UUID] = mapped_column(primary_key=True, default=new_id)
    subscription_id: Mapped[UUID] = mapped_column(
        ForeignKey("webhook_subscriptions.id", ondelete="CASCADE"), index=True
    )
    event_id: Mapped[UUID] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(10), default="pending")
    """``pending`` (due at ``next_attempt_at``), ``delivered`` or ``failed`` (given up, or the endpoint is gone)."""
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    """When it is next due; while a worker holds it, the end of that worker's lease."""
    last_status_code: Mapped[int | None]
    last_error: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    delivered_at: Mapped[datetime | None]
