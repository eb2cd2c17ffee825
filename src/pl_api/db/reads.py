"""The lean read path: SELECTs built with SQLAlchemy Core, compiled once, run on the driver itself.

A request's ORM session costs far more than the database work of a small read (DESIGN §8). The hottest reads
(one staff member by id, a page of activities) therefore run here instead: each statement is compiled once per
dialect (``CompiledRead``), and executed on a plain driver connection, with SQLAlchemy's own type processing
applied to its parameters and (where msgspec cannot read the stored form itself) its columns, so the schemas
built from its rows are exactly those the ORM path builds (tests compare the two).

- SQLite: one ``sqlite3`` connection per worker, read-only, called in the event loop (a keyed lookup takes
  microseconds, less than handing it to a thread), each read in one ``BEGIN … COMMIT`` snapshot.
- PostgreSQL: an asyncpg pool of the read path's own; asyncpg prepares each statement once per connection.
  Every read runs with ``pl_api.tenant_id`` set on its connection to the caller's tenant (set again whenever the
  connection last served another), so row-level security confines it exactly as it confines the ORM's sessions.
  The statements run outside an explicit transaction: under PostgreSQL's
  default isolation (read committed) each statement takes its own snapshot either way.

Statements always name the tenant (``:tenant_id``); callers pass the tenant of their ``TenantScope``. Rows hold
values in forms ``msgspec.convert`` builds the response schemas from (see ``_result_processor``). A page of many
rows is better read as one JSON document the database writes (``pl_api.db.json_documents``): one value instead
of a thousand.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Sequence
from typing import Any
from uuid import UUID

import msgspec
from sqlalchemy import JSON, Date, Select, Uuid
from sqlalchemy.dialects import sqlite
from sqlalchemy.dialects.postgresql.asyncpg import dialect as asyncpg_dialect
from sqlalchemy.engine import Dialect, make_url
from sqlalchemy.types import TypeEngine

from pl_api.config import DatabaseSettings
from pl_api.db.base import UTCDateTime
from pl_api.db.engine import is_sqlite
from pl_api.db.json_documents import utc_rfc3339
from pl_api.db.row_security import TENANT_SETTING

Row = dict[str, Any]
Processor = Callable[[Any], Any] | None


class CompiledRead:
    """A SELECT compiled for one dialect: its SQL, its parameters in order, and each column's converter."""

    def __init__(self, stmt: Select[Any], dialect: Dialect) -> None:
        if dialect.name == "sqlite":
            stmt = _timestamps_as_rfc3339(stmt)
        compiled = stmt.compile(dialect=dialect)
        self.sql = compiled.string
        self.names: list[str] = list(compiled.positiontup or [])
        binds = compiled.binds
        self.defaults = {name: binds[name].value for name in self.names}
        """Values of the parameters the dialect added itself (SQLite's ``OFFSET`` with a bound ``LIMIT``)."""
        self.bind_processors: list[Processor] = [
            binds[name].type.dialect_impl(dialect).bind_processor(dialect) for name in self.names
        ]
        columns = list(stmt.selected_columns)
        self.keys: list[str] = [str(column.key) for column in columns]
        self.result_processors: list[Processor] = [_result_processor(column.type, dialect) for column in columns]
        self.processed: list[tuple[str, Callable[[Any], Any]]] = [
            (key, process) for key, process in zip(self.keys, self.result_processors, strict=True) if process
        ]
        """Only the columns whose values need converting (on SQLite, JSON)."""

    def parameters(self, values: dict[str, Any]) -> list[Any]:
        """The driver's positional parameters for named values."""
        return [
            value if process is None else process(value)
            for process, value in zip(
                self.bind_processors, (values.get(name, self.defaults[name]) for name in self.names), strict=True
            )
        ]

    def rows(self, raw: Sequence[Sequence[Any]]) -> list[Row]:
        """Driver rows as dicts."""
        keys, processed = self.keys, self.processed
        rows = [dict(zip(keys, row, strict=True)) for row in raw]
        for row in rows:
            for key, process in processed:
                value = row[key]
                if value is not None:
                    row[key] = process(value)
        return rows


def _timestamps_as_rfc3339(stmt: Select[Any]) -> Select[Any]:
    """On SQLite, the statement with each stored UTC timestamp (``2025-10-01 09:00:00.000000``) read with a ``Z``
    appended: RFC 3339 in UTC, which msgspec reads in C (SQLite appends it faster than Python could)."""
    columns = [
        utc_rfc3339(column).label(column.key) if isinstance(column.type, UTCDateTime) else column
        for column in stmt.selected_columns
    ]
    return stmt.with_only_columns(*columns, maintain_column_froms=True)


def _result_processor(type_: TypeEngine[Any], dialect: Dialect) -> Processor:
    """How a column's values become what the response schemas are built from. On SQLite, ids, timestamps (see
    ``_timestamps_as_rfc3339``) and dates stay text in the forms msgspec converts from (faster than building the
    objects in Python), and JSON is decoded by msgspec; everything else is converted as SQLAlchemy converts it."""
    if dialect.name == "sqlite":
        if isinstance(type_, Uuid | Date):
            return None
        if isinstance(type_, JSON):
            return msgspec.json.decode
    return type_.dialect_impl(dialect).result_processor(dialect, None)


class ReadStatement:
    """A statement to be compiled, lazily, for whichever dialect runs it."""

    def __init__(self, build: Callable[[], Select[Any]]) -> None:
        self.build = build
        self._compiled: dict[str, CompiledRead] = {}

    def compiled(self, dialect: Dialect) -> CompiledRead:
        found = self._compiled.get(dialect.name)
        if found is None:
            found = self._compiled[dialect.name] = CompiledRead(self.build(), dialect)
        return found


class Reads:
    """Runs ``ReadStatement``\\s for one tenant at a time; each ``fetch`` sees one consistent snapshot."""

    dialect: Dialect

    async def fetch(self, tenant_id: UUID, *reads: tuple[ReadStatement, dict[str, Any]]) -> list[list[Row]]:
        """The rows of each statement with its parameters (``tenant_id`` added), in one snapshot."""
        raise NotImplementedError

    async def close(self) -> None:
        """Release the connections."""


class SqliteReads(Reads):
    """Reads on a read-only ``sqlite3`` connection of this worker's own."""

    def __init__(self, path: str, busy_timeout_ms: int) -> None:
        self.dialect = sqlite.dialect()
        self.path, self.busy_timeout_ms = path, busy_timeout_ms
        self._connection: sqlite3.Connection | None = None

    def _connect(self) -> sqlite3.Connection:
        if self._connection is None:
            connection = sqlite3.connect(
                f"file:{self.path}?mode=ro", uri=True, isolation_level=None, check_same_thread=False
            )
            connection.execute(f"PRAGMA busy_timeout={int(self.busy_timeout_ms)}")
            self._connection = connection
        return self._connection

    async def fetch(self, tenant_id: UUID, *reads: tuple[ReadStatement, dict[str, Any]]) -> list[list[Row]]:
        connection = self._connect()
        results = []
        connection.execute("BEGIN")
        try:
            for statement, values in reads:
                compiled = statement.compiled(self.dialect)
                raw = connection.execute(compiled.sql, compiled.parameters({**values, "tenant_id": tenant_id}))
                results.append(compiled.rows(raw.fetchall()))
        finally:
            connection.execute("COMMIT")
        return results

    async def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


LEAN_POSTGRES_SETTINGS = {
    "timezone": "UTC",
    "plan_cache_mode": "force_custom_plan",
}
"""The lean path's PostgreSQL sessions: UTC, in which JSON documents write timestamps (``json_documents``); and a
plan for each statement's own values. asyncpg prepares every statement, and after five runs PostgreSQL would
keep a generic plan, one made without the values: for a staff member's record it walked a year of the tenant's
activities (200 ms at 200,000 activities) where the values' plan reads that member's participations (2 ms)."""


class PostgresReads(Reads):
    """Reads on an asyncpg pool, each confined to its tenant."""

    def __init__(self, url: str, pool_size: int) -> None:
        self.dialect = asyncpg_dialect()  # type: ignore[no-untyped-call]
        self.dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
        self.pool_size = pool_size
        self._pool: Any = None
        self._tenant_of: dict[int, UUID] = {}
        """The tenant each connection (by its server process id) was last confined to: set again only on change."""

    async def _acquire_pool(self) -> Any:
        if self._pool is None:
            import asyncpg  # type: ignore[import-untyped]

            self._pool = await asyncpg.create_pool(
                self.dsn,
                min_size=0,
                max_size=self.pool_size,
                init=self._new_connection,
                reset=_keep_settings,
                server_settings=LEAN_POSTGRES_SETTINGS,
            )
        return self._pool

    async def _new_connection(self, connection: Any) -> None:
        self._tenant_of.pop(connection.get_server_pid(), None)  # a new server process holds no tenant yet
        await _codecs(connection)

    async def fetch(self, tenant_id: UUID, *reads: tuple[ReadStatement, dict[str, Any]]) -> list[list[Row]]:
        pool = await self._acquire_pool()
        results = []
        async with pool.acquire() as connection:
            server_pid = connection.get_server_pid()
            if self._tenant_of.get(server_pid) != tenant_id:
                await connection.execute("SELECT set_config($1, $2, false)", TENANT_SETTING, str(tenant_id))
                self._tenant_of[server_pid] = tenant_id
            for statement, values in reads:
                compiled = statement.compiled(self.dialect)
                raw = await connection.fetch(compiled.sql, *compiled.parameters({**values, "tenant_id": tenant_id}))
                results.append(compiled.rows(raw))
        return results

    async def close(self) -> None:
        if self._pool is not None:
            await self._pool.close()
            self._pool = None


async def _keep_settings(_connection: Any) -> None:
    """Instead of asyncpg's reset on release (a round trip, and ``RESET ALL``): every read sets its tenant first,
    and nothing else uses these connections."""


async def _codecs(connection: Any) -> None:
    """JSON decoded as SQLAlchemy's asyncpg dialect decodes it."""
    for name in ("json", "jsonb"):
        await connection.set_type_codec(name, schema="pg_catalog", encoder=json.dumps, decoder=json.loads)


def create_reads(settings: DatabaseSettings) -> Reads | None:
    """The lean read path for a database, or None where there is none (an in-memory SQLite database)."""
    url = make_url(settings.url)
    if is_sqlite(settings.url):
        if not url.database or url.database == ":memory:":
            return None
        return SqliteReads(url.database, settings.busy_timeout_ms)
    if url.get_backend_name() == "postgresql":
        return PostgresReads(settings.url, settings.pool_size)
    return None
