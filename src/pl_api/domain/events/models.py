"""The outbox table, and the session hook that fills it."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Index, String, event
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, Session, UOWTransaction, mapped_column

from pl_api.db.base import Base, TenantEntity, TenantOwned, new_id, utcnow

PENDING = "pl_api.events"
"""Key of ``Session.info`` holding the events of the current transaction, for delivery after commit."""


class EventRecord(TenantOwned, Base):
    """One committed change: ``<subject>.created|updated|deleted`` of one row."""

    __tablename__ = "events"
    __table_args__ = (Index("ix_events_tenant_id_id", "tenant_id", "id"),)

    id: Mapped[UUID] = mapped_column(primary_key=True, default=new_id)
    type: Mapped[str] = mapped_column(String(80))
    subject_id: Mapped[UUID | None]
    occurred_at: Mapped[datetime] = mapped_column(default=utcnow)
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)


class RecordingSession(Session):
    """A session that writes an event for every change to a row whose model names an ``event_subject``."""


def _record(session: Session, verb: str, objects: Any) -> None:
    for obj in objects:
        subject = getattr(type(obj), "event_subject", None)
        if subject is None or not isinstance(obj, TenantEntity):
            continue
        if verb == "updated" and not session.is_modified(obj):
            continue
        record = EventRecord(
            id=new_id(), tenant_id=obj.tenant_id, type=f"{subject}.{verb}", subject_id=obj.id, occurred_at=utcnow()
        )
        session.add(record)
        session.info.setdefault(PENDING, []).append(record)


def add_event(
    session: Session | AsyncSession, tenant_id: UUID, type_: str, subject_id: UUID | None, data: dict[str, Any]
) -> None:
    """Write one event of a named type in the session's transaction, delivered after its commit."""
    record = EventRecord(
        id=new_id(), tenant_id=tenant_id, type=type_, subject_id=subject_id, occurred_at=utcnow(), data=data
    )
    session.add(record)
    session.info.setdefault(PENDING, []).append(record)


@event.listens_for(RecordingSession, "before_flush")
def _before_flush(session: Session, _flush: UOWTransaction, _instances: Any) -> None:
    _record(session, "created", list(session.new))
    _record(session, "updated", list(session.dirty))
    _record(session, "deleted", list(session.deleted))


@event.listens_for(RecordingSession, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop(PENDING, None)
