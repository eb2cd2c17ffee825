"""One log line, and the request metrics, for every HTTP request.

``RequestObserver`` wraps the whole application (outside routing, authentication and the exception
handlers), so it sees every request, including those refused before reaching a handler. It names
a request by its route *template* (``/v1/staff/{staff_id}``), never its path or query string, and
its caller by ids only.
"""

from __future__ import annotations

import re
import time
import uuid
from typing import TYPE_CHECKING, Any

import structlog
from litestar.enums import ScopeType

from pl_api.domain.identity.principal import Principal
from pl_api.observability.logs import get_logger

if TYPE_CHECKING:
    from litestar.types import ASGIApp, HTTPScope, Message, Receive, Scope, Send

    from pl_api.observability.metrics import HttpMetrics

REQUEST_ID_HEADER = "x-request-id"
REQUEST_ID_PATTERN = re.compile(r"[A-Za-z0-9._:-]{1,128}")
"""A request id accepted from a caller or proxy: short, and of characters that are safe in any log."""

UNMATCHED = "unmatched"
"""The route named for a request that matched no route (its path is not logged)."""

access_log = get_logger("pl_api.access")


def request_id_from(scope: HTTPScope) -> str:
    """The caller's ``X-Request-ID`` when well-formed, else a new one."""
    for name, value in scope["headers"]:
        if name == b"x-request-id":
            candidate = value.decode("latin-1")
            if REQUEST_ID_PATTERN.fullmatch(candidate):
                return candidate
            break
    return uuid.uuid4().hex


class RequestObserver:
    """ASGI middleware: a request id for every request (returned as ``X-Request-ID`` and bound to every log
    line written meanwhile), then one log line and the request metrics when the response is sent."""

    def __init__(self, app: ASGIApp, metrics: HttpMetrics | None = None) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await self.app(scope, receive, send)
            return
        request_id = request_id_from(scope)
        header = (REQUEST_ID_HEADER.encode(), request_id.encode())
        status = 500  # if the application fails before answering, the server answers 500
        started = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", ()), header]
            await send(message)

        with structlog.contextvars.bound_contextvars(request_id=request_id):
            try:
                await self.app(scope, receive, send_with_id)
            finally:
                self._record(scope, status, time.perf_counter() - started)

    def _record(self, scope: HTTPScope, status: int, seconds: float) -> None:
        method: str = scope["method"]
        route: str = scope.get("path_template") or UNMATCHED
        principal: Any = scope.get("user")
        caller = principal if isinstance(principal, Principal) else None
        log = access_log.error if status >= 500 else access_log.info
        log(
            "request",
            tenant_id=str(caller.tenant_id) if caller else None,
            actor=caller.actor if caller else None,
            method=method,
            route=route,
            status=status,
            duration_ms=round(seconds * 1000, 2),
        )
        if self.metrics is not None:
            self.metrics.observe(method, route, status, seconds)
