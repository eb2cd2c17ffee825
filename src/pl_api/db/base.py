"""Declarative base, column types and the mixins every table is built from."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar
from uuid import UUID

from sqlalchemy import JSON, ColumnElement, DateTime, ForeignKey, MetaData, Uuid, true
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column
from sqlalchemy.types import TypeDecorator
from uuid_utils.compat import uuid7

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    """The current time, timezone-aware in UTC."""
    return datetime.now(UTC)


def new_id() -> UUID:
    """A new time-ordered UUIDv7."""
    return uuid7()


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored in UTC and always returned timezone-aware, on SQLite as on PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; pl-api stores only timezone-aware UTC timestamps")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


JSONColumn = JSON().with_variant(JSONB(), "postgresql")
"""A JSON column (JSONB on PostgreSQL)."""


class Base(DeclarativeBase):
    """The declarative base of every pl-api table, core and plugin alike."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime(), UUID: Uuid(), list[str]: JSONColumn, dict[str, Any]: JSONColumn}


class Entity(Base):
    """A resource: UUIDv7 id, creation and update times, and an optimistic-locking version."""

    __abstract__ = True

    id: Mapped[UUID] = mapped_column(primary_key=True, default=new_id)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    unreferable_reason: ClassVar[str] = "takes no new references"
    """Why a row that ``referable`` excludes cannot be named by new rows (finishes a 422's detail)."""

    @classmethod
    def referable(cls) -> ColumnElement[bool]:
        """Which rows new rows may refer to (all by default; erased staff members, for one, are not)."""
        return true()

    event_subject: ClassVar[str | None] = None
    """Name used for this resource's events (``staff`` -> ``staff.created``); None writes no events."""

    def __init__(self, **kwargs: Any) -> None:
        # Ids are known from construction, so related rows can be built before any flush.
        kwargs.setdefault("id", new_id())
        super().__init__(**kwargs)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.version}


class TenantOwned:
    """Mixin for tables that belong to a tenant: every query on them is scoped by ``tenant_id``."""

    tenant_id: Mapped[UUID] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), index=True)

    audited: ClassVar[bool] = True
    """Whether every insert, update and delete of a row is written to the audit log (False only for the
    log's own bookkeeping tables: the audit log itself, the events outbox)."""


class TenantEntity(TenantOwned, Entity):
    """A resource owned by a tenant."""

    __abstract__ = True
