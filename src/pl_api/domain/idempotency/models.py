"""The table of idempotency keys: who used which key for which request, and the answer it got."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from pl_api.db.base import Base, TenantOwned, new_id


class IdempotencyKey(TenantOwned, Base):
    """One ``Idempotency-Key`` of one caller (``actor``) in a tenant.

    A row is claimed (pending, no response yet) before the handler runs; the unique constraint lets
    exactly one request win a key. A successful answer is then stored on it for replay; any other
    outcome deletes the row. Nothing secret is kept: no request headers, no credentials.
    """

    __tablename__ = "idempotency_keys"

    audited = False  # bookkeeping: the request it guards is on the audit log
    __table_args__ = (UniqueConstraint("tenant_id", "actor", "key"),)

    id: Mapped[UUID] = mapped_column(primary_key=True, default=new_id)
    """Identifies one claim: a claim taken over after its lease is a new row with a new id."""
    actor: Mapped[str] = mapped_column(String(100))
    """Who used the key (``client:<id>`` or ``staff:<id>``)."""
    key: Mapped[str] = mapped_column(String(255))
    fingerprint: Mapped[str] = mapped_column(String(64))
    """SHA-256 (hex) of the request's method, path and query, and body."""
    claimed_at: Mapped[datetime]
    expires_at: Mapped[datetime] = mapped_column(index=True)
    completed_at: Mapped[datetime | None]
    """When the answer was stored; none while the first request is still running."""
    status_code: Mapped[int | None]
    headers: Mapped[dict[str, Any] | None]
    """The response headers a replay repeats (``content-type``, ``etag``, ``location``), by lower-case name."""
    body: Mapped[str | None] = mapped_column(Text)
