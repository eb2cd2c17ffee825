"""What every list operation does: filter by the parameters given, page by id, answer with a ``Link``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from litestar import Request, Response
from sqlalchemy import Select

from pl_api.db.base import TenantEntity
from pl_api.db.tenant_scope import TenantScope
from pl_api.domain.schemas import to_schema
from pl_api.http.dependencies import query_timestamp
from pl_api.http.pagination import Page, PageRequest, next_link

M = TypeVar("M", bound=TenantEntity)
P = TypeVar("P", bound=Page[Any])
R = TypeVar("R")


def where_given(stmt: Select[R], filters: Iterable[tuple[Any, object]]) -> Select[R]:
    """``column == value`` for every filter whose value was given (not None)."""
    for column, value in filters:
        if value is not None:
            stmt = stmt.where(column == value)
    return stmt


def filter_updated_since(stmt: Select[M], model: type[M], value: str | None) -> Select[M]:
    """Rows changed at or after the ``updated_since`` query parameter, if given."""
    if since := query_timestamp(value, "updated_since"):
        stmt = stmt.where(model.updated_at >= since)
    return stmt


async def page_response(
    request: Request[Any, Any, Any],
    db: TenantScope,
    stmt: Select[M],
    model: type[M],
    page: PageRequest,
    page_type: type[P],
) -> Response[P]:
    """One page of ``stmt`` as ``page_type``, with the ``Link: rel="next"`` header."""
    rows, cursor = await db.page(stmt, model, page)
    item_type = _item_type(page_type)
    body = page_type([to_schema(row, item_type) for row in rows], cursor)
    return Response(body, headers=next_link(request, cursor))


def _item_type(page_type: type[Page[Any]]) -> Any:
    for base in getattr(page_type, "__orig_bases__", ()):
        args = getattr(base, "__args__", ())
        if args:
            return args[0]
    raise TypeError(f"{page_type.__name__} must subclass Page[ItemType]")
