"""The plugin's migrations build exactly its models' tables, and go down and up again without the core."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from pl_api.config import DatabaseSettings, PluginsSettings, Settings
from pl_api.db import migrate
from pl_api.db.engine import create_engine
from pl_api.domain.models import Base
from pl_api.plugin_host.host import PluginHost
from pl_api.testing import empty_database

TLC = PluginsSettings(enabled=["tlc"])


def _run(url: str, fn: Any) -> Any:
    async def main() -> Any:
        engine = create_engine(DatabaseSettings(url=url))
        try:
            async with engine.connect() as connection:
                return await connection.run_sync(fn)
        finally:
            await engine.dispose()

    return asyncio.run(main())


def _tlc_only(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
    table = obj if type_ == "table" else getattr(obj, "table", obj)
    return str(getattr(table, "name", name) or "").startswith("tlc_")


def test_migrated_tables_equal_the_models(pl_api_settings: Settings) -> None:
    url = pl_api_settings.database.url
    diff = _run(
        url,
        lambda conn: compare_metadata(
            MigrationContext.configure(conn, opts={"compare_type": True, "include_object": _tlc_only}), Base.metadata
        ),
    )
    assert diff == [], f"the tlc models and migrations differ: {diff}"


def test_downgrade_the_plugin_alone_and_upgrade_again(pl_api_database_kind: str, tmp_path: Path) -> None:
    with empty_database(pl_api_database_kind, tmp_path) as url:
        database = DatabaseSettings(url=url)
        migrate.upgrade(database, plugins=PluginHost.load(TLC, environ={}))
        assert migrate.current_revision(database, "alembic_version_tlc") == "tlc_0001"
        migrate.downgrade(database, "base", PluginHost.load(TLC, environ={}), plugin="tlc")
        tables = set(_run(url, lambda conn: inspect(conn).get_table_names()))
        assert not {t for t in tables if t.startswith("tlc_")}
        assert migrate.current_revision(database) == migrate.head_revision()
        migrate.upgrade(database, plugins=PluginHost.load(TLC, environ={}))
        tables = set(_run(url, lambda conn: inspect(conn).get_table_names()))
        assert {"tlc_programmes", "tlc_meetings", "tlc_plan_items", "tlc_observations"} <= tables
