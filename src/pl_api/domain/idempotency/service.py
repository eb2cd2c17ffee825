"""Claiming, completing and releasing idempotency keys, and removing the ones no longer needed.

A key is claimed before the handler runs, with a pending row inserted in a short transaction of
its own: the unique constraint on (tenant, actor, key) picks exactly one winner, on SQLite and
PostgreSQL alike. A successful answer is stored on the row; any other outcome deletes it, so the
client can correct the request and retry with the same key. A pending claim older than
``CLAIM_LEASE`` is presumed abandoned (its worker crashed) and may be taken over.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast
from uuid import UUID

from sqlalchemy import CursorResult, and_, delete, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from pl_api.db.base import new_id
from pl_api.domain.idempotency.models import IdempotencyKey
from pl_api.http.problems import FieldError, IdempotencyKeyReused, RequestInProgress

CLAIM_LEASE = timedelta(seconds=60)
"""How long a pending claim holds its key. Longer than any request should take: after it, the claim is
presumed abandoned (the worker crashed or was stopped) and a retry may take the key over."""
RETRY_AFTER_SECONDS = 1
"""What the 409 for a request still in progress suggests waiting before retrying."""
_ATTEMPTS = 3

HEADER = "Idempotency-Key"


@dataclass(frozen=True, slots=True)
class StoredResponse:
    """The first answer to a key, to replay."""

    status_code: int
    headers: Mapping[str, str]
    body: bytes


@dataclass(frozen=True, slots=True)
class KeyRequest:
    """Who uses which key for which request."""

    tenant_id: UUID
    actor: str
    key: str
    fingerprint: str


def _same_key(request: KeyRequest) -> Any:
    return and_(
        IdempotencyKey.tenant_id == request.tenant_id,
        IdempotencyKey.actor == request.actor,
        IdempotencyKey.key == request.key,
    )


SessionFactory = Callable[[], AsyncSession]
"""Opens a session working for the request's tenant (see ``pl_api.db.row_security.tenant_sessions``)."""


def _lapsed(now: datetime) -> Any:
    """Rows that no longer hold their key: expired, or pending past their lease."""
    return or_(
        IdempotencyKey.expires_at <= now,
        and_(IdempotencyKey.completed_at.is_(None), IdempotencyKey.claimed_at <= now - CLAIM_LEASE),
    )


async def claim_key(
    sessions: SessionFactory, request: KeyRequest, *, now: datetime, ttl: timedelta
) -> UUID | StoredResponse:
    """Claim ``request``'s key: the new claim's id when this request may run, or the stored answer to replay.

    Raises a 422 problem when the key was used for a different request, and a 409 problem (with
    ``Retry-After``) while the request that holds the key is still running.
    """
    for _ in range(_ATTEMPTS):
        async with sessions() as session:
            claim_id = new_id()
            try:
                await session.execute(delete(IdempotencyKey).where(_same_key(request), _lapsed(now)))
                session.add(
                    IdempotencyKey(
                        id=claim_id,
                        tenant_id=request.tenant_id,
                        actor=request.actor,
                        key=request.key,
                        fingerprint=request.fingerprint,
                        claimed_at=now,
                        expires_at=now + ttl,
                    )
                )
                await session.commit()
                return claim_id
            except IntegrityError:
                await session.rollback()
            holder = await session.scalar(select(IdempotencyKey).where(_same_key(request)))
        if holder is None or holder.expires_at <= now:
            continue  # released or lapsed meanwhile: try again
        if holder.fingerprint != request.fingerprint:
            raise IdempotencyKeyReused(
                f"{HEADER}: this key was already used for another request (a different method, path or body); "
                "send a new key for a new request",
                errors=[FieldError(field=HEADER, detail="already used for another request", source="header")],
            )
        if holder.completed_at is not None and holder.status_code is not None:
            return StoredResponse(holder.status_code, dict(holder.headers or {}), (holder.body or "").encode())
        if holder.claimed_at > now - CLAIM_LEASE:
            break
    raise RequestInProgress(
        f"a request with this key is still in progress; retry after {RETRY_AFTER_SECONDS} second(s) to get its answer",
        headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
    )


async def complete_key(sessions: SessionFactory, claim_id: UUID, response: StoredResponse, *, now: datetime) -> None:
    """Store the answer on a claim, for replays."""
    async with sessions() as session:
        await session.execute(
            update(IdempotencyKey)
            .where(IdempotencyKey.id == claim_id, IdempotencyKey.completed_at.is_(None))
            .values(
                completed_at=now,
                status_code=response.status_code,
                headers=dict(response.headers),
                body=response.body.decode(),
            )
        )
        await session.commit()


async def release_key(sessions: SessionFactory, claim_id: UUID) -> None:
    """Give up a claim (the request failed), so the same key may be used again."""
    async with sessions() as session:
        await session.execute(
            delete(IdempotencyKey).where(IdempotencyKey.id == claim_id, IdempotencyKey.completed_at.is_(None))
        )
        await session.commit()


async def purge_expired_idempotency_keys(session: AsyncSession, now: datetime) -> int:
    """Delete every tenant's expired keys and abandoned claims; how many. The caller commits."""
    result = await session.execute(delete(IdempotencyKey).where(_lapsed(now)))
    return cast(CursorResult[Any], result).rowcount


async def forget_idempotent_responses(session: AsyncSession, tenant_id: UUID, needles: Iterable[str]) -> int:
    """Delete a tenant's stored answers that contain any of ``needles`` (a staff member's id, email, …),
    ignoring case; how many. Erasing a person's data calls it: stored answers may name them. The caller commits.

    A retry with a forgotten key runs the request again.
    """
    wanted = [needle for needle in needles if needle]
    if not wanted:
        return 0
    result = await session.execute(
        delete(IdempotencyKey).where(
            IdempotencyKey.tenant_id == tenant_id,
            or_(*(IdempotencyKey.body.icontains(needle, autoescape=True) for needle in wanted)),
        )
    )
    return cast(CursorResult[Any], result).rowcount
