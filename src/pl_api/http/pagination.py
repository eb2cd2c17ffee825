"""Cursor (keyset) pagination: ``?limit=&cursor=`` in, ``{"items", "next_cursor"}`` and ``Link`` out.

IDs are UUIDv7, so ordering by ``id`` is creation order and the cursor is simply the last id
seen, base64url-encoded so that clients treat it as opaque.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from typing import Any, Generic, TypeVar
from urllib.parse import unquote_plus
from uuid import UUID

import msgspec
from litestar import Request

from pl_api.http.problems import InvalidRequest, field_problem

T = TypeVar("T")

CURSOR_PATTERN = r"^[A-Za-z0-9_-]{22}$"
MAX_PAGE_SIZE = 200
DEFAULT_PAGE_SIZE = 50


class Page(msgspec.Struct, Generic[T]):
    """One page of a list. Pass ``next_cursor`` back as ``cursor`` for the next page; null means the end."""

    items: list[T]
    next_cursor: str | None


@dataclass(frozen=True, slots=True)
class PageRequest:
    """Where a page starts and how long it is."""

    limit: int
    after: UUID | None


def encode_cursor(last_id: UUID) -> str:
    """The opaque cursor that continues after ``last_id``."""
    return base64.urlsafe_b64encode(last_id.bytes).decode().rstrip("=")


def decode_cursor(cursor: str) -> UUID:
    """The id a cursor continues after; a 400 problem naming ``cursor`` if it is not one of ours."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        return UUID(bytes=raw)
    except (binascii.Error, ValueError) as exc:
        raise field_problem(
            InvalidRequest,
            "cursor",
            "not a cursor this API issued; use next_cursor from a list response",
            "query",
        ) from exc


def next_link(request: Request[Any, Any, Any], next_cursor: str | None) -> dict[str, str]:
    """The ``Link: <…>; rel="next"`` header for a page, or no header at the end: the request's own path and query
    string (as the client encoded it) with ``cursor`` set to ``next_cursor``."""
    if next_cursor is None:
        return {}
    scope = request.scope
    query = scope["query_string"].decode("latin-1")
    kept = [part for part in query.split("&") if part and unquote_plus(part.partition("=")[0]) != "cursor"]
    kept.append(f"cursor={next_cursor}")  # base64url: nothing in it needs escaping
    return {"Link": f'<{scope.get("root_path", "")}{scope["path"]}?{"&".join(kept)}>; rel="next"'}
