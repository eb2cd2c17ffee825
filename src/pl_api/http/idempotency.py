"""``Idempotency-Key`` on every ``POST`` under ``/v1``: a retry gets the first answer instead of a second row.

The middleware sits behind authentication (it needs the caller) on the ``/v1`` router, so core and
plugin routes alike are covered. A key belongs to one caller in one tenant. The first request with a
key claims it and runs; a successful (2xx) answer is stored and replayed, with
``Idempotent-Replayed: true``, to every retry with the same key and the same request; any other
answer releases the key. ``POST /oauth/token`` is not under ``/v1``: its answer is a secret that is
never stored, and calling it again safely issues a fresh token.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import datetime, timedelta
from uuid import UUID

from litestar.enums import ScopeType
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Message, Receive, ReceiveMessage, Scope, Send
from sqlalchemy.exc import SQLAlchemyError

from pl_api.db.base import utcnow
from pl_api.db.row_security import tenant_sessions
from pl_api.domain.idempotency.service import (
    HEADER,
    KeyRequest,
    SessionFactory,
    StoredResponse,
    claim_key,
    complete_key,
    purge_expired_idempotency_keys,
    release_key,
)
from pl_api.domain.identity.principal import Principal
from pl_api.http.problems import InvalidRequest, field_problem

logger = logging.getLogger("pl_api.idempotency")

MAX_KEY_LENGTH = 255
KEY_PATTERN = r"^[ -~]{1,255}$"
"""1-255 printable ASCII characters (a UUID is a good choice)."""
REPLAYED_HEADERS = ("content-type", "etag", "location")
"""The response headers a replay repeats; nothing else of a response is kept."""
PURGE_EVERY = timedelta(minutes=15)
"""How often a worker deletes every tenant's expired keys, after answering a request that used one."""
_PURGED_AT = "idempotency_purged_at"


def parse_key(values: list[bytes]) -> str:
    """The key from the ``Idempotency-Key`` header(s), or a 400 problem naming the header."""
    if len(values) != 1:
        raise field_problem(InvalidRequest, HEADER, "send the header once", "header")
    key = values[0].decode("latin-1")
    if not 1 <= len(key) <= MAX_KEY_LENGTH or any(not " " <= char <= "~" for char in key):
        raise field_problem(
            InvalidRequest, HEADER, f"must be 1-{MAX_KEY_LENGTH} printable ASCII characters, such as a UUID", "header"
        )
    return key


def fingerprint(method: str, path: str, query: bytes, body: bytes) -> str:
    """SHA-256 (hex) of what makes two requests the same request."""
    digest = hashlib.sha256()
    for part in (method.encode(), path.encode(), b"?" + query, body):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


async def _read_body(receive: Receive, limit: int) -> tuple[bytes | None, list[ReceiveMessage]]:
    """The whole request body (None when larger than ``limit`` or the client left), and the messages read."""
    messages: list[ReceiveMessage] = []
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        messages.append(message)
        if message["type"] != "http.request":
            return None, messages
        chunks.append(message.get("body", b""))
        size += len(chunks[-1])
        if size > limit:
            return None, messages
        if not message.get("more_body", False):
            return b"".join(chunks), messages


def _replaying(messages: list[ReceiveMessage], receive: Receive) -> Receive:
    """A ``receive`` that gives the messages already read again, then reads on."""
    pending = list(messages)

    async def replay() -> ReceiveMessage:
        return pending.pop(0) if pending else await receive()

    return replay


class _Recorder:
    """Holds back a response's messages so the key is settled before the client sees the answer."""

    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def send(self, message: Message) -> None:
        self.messages.append(message)

    @property
    def status(self) -> int:
        return next((int(m["status"]) for m in self.messages if m["type"] == "http.response.start"), 500)

    def stored(self) -> StoredResponse | None:
        """The answer to keep, or None when it is not a complete UTF-8 (JSON) answer, or says
        ``Cache-Control: no-store`` (it holds a secret, such as a calendar feed's URL)."""
        headers: dict[str, str] = {}
        for m in self.messages:
            if m["type"] == "http.response.start":
                for name, value in m.get("headers", []):
                    lowered = name.decode("latin-1").lower()
                    if lowered == "cache-control" and "no-store" in value.decode("latin-1").lower():
                        return None
                    if lowered in REPLAYED_HEADERS:
                        headers[lowered] = value.decode("latin-1")
        body = b"".join(m.get("body", b"") for m in self.messages if m["type"] == "http.response.body")
        try:
            body.decode()
        except UnicodeDecodeError:
            return None
        return StoredResponse(self.status, headers, body)

    async def forward(self, send: Send) -> None:
        for message in self.messages:
            await send(message)


async def _replay(send: Send, stored: StoredResponse) -> None:
    headers = [(name.encode("latin-1"), value.encode("latin-1")) for name, value in stored.headers.items()]
    headers += [(b"content-length", str(len(stored.body)).encode()), (b"idempotent-replayed", b"true")]
    await send({"type": "http.response.start", "status": stored.status_code, "headers": headers})
    await send({"type": "http.response.body", "body": stored.body, "more_body": False})


class IdempotencyMiddleware(ASGIMiddleware):
    """Claims a ``POST``'s ``Idempotency-Key`` before the handler runs; replays or refuses its reuse."""

    scopes = (ScopeType.HTTP,)

    def __init__(self, key_hours: int, max_body_bytes: int) -> None:
        self.ttl = timedelta(hours=key_hours)
        self.max_body_bytes = max_body_bytes

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        values = [value for name, value in scope["headers"] if name == b"idempotency-key"]
        if scope.get("method") != "POST" or not values:
            await next_app(scope, receive, send)
            return
        key = parse_key(values)
        body, messages = await _read_body(receive, self.max_body_bytes)
        receive = _replaying(messages, receive)
        if body is None:  # too large (the handler answers 413) or the client has gone
            await next_app(scope, receive, send)
            return
        principal: Principal = scope["user"]
        sessions = tenant_sessions(scope["app"].state.write_sessions, principal.tenant_id)
        request = KeyRequest(
            tenant_id=principal.tenant_id,
            actor=principal.actor,
            key=key,
            fingerprint=fingerprint("POST", scope["path"], scope.get("query_string", b""), body),
        )
        claimed = await claim_key(sessions, request, now=utcnow(), ttl=self.ttl)
        if isinstance(claimed, StoredResponse):
            await _replay(send, claimed)
            return
        recorder = _Recorder()
        try:
            await next_app(scope, receive, recorder.send)
        except BaseException:
            await self._settle(sessions, claimed, None)
            raise
        await self._settle(sessions, claimed, recorder)
        await recorder.forward(send)
        await self._purge_now_and_then(scope, sessions, principal.tenant_id)

    async def _settle(self, sessions: SessionFactory, claim_id: UUID, recorder: _Recorder | None) -> None:
        """Keep a 2xx answer for replays; release the key after anything else (``recorder`` None: it raised)."""
        stored = recorder.stored() if recorder is not None and 200 <= recorder.status < 300 else None
        try:
            if stored is not None:
                await complete_key(sessions, claim_id, stored, now=utcnow())
            else:
                await release_key(sessions, claim_id)
        except SQLAlchemyError:
            logger.exception("could not settle an idempotency key; it is released when its claim lapses")

    async def _purge_now_and_then(self, scope: Scope, sessions: SessionFactory, tenant_id: UUID) -> None:
        """Delete the tenant's expired keys at most every ``PURGE_EVERY`` per worker, after the client has its
        answer (``pl-api retention run`` purges every tenant's)."""
        purged_at: dict[UUID, datetime] = scope["app"].state.setdefault(_PURGED_AT, {})
        now = utcnow()
        last = purged_at.get(tenant_id)
        if last is not None and now - last < PURGE_EVERY:
            return
        purged_at[tenant_id] = now
        try:
            async with sessions() as session:
                await purge_expired_idempotency_keys(session, now)
                await session.commit()
        except SQLAlchemyError:
            logger.exception("could not purge expired idempotency keys")
