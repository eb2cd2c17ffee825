"""The audit log: who created, changed or deleted which row, and when — never what it holds.

Every flush of a tenant's rows writes one entry per row inserted, updated or deleted, in the same
transaction (``Session.info[ACTOR]`` names who acts). The entries are collected row by row as the
unit of work writes them, so rows removed from a collection (``delete-orphan``), rows deleted by a
cascade and rows replaced by a new object with the same key are all on record. An entry names the
row and, for an update, the names of the fields that changed; values, text and secrets never go in.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Index, String, event, insert
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, Mapper, Session, mapped_column, object_session
from sqlalchemy.orm.base import instance_state

from pl_api.db.base import Base, TenantOwned, new_id, utcnow

ACTOR = "pl_api.actor"
"""Key of ``Session.info`` naming who acts through a session (``client:<id>``, ``staff:<id>``, ``system:<task>``)."""
SYSTEM = "system"
"""The actor of a session that names none: the CLI, migrations of data, background work."""
COLLECTED = "pl_api.audit"
"""Key of ``Session.info`` holding the entries of the flush under way, written when it ends."""

_MISSING = object()

ACTION_PATTERN = re.compile(r"^[a-z][a-z_]{0,19}$")


class AuditEntry(TenantOwned, Base):
    """One action on one row: ``created``, ``updated`` (with the changed fields' names), ``deleted``,
    or an action recorded on purpose such as ``exported``."""

    __tablename__ = "audit_log"
    __table_args__ = (
        Index("ix_audit_log_tenant_id_id", "tenant_id", "id"),
        Index("ix_audit_log_tenant_id_subject_id", "tenant_id", "subject_id"),
    )

    audited = False

    id: Mapped[UUID] = mapped_column(primary_key=True, default=new_id)
    occurred_at: Mapped[datetime] = mapped_column(default=utcnow)
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(20))
    subject_type: Mapped[str] = mapped_column(String(80))
    """The resource's event subject (``staff``, ``activity``), or the table's name (``team_members``)."""
    subject_id: Mapped[str] = mapped_column(String(200))
    """The row's id, or the values of its composite key joined with ``/`` (``<team_id>/<staff_id>``)."""
    changed_fields: Mapped[list[str]] = mapped_column(default=list)
    """For ``updated``: the names of the fields that changed (never their values)."""


def record_audit(
    session: Session | AsyncSession, tenant_id: UUID, *, action: str, subject_type: str, subject_id: object
) -> None:
    """Put on record an action that changes no row but must be accounted for (``exported``, …).

    The entry names the session's actor and is written with the session's next commit, so it stands
    or falls with the rest of the transaction.
    """
    if not ACTION_PATTERN.match(action):
        raise ValueError(f"audit action {action!r} must be a lower-case word of at most 20 letters or _")
    entry = _entry(session.info, tenant_id, action, subject_type, str(subject_id), [])
    session.add(AuditEntry(**entry))


def _entry(
    info: dict[Any, Any], tenant_id: UUID, action: str, subject_type: str, subject_id: str, changed: list[str]
) -> dict[str, Any]:
    return {
        "id": new_id(),
        "tenant_id": tenant_id,
        "occurred_at": utcnow(),
        "actor": info.get(ACTOR, SYSTEM),
        "action": action,
        "subject_type": subject_type,
        "subject_id": subject_id,
        "changed_fields": changed,
    }


def _is_audited(target: object) -> bool:
    return bool(getattr(type(target), "audited", False)) and getattr(target, "tenant_id", None) is not None


def _subject(mapper: Mapper[Any], target: object) -> tuple[str, str]:
    subject_type = getattr(type(target), "event_subject", None) or mapper.local_table.description
    key = mapper.primary_key_from_instance(target)
    return str(subject_type), "/".join(str(value) for value in key)


def _changed_fields(mapper: Mapper[Any], target: object, session: Session) -> list[str]:
    """The names of the attributes whose value this flush changes.

    A new object taking the place of a deleted row with the same key (a "row switch", as when a
    list of memberships is replaced) is compared with the row it replaces."""
    state = instance_state(target)
    replaced = None
    if state.key is None:
        replaced = session.identity_map.get(mapper.identity_key_from_instance(target))
    changed = []
    for attr in state.attrs:
        history = attr.history
        if not history.has_changes():
            continue
        if replaced is not None:
            before = instance_state(replaced).dict.get(attr.key, _MISSING)
            if before is not _MISSING and before == state.dict.get(attr.key, _MISSING):
                continue
        changed.append(attr.key)
    return sorted(changed)


def _collect(action: str, mapper: Mapper[Any], target: Any) -> None:
    if not _is_audited(target):
        return
    session = object_session(target)
    if session is None:
        return
    changed: list[str] = []
    if action == "updated":
        changed = _changed_fields(mapper, target, session)
        if not changed:
            return
    subject_type, subject_id = _subject(mapper, target)
    entry = _entry(session.info, target.tenant_id, action, subject_type, subject_id, changed)
    session.info.setdefault(COLLECTED, []).append(entry)


@event.listens_for(Base, "after_insert", propagate=True)
def _after_insert(mapper: Mapper[Any], _connection: Connection, target: Any) -> None:
    _collect("created", mapper, target)


@event.listens_for(Base, "after_update", propagate=True)
def _after_update(mapper: Mapper[Any], _connection: Connection, target: Any) -> None:
    _collect("updated", mapper, target)


@event.listens_for(Base, "after_delete", propagate=True)
def _after_delete(mapper: Mapper[Any], _connection: Connection, target: Any) -> None:
    _collect("deleted", mapper, target)


def discard_collected(session: Session) -> None:
    """Forget entries of a flush that did not complete (it failed, or its transaction rolled back)."""
    session.info.pop(COLLECTED, None)


def write_collected(session: Session) -> None:
    """Insert the entries the flush just collected, in its transaction (one statement for all)."""
    entries = session.info.pop(COLLECTED, None)
    if entries:
        session.connection().execute(insert(AuditEntry), entries)
