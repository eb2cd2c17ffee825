"""Engine and session factory, with the SQLite settings the embedded default needs."""

from __future__ import annotations

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


def _configure_sqlite(engine: AsyncEngine, busy_timeout_ms: int) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


def create_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions that keep loaded objects usable after commit (responses are built after it) and that
    write an event for every change to a resource, in the same transaction."""
    from pl_api.domain.events.models import RecordingSession

    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False, sync_session_class=RecordingSession)
