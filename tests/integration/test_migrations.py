"""The migrations build exactly the models' schema, and go down and up again cleanly."""

from __future__ import annotations

import asyncio
from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from pl_api.config import DatabaseSettings
from pl_api.db import migrate
from pl_api.db.engine import create_engine
from pl_api.domain.models import CORE_TABLES, Base


def _inspect(url: str, fn: Any) -> Any:
    async def main() -> Any:
        engine = create_engine(DatabaseSettings(url=url))
        try:
            async with engine.connect() as connection:
                return await connection.run_sync(fn)
        finally:
            await engine.dispose()

    return asyncio.run(main())


def test_migrated_schema_equals_the_models(fresh_database_url: str) -> None:
    migrate.upgrade(DatabaseSettings(url=fresh_database_url))
    diff = _inspect(
        fresh_database_url,
        lambda conn: compare_metadata(
            MigrationContext.configure(
                conn, opts={"compare_type": True, "include_object": migrate.include_core_object}
            ),
            Base.metadata,
        ),
    )
    assert diff == [], f"models and migrations differ; write a revision with `pl-api db revision -m ...`: {diff}"


def test_downgrade_to_base_and_upgrade_again(fresh_database_url: str) -> None:
    settings = DatabaseSettings(url=fresh_database_url)
    migrate.upgrade(settings)
    assert migrate.current_revision(settings) == migrate.head_revision()
    migrate.downgrade(settings, "base")
    tables = set(_inspect(fresh_database_url, lambda conn: inspect(conn).get_table_names()))
    assert tables <= {"alembic_version"}
    migrate.upgrade(settings)
    tables = set(_inspect(fresh_database_url, lambda conn: inspect(conn).get_table_names()))
    assert tables >= CORE_TABLES
