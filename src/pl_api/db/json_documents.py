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


class utc_rfc3339(FunctionElement[Any]):
    """A stored UTC timestamp as the RFC 3339 text msgspec reads (also for the lean path's rows on SQLite)."""

    type = String()
    inherit_cache = True


class _AsText(FunctionElement[Any]):
    """A JSON document as text (what the driver returns, undecoded)."""

    type = String()
    inherit_cache = True


RENDERED: dict[type[FunctionElement[Any]], dict[str, str]] = {
    _JsonObject: {"sqlite": "json_object({all})", "postgresql": "json_build_object({all})"},
    _JsonArrayAgg: {
        "sqlite": "json_group_array({0})",
        "postgresql": "coalesce(json_agg({0} ORDER BY {1}), '[]'::json)",
    },
    _Embedded: {"sqlite": "json({0})", "postgresql": "{0}"},
    utc_rfc3339: {"sqlite": "({0} || 'Z')", "postgresql": "{0}"},
    _AsText: {"sqlite": "{0}", "postgresql": "({0})::text"},
}
"""Each construct's SQL on each dialect: ``{0}``, ``{1}``… its arguments, ``{all}`` all of them."""


def _register(construct: type[FunctionElement[Any]], dialect: str, template: str) -> None:
    def render(element: FunctionElement[Any], compiler: SQLCompiler, **kw: Any) -> str:
        args = [compiler.process(clause, **kw) for clause in element.clauses]
        return template.format(*args, all=", ".join(args))

    compiles(construct, dialect)(render)


for _construct, _templates in RENDERED.items():
    for _dialect, _template in _templates.items():
        _register(_construct, _dialect, _template)


def _json_value(column: ColumnElement[Any]) -> ColumnElement[Any]:
    if isinstance(column.type, UTCDateTime):
        return utc_rfc3339(column)
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
