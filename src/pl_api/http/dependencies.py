"""Dependencies every ``/v1`` route may ask for: the tenant's data scope and the page requested."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncGenerator
from datetime import UTC, datetime
from functools import partial
from typing import Annotated, Any

from litestar import Request
from litestar.datastructures import State
from litestar.di import NamedDependency, Provide
from litestar.openapi.spec.enums import OpenAPIFormat
from litestar.params import QueryParameter
from sqlalchemy.ext.asyncio import AsyncSession

from pl_api.db.tenant_scope import TenantScope
from pl_api.domain.access import visible_rows
from pl_api.domain.identity.principal import Principal
from pl_api.domain.types import in_utc
from pl_api.http.auth import READ_METHODS, route_permission
from pl_api.http.pagination import (
    CURSOR_PATTERN,
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    PageRequest,
    decode_cursor,
)
from pl_api.http.problems import InvalidRequest, field_problem


async def provide_db_session(request: Request[Any, Any, Any], state: State) -> AsyncGenerator[AsyncSession, None]:
    """A bare session for the request (``db_session``), closed when the request ends; a request that may write
    gets a write session. Handlers ask for ``db: Db`` instead, which opens its own only when needed."""
    sessions = state.sessions if request.method in READ_METHODS else state.write_sessions
    async with sessions() as session:
        yield session


async def provide_tenant_scope(request: Request[Any, Any, Any], state: State) -> AsyncGenerator[TenantScope, None]:
    """The caller's tenant's view of the database, with a session of its own opened on first use and closed (so
    rolled back if not committed) when the request ends; a request that may write gets a write session, through
    the write gate (see ``pl_api.db.engine``). What it commits is passed on to the plugins."""
    host = state.plugin_host
    principal: Principal = request.user
    writes = request.method not in READ_METHODS
    scope = TenantScope(
        state.write_sessions if writes else state.sessions,
        principal.tenant_id,
        principal=principal,
        permission=route_permission(request.route_handler, request.method),
        visible=partial(visible_rows, principal),
        after_commit=host.deliver if host.plugins else None,
        reads=state.reads,
    )
    async with state.write_gate if writes else contextlib.nullcontext():
        try:
            yield scope
        finally:
            await scope.close()


def provide_page_request(
    db: NamedDependency[TenantScope],
    limit: Annotated[
        int, QueryParameter(ge=1, le=MAX_PAGE_SIZE, description=f"Items per page, 1 to {MAX_PAGE_SIZE}")
    ] = DEFAULT_PAGE_SIZE,
    cursor: Annotated[
        str | None, QueryParameter(description="The `next_cursor` of the previous page", pattern=CURSOR_PATTERN)
    ] = None,
) -> PageRequest:
    """Dependency reading ``limit`` and ``cursor`` from the query string.

    It asks for ``db`` only so that Litestar resolves the two one after the other: dependencies that do not
    depend on each other it resolves concurrently, in a task group of their own, which costs a list request
    more than both dependencies together (about 60 µs; an eighth of a page of activities on the lean path)."""
    return PageRequest(limit=limit, after=decode_cursor(cursor) if cursor else None)


RFC3339_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?(Z|[+-][0-9]{2}:[0-9]{2})$"

TimestampQuery = Annotated[
    str | None,
    QueryParameter(pattern=RFC3339_PATTERN, format=OpenAPIFormat.DATE_TIME, description="RFC 3339 with a timezone"),
]
"""A timestamp query parameter such as ``updated_since``; read it with ``query_timestamp``."""
FromTimestampQuery = Annotated[
    str | None,
    QueryParameter(
        name="from", pattern=RFC3339_PATTERN, format=OpenAPIFormat.DATE_TIME, description="From this time (inclusive)"
    ),
]
"""``?from=``: the start of a time range."""
ToTimestampQuery = Annotated[
    str | None,
    QueryParameter(
        name="to", pattern=RFC3339_PATTERN, format=OpenAPIFormat.DATE_TIME, description="Before this time (exclusive)"
    ),
]
"""``?to=``: the end of a time range."""


def query_timestamp(value: str | None, name: str) -> datetime | None:
    """Parse a ``TimestampQuery`` parameter: RFC 3339 with a timezone, in UTC; else a 400 naming it.

    A bound that falls just outside the years 1-9999 once in UTC (``0001-01-01T00:00:00+00:01``) is moved to
    the nearest representable instant, which selects exactly the same rows: no stored time lies beyond it."""
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError as exc:
        raise field_problem(InvalidRequest, name, f"not a valid RFC 3339 timestamp ({exc})", "query") from exc
    try:
        return in_utc(parsed, name)
    except ValueError:
        return (datetime.min if parsed.year == datetime.min.year else datetime.max).replace(tzinfo=UTC)


V1_DEPENDENCIES = {
    "db_session": Provide(provide_db_session),
    "db": Provide(provide_tenant_scope),
    "page": Provide(provide_page_request, sync_to_thread=False),
}

Db = NamedDependency[TenantScope]
"""Handler parameter ``db: Db``: the caller's tenant's view of the database."""
Paging = NamedDependency[PageRequest]
"""Handler parameter ``page: Paging``: the page a list operation was asked for."""
