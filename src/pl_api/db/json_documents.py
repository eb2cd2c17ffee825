"""Pages the database renders as one JSON document, for the lean read path (``pl_api.db.reads``).

A page of 50 rows read as rows costs Python a thousand values to build, a dict per row and a conversion per
value; read as one JSON text (``json_array_of_rows``) it costs one string, which msgspec decodes straight into
the response schemas. The database builds the document: ``json_object`` and ``json_group_array`` on SQLite,
``json_build_object`` and ``json_agg`` on PostgreSQL (the constructs below compile to each).

Values are written as the response schemas read them: UTC timestamps as RFC 3339 (on SQLite, the stored
``2025-10-01 09:00:00.000000`` with a ``Z``; PostgreSQL writes the offset of the session's time zone, which the
lean path's connections set to UTC), JSON columns embedded as JSON, ids and dates as text.

Order: a page's rows and the values of each nested list are aggregated in their ``ORDER BY`` order. PostgreSQL is
told so (``json_agg(… ORDER BY …)``); the SQLite this runs on may predate ``ORDER BY`` in aggregates (3.44), and
aggregates the rows of an ordered, limited subquery in the order the subquery yields them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import JSON, Boolean, ColumnElement, Select, String, Subquery, literal_column, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from pl_api.db.base import UTCDateTime

DOCUMENT = "document"
"""The one column of a ``json_array_of_rows`` statement."""


class _JsonObject(FunctionElement[Any]):
    """A JSON object from ``key, value, key, value…``."""

    type = JSON()
    inherit_cache = True


class _JsonArrayAgg(FunctionElement[Any]):
    """Aggregate: the first argument's values as a JSON array, in the order of the second; ``[]`` for no rows."""

    type = JSON()
    inherit_cache = True


class _Embedded(FunctionElement[Any]):
    """A value that holds JSON (a JSON column, a nested array), embedded in an object as JSON, not as a string."""

    type = JSON()
    inherit_cache = True


class _Rfc3339(FunctionElement[Any]):
    """A stored UTC timestamp as the RFC 3339 text msgspec reads."""

    type = String()
    inherit_cache = True


class _AsText(FunctionElement[Any]):
    """A JSON document as text (what the driver returns, undecoded)."""

    type = String()
    inherit_cache = True


def _args(element: FunctionElement[Any], compiler: SQLCompiler, **kw: Any) -> list[str]:
    return [compiler.process(clause, **kw) for clause in element.clauses]


@compiles(_JsonObject, "sqlite")
def _json_object_sqlite(element: _JsonObject, compiler: SQLCompiler, **kw: Any) -> str:
    return f"json_object({', '.join(_args(element, compiler, **kw))})"


@compiles(_JsonObject, "postgresql")
def _json_object_postgresql(element: _JsonObject, compiler: SQLCompiler, **kw: Any) -> str:
    return f"json_build_object({', '.join(_args(element, compiler, **kw))})"


@compiles(_JsonArrayAgg, "sqlite")
def _json_array_agg_sqlite(element: _JsonArrayAgg, compiler: SQLCompiler, **kw: Any) -> str:
    value, _order = _args(element, compiler, **kw)
    return f"json_group_array({value})"


@compiles(_JsonArrayAgg, "postgresql")
def _json_array_agg_postgresql(element: _JsonArrayAgg, compiler: SQLCompiler, **kw: Any) -> str:
    value, order = _args(element, compiler, **kw)
    return f"coalesce(json_agg({value} ORDER BY {order}), '[]'::json)"


@compiles(_Embedded, "sqlite")
def _embedded_sqlite(element: _Embedded, compiler: SQLCompiler, **kw: Any) -> str:
    (value,) = _args(element, compiler, **kw)
    return f"json({value})"


@compiles(_Embedded, "postgresql")
def _embedded_postgresql(element: _Embedded, compiler: SQLCompiler, **kw: Any) -> str:
    (value,) = _args(element, compiler, **kw)
    return value


@compiles(_Rfc3339, "sqlite")
def _rfc3339_sqlite(element: _Rfc3339, compiler: SQLCompiler, **kw: Any) -> str:
    (value,) = _args(element, compiler, **kw)
    return f"({value} || 'Z')"


@compiles(_Rfc3339, "postgresql")
def _rfc3339_postgresql(element: _Rfc3339, compiler: SQLCompiler, **kw: Any) -> str:
    (value,) = _args(element, compiler, **kw)
    return value


@compiles(_AsText, "sqlite")
def _as_text_sqlite(element: _AsText, compiler: SQLCompiler, **kw: Any) -> str:
    (value,) = _args(element, compiler, **kw)
    return value


@compiles(_AsText, "postgresql")
def _as_text_postgresql(element: _AsText, compiler: SQLCompiler, **kw: Any) -> str:
    (value,) = _args(element, compiler, **kw)
    return f"({value})::text"


def _json_value(column: ColumnElement[Any]) -> ColumnElement[Any]:
    if isinstance(column.type, UTCDateTime):
        return _Rfc3339(column)
    if isinstance(column.type, JSON):
        return _Embedded(column)
    if isinstance(column.type, Boolean):  # SQLite would write 0 and 1, which a bool field refuses
        raise TypeError(f"{column.key}: booleans are not written to JSON documents yet")
    return column


def json_list(values: Select[Any]) -> ColumnElement[Any]:
    """The values of a one-column SELECT, in its ``ORDER BY`` order, as a JSON array (``[]`` for none): a list
    nested in each object of ``json_array_of_rows`` (correlate it to the page's subquery)."""
    ordered = values.subquery()
    (value,) = ordered.c
    return _Embedded(select(_JsonArrayAgg(value, value)).scalar_subquery())


def json_array_of_rows(
    page: Select[Any], order_by: str, nested: Callable[[Subquery], dict[str, ColumnElement[Any]]]
) -> Select[Any]:
    """One row with one column (``DOCUMENT``): the rows of ``page`` (ordered by its column ``order_by``, and
    limited) as the text of a JSON array of objects, one key per column, and one per list ``nested`` builds from
    the page's subquery (each a ``json_list``)."""
    rows = page.subquery("page")
    pairs: list[ColumnElement[Any]] = []
    for key, value in [*((c.key, _json_value(c)) for c in rows.c), *nested(rows).items()]:
        if not key.isidentifier():
            raise ValueError(f"{key!r}: document keys are written into the SQL, so must be identifiers")
        pairs += [literal_column(f"'{key}'"), value]
    document = _AsText(_JsonArrayAgg(_JsonObject(*pairs), rows.c[order_by]))
    return select(document.label(DOCUMENT)).select_from(rows)
