"""Engine and session factories, with the SQLite settings the embedded default needs.

On SQLite, pl-api begins every transaction itself: reads with a plain ``BEGIN`` (one snapshot for the whole
transaction), and the transactions of the write session factory with ``BEGIN IMMEDIATE``, which takes the
database's write lock at once, waiting up to ``database.busy_timeout_ms`` for it. A transaction that began
reading and only later wrote could not wait: SQLite refuses it at once ("database is locked") when another
writer committed meanwhile. So concurrent writers queue for the lock instead of failing; within one worker
they queue in order at ``write_gate`` (SQLite's own waiting polls, and under a hundred writers an unlucky one
could wait past the busy timeout).
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.pool import NullPool

from pl_api.config import DatabaseSettings


def is_sqlite(url: str) -> bool:
    """Whether a database URL names SQLite."""
    return make_url(url).get_backend_name() == "sqlite"


def create_engine(settings: DatabaseSettings) -> AsyncEngine:
    """An async engine; on SQLite with WAL, foreign keys, a busy timeout and ``synchronous=NORMAL``."""
    kwargs: dict[str, Any] = {"echo": settings.echo, "hide_parameters": not settings.echo}
    if is_sqlite(settings.url):
        kwargs["connect_args"] = {"timeout": settings.busy_timeout_ms / 1000}
    if not settings.pooling:
        kwargs["poolclass"] = NullPool
    elif not is_sqlite(settings.url):
        kwargs.update(pool_size=settings.pool_size, max_overflow=settings.pool_size, pool_pre_ping=True)
    engine = create_async_engine(settings.url, **kwargs)
    if is_sqlite(settings.url):
        _configure_sqlite(engine, settings.busy_timeout_ms)
    return engine


IMMEDIATE = "pl_api_begin_immediate"
"""Execution option of the write engine: on SQLite, transactions begin with ``BEGIN IMMEDIATE``."""


def _configure_sqlite(engine: AsyncEngine, busy_timeout_ms: int) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # the driver emits no BEGIN of its own; _on_begin does
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE" if connection.get_execution_options().get(IMMEDIATE) else "BEGIN")


def write_gate(settings: DatabaseSettings) -> contextlib.AbstractAsyncContextManager[Any]:
    """What a request that writes holds for its session: on SQLite, which takes one writer at a time, a lock
    that lets this worker's writers in one after another in arrival order; elsewhere nothing."""
    return asyncio.Lock() if is_sqlite(settings.url) else contextlib.nullcontext()


def create_session_factory(engine: AsyncEngine, *, write: bool = False) -> async_sessionmaker[AsyncSession]:
    """Sessions that keep loaded objects usable after commit (responses are built after it) and that
    write an event for every change to a resource, in the same transaction. ``write``: sessions of
    requests that change data, whose transactions take SQLite's write lock from their start."""
    from pl_api.domain.events.models import RecordingSession

    bind = engine.execution_options(**{IMMEDIATE: True}) if write else engine
    return async_sessionmaker(bind, expire_on_commit=False, autoflush=False, sync_session_class=RecordingSession)
