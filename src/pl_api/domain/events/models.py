"""The outbox table, and the session hooks that fill it and the audit log.

Commit order, not id order
--------------------------
Event ids are UUIDv7, taken when a change is flushed. Two transactions can flush in one order and
commit in the other, so a reader that pages by ``id > last id seen`` would, having seen the later id,
skip the earlier event when its transaction commits afterwards. The change feed therefore pages by
``position``: a number per tenant, increasing in **commit order**, given to a transaction's events just
before it commits. The events are inserted in ``before_commit`` after an upsert that bumps the
tenant's row in ``event_positions``; that row stays locked until the transaction ends (on PostgreSQL a
row lock, on SQLite the database's single write lock), so a second transaction of the same tenant
takes its positions only after the first has committed or rolled back. Positions are therefore
gap-free for committed work, never reused, and a reader that saw position ``p`` can never later
find a committed event at or below ``p`` that it has not seen. The lock is held only for the length of
a commit, not of the transaction.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import BigInteger, ForeignKey, Index, String, Table, UniqueConstraint, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, Session, UOWTransaction, mapped_column

from pl_api.db.base import Base, TenantEntity, TenantOwned, new_id, utcnow
from pl_api.domain.audit.models import discard_collected, write_collected

PENDING = "pl_api.events"
"""Key of ``Session.info`` holding the events of the current transaction, for delivery after commit."""
UNWRITTEN = "pl_api.events.unwritten"
"""Key of ``Session.info`` holding the events of the current transaction not yet inserted (at commit)."""


class EventRecord(TenantOwned, Base):
    """One committed change: ``<subject>.created|updated|deleted`` of one row."""

    __tablename__ = "events"
    __table_args__ = (
        Index("ix_events_tenant_id_id", "tenant_id", "id"),
        UniqueConstraint("tenant_id", "position"),
    )

    audited = False

    id: Mapped[UUID] = mapped_column(primary_key=True, default=new_id)
    position: Mapped[int] = mapped_column(BigInteger)
    """The event's place in its tenant's feed: increasing in commit order (see the module's docstring)."""
    type: Mapped[str] = mapped_column(String(80))
    subject_id: Mapped[UUID | None]
    occurred_at: Mapped[datetime] = mapped_column(default=utcnow)
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)


class EventPosition(TenantOwned, Base):
    """The last feed position given to one tenant's events; its row is the lock that orders commits."""

    __tablename__ = "event_positions"

    audited = False

    tenant_id: Mapped[UUID] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), primary_key=True)
    last_position: Mapped[int] = mapped_column(BigInteger, default=0)


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
        add_event(session, record)


def add_event(session: Session | AsyncSession, record: EventRecord) -> None:
    """Write ``record`` into the outbox with the session's next commit (which gives it its feed position)."""
    session.info.setdefault(UNWRITTEN, []).append(record)
    session.info.setdefault(PENDING, []).append(record)


def _take_positions(session: Session, tenant_id: UUID, count: int) -> int:
    """Reserve ``count`` positions of ``tenant_id``'s feed and return the first; locks the tenant's counter
    row until the transaction ends."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    table = EventPosition.__table__
    assert isinstance(table, Table)
    stmt = (
        insert(table)
        .values(tenant_id=tenant_id, last_position=count)
        .on_conflict_do_update(
            index_elements=[table.c.tenant_id], set_={"last_position": table.c.last_position + count}
        )
        .returning(table.c.last_position)
    )
    last = int(session.connection().execute(stmt).scalar_one())
    return last - count + 1


@event.listens_for(RecordingSession, "before_flush")
def _before_flush(session: Session, _flush: UOWTransaction, _instances: Any) -> None:
    discard_collected(session)  # left by a flush that failed
    _record(session, "created", list(session.new))
    _record(session, "updated", list(session.dirty))
    _record(session, "deleted", list(session.deleted))


@event.listens_for(RecordingSession, "after_flush")
def _after_flush(session: Session, _flush: UOWTransaction) -> None:
    write_collected(session)


@event.listens_for(RecordingSession, "before_commit")
def _before_commit(session: Session) -> None:
    """Insert the transaction's events with their feed positions, last thing before the commit."""
    session.flush()
    records: list[EventRecord] = session.info.pop(UNWRITTEN, [])
    if not records:
        return
    by_tenant: dict[UUID, list[EventRecord]] = {}
    for record in records:
        by_tenant.setdefault(record.tenant_id, []).append(record)
    for tenant_id in sorted(by_tenant):  # one order for every transaction, so two never wait on each other
        group = by_tenant[tenant_id]
        first = _take_positions(session, tenant_id, len(group))
        for offset, record in enumerate(group):
            record.position = first + offset
    session.add_all(records)
    session.flush()


@event.listens_for(RecordingSession, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop(PENDING, None)
    session.info.pop(UNWRITTEN, None)
    discard_collected(session)
