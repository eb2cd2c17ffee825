"""The outbox table, and the session hooks that fill it and the audit log."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Index, String, event
from sqlalchemy.orm import Mapped, Session, UOWTransaction, mapped_column

from pl_api.db.base import Base, TenantEntity, TenantOwned, new_id, utcnow
from pl_api.domain.audit.models import discard_collected, write_collected

PENDING = "pl_api.events"
"""Key of ``Session.info`` holding the events of the current transaction, for delivery after commit."""


class EventRecord(TenantOwned, Base):
    """One committed change: ``<subject>.created|updated|deleted`` of one row."""

    __tablename__ = "events"
    __table_args__ = (Index("ix_events_tenant_id_id", "tenant_id", "id"),)

    audited = False

    id: Mapped[UUID] = mapped_column(primary_key=True, default=new_id)
    type: Mapped[str] = mapped_column(String(80))
    subject_id: Mapped[UUID | None]
    occurred_at: Mapped[datetime] = mapped_column(default=utcnow)
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)


class RecordingSession(Session):
    """A session that writes, in the transaction of each change, an event for every change to a row whose
    model names an ``event_subject``, and an audit entry for every change to a tenant's row."""


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


@event.listens_for(RecordingSession, "before_flush")
def _before_flush(session: Session, _flush: UOWTransaction, _instances: Any) -> None:
    discard_collected(session)  # left by a flush that failed
    _record(session, "created", list(session.new))
    _record(session, "updated", list(session.dirty))
    _record(session, "deleted", list(session.deleted))


@event.listens_for(RecordingSession, "after_flush")
def _after_flush(session: Session, _flush: UOWTransaction) -> None:
    write_collected(session)


@event.listens_for(RecordingSession, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop(PENDING, None)
    discard_collected(session)
