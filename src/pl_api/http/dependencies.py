"""Dependencies every ``/v1`` route may ask for: the tenant's data scope and the page requested."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from datetime import datetime
from typing import Any

from litestar import Request
from litestar.datastructures import State
from litestar.di import NamedDependency, Provide
from sqlalchemy.ext.asyncio import AsyncSession

from pl_api.db.tenant_scope import TenantScope
from pl_api.domain.types import check_timestamp
from pl_api.http.pagination import PageRequest, provide_page_request
from pl_api.http.problems import InvalidRequest, field_problem


async def provide_db_session(state: State) -> AsyncGenerator[AsyncSession, None]:
    """One session per request, closed (and so rolled back if not committed) when the request ends."""
    async with state.sessions() as session:
        yield session


async def provide_tenant_scope(
    request: Request[Any, Any, Any], db_session: NamedDependency[AsyncSession]
) -> TenantScope:
    """The caller's tenant's view of the database."""
    return TenantScope(db_session, request.user.tenant_id)


def query_timestamp(value: datetime | None, name: str) -> datetime | None:
    """Check a timestamp query parameter: timezone required, sensible range."""
    if value is None:
        return None
    if value.tzinfo is None:
        raise field_problem(InvalidRequest, name, "give a timezone, e.g. 2026-09-01T00:00:00Z", "query")
    try:
        check_timestamp(value, name)
    except ValueError as exc:
        raise field_problem(InvalidRequest, name, str(exc), "query") from exc
    return value


V1_DEPENDENCIES = {
    "db_session": Provide(provide_db_session),
    "db": Provide(provide_tenant_scope),
    "page": Provide(provide_page_request, sync_to_thread=False),
}

Db = NamedDependency[TenantScope]
"""Handler parameter ``db: Db``: the caller's tenant's view of the database."""
Paging = NamedDependency[PageRequest]
"""Handler parameter ``page: Paging``: the page a list operation was asked for."""
