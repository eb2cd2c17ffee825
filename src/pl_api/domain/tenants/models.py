"""Tables for tenants and API clients."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar
from uuid import UUID

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from pl_api.db.base import Entity

DEFAULT_RETENTION_YEARS = 6
"""Leaving date + 6 years: the usual period for staff records in English schools."""


class Tenant(Entity):
    """Who owns the data: a trust (with its schools) or a standalone school."""

    __tablename__ = "tenants"

    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20), default="trust")
    retention_years: Mapped[int] = mapped_column(default=DEFAULT_RETENTION_YEARS, server_default="6")
    """How many years after a staff member's leaving date ``pl-api retention run`` erases them."""


class ApiClient(Entity):
    """A machine caller with an API key. Only a SHA-256 hash of the key is stored."""

    __tablename__ = "api_clients"

    audited: ClassVar[bool] = True
    """Creating, changing and revoking a tenant's clients is on its audit log (never the key or its hash)."""

    tenant_id: Mapped[UUID] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    key_prefix: Mapped[str] = mapped_column(String(32), unique=True)
    key_hash: Mapped[str] = mapped_column(String(64))
    scopes: Mapped[list[str]]
    revoked_at: Mapped[datetime | None]
