"""A small per-process cache of verified credentials, so most requests authenticate without the database.

A credential (API key or token) that proved a caller is remembered, by its SHA-256, for ``auth.cache_seconds``
(never past a token's own expiry). A change this process commits to an API client, a staff member or their
memberships (revoking, leaving, erasing, new roles) evicts every entry of that client or staff member at once;
a change made by another process (another worker, the CLI, SQL) is seen within ``auth.cache_seconds``. That is
the revocation latency; ``0`` turns the cache off. Requests that bring the same credential while it is being
verified wait for that one verification instead of each querying the database (when an entry expires under
load, hundreds of requests would otherwise queue for the database's connections at once).
"""

from __future__ import annotations

import asyncio
import hashlib
import time
import weakref
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from sqlalchemy import event
from sqlalchemy.orm import Session, UOWTransaction

from pl_api.domain.identity.principal import Principal
from pl_api.domain.staff.models import Staff, StaffMembership
from pl_api.domain.tenants.models import ApiClient

CHANGED = "pl_api.identity.changed"
"""Key of ``Session.info`` holding the ids of clients and staff whose rows the transaction changed."""

_caches: weakref.WeakSet[CredentialCache] = weakref.WeakSet()


@dataclass(frozen=True, slots=True)
class _Entry:
    principal: Principal
    expires: float


class CredentialCache:
    """Verified credentials and the callers they prove, for ``seconds`` at most and ``size`` entries at most."""

    def __init__(self, seconds: float, size: int = 10_000) -> None:
        self.seconds, self.size = seconds, size
        self._entries: OrderedDict[bytes, _Entry] = OrderedDict()
        self._verifying: dict[bytes, asyncio.Task[Principal]] = {}
        _caches.add(self)

    @staticmethod
    def key_of(credential: str) -> bytes:
        """What the cache keeps instead of the credential itself."""
        return hashlib.sha256(credential.encode()).digest()

    def get(self, credential: str) -> Principal | None:
        """The caller this credential proved, if it did so recently enough."""
        if self.seconds <= 0:
            return None
        key = self.key_of(credential)
        entry = self._entries.get(key)
        if entry is None:
            return None
        if entry.expires <= time.monotonic():
            del self._entries[key]
            return None
        return entry.principal

    async def verify(
        self, credential: str, verify: Callable[[], Awaitable[tuple[Principal, float | None]]]
    ) -> Principal:
        """The caller ``credential`` proves, by ``verify`` (which answers the caller and, for a token, when it
        expires) and then remembered; run once for all the requests bringing the credential meanwhile, which
        share its answer or its failure. With the cache off, every request verifies on its own."""
        if self.seconds <= 0:
            principal, _ = await verify()
            return principal
        key = self.key_of(credential)
        task = self._verifying.get(key)
        if task is None:
            task = self._verifying[key] = asyncio.ensure_future(self._verified(credential, verify))
            task.add_done_callback(lambda _: self._verifying.pop(key, None))
        return await asyncio.shield(task)  # a request that goes away does not cancel the others' verification

    async def _verified(
        self, credential: str, verify: Callable[[], Awaitable[tuple[Principal, float | None]]]
    ) -> Principal:
        principal, expires_at = await verify()
        self.put(credential, principal, expires_at)
        return principal

    def put(self, credential: str, principal: Principal, expires_at: float | None = None) -> None:
        """Remember a verified credential; ``expires_at`` (a Unix time) caps how long, for tokens."""
        if self.seconds <= 0:
            return
        lifetime = self.seconds if expires_at is None else min(self.seconds, expires_at - time.time())
        if lifetime <= 0:
            return
        self._entries[self.key_of(credential)] = _Entry(principal, time.monotonic() + lifetime)
        while len(self._entries) > self.size:
            self._entries.popitem(last=False)

    def evict(self, ids: set[UUID]) -> None:
        """Forget every credential of the clients and staff members named."""
        stale = [k for k, e in self._entries.items() if e.principal.client_id in ids or e.principal.staff_id in ids]
        for key in stale:
            del self._entries[key]

    def clear(self) -> None:
        """Forget everything."""
        self._entries.clear()


def _changed_ids(objects: Any) -> set[UUID]:
    ids: set[UUID] = set()
    for obj in objects:
        if isinstance(obj, (ApiClient, Staff)):
            ids.add(obj.id)
        elif isinstance(obj, StaffMembership):
            ids.add(obj.staff_id)
    return ids


@event.listens_for(Session, "after_flush")
def _note_changes(session: Session, _flush: UOWTransaction) -> None:
    changed = _changed_ids([*session.new, *session.dirty, *session.deleted])
    if changed:
        session.info.setdefault(CHANGED, set()).update(changed)


@event.listens_for(Session, "after_commit")
def _evict_committed(session: Session) -> None:
    changed: set[UUID] | None = session.info.pop(CHANGED, None)
    if changed:
        for cache in list(_caches):
            cache.evict(changed)


@event.listens_for(Session, "after_rollback")
def _forget_rolled_back(session: Session) -> None:
    session.info.pop(CHANGED, None)
