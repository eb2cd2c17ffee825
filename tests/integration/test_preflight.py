"""`pl-api check` and /health/ready: one line per check, a clear reason for each failure, non-zero exit."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner, Result
from sqlalchemy import text

from pl_api.app import create_app
from pl_api.cli import main
from pl_api.config import DatabaseSettings, Settings
from pl_api.db import migrate
from pl_api.db.engine import create_engine
from pl_api.plugin_host.host import PluginHost

UNREACHABLE = "postgresql+asyncpg://pl_api:not-this-secret@127.0.0.1:1/pl_api"
"""Nothing listens on port 1: the connection is refused at once."""


@pytest.fixture
def cli(fresh_database_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> CliRunner:
    """A CLI runner whose commands use a fresh database and no config file."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PL_API_CONFIG", raising=False)
    monkeypatch.setenv("PL_API_DATABASE_URL", fresh_database_url)
    return CliRunner()


def check(cli: CliRunner) -> tuple[Result, list[str]]:
    result = cli.invoke(main, ["check"], catch_exceptions=False)
    return result, result.stdout.splitlines()


def test_everything_in_order_passes(cli: CliRunner) -> None:
    assert cli.invoke(main, ["db", "upgrade"]).exit_code == 0
    result, lines = check(cli)
    assert result.exit_code == 0, result.output
    assert lines[:2] == ["config: ok", "plugins: ok (none enabled)"]
    assert lines[2].startswith("database: ok (")
    assert lines[3] == f"migrations: ok (at {migrate.head_revision()})"
    assert len(lines) == 4


def test_bad_config_is_named_and_fails(cli: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PL_API_SERVER_PORT", "eighty")
    result, lines = check(cli)
    assert result.exit_code == 1
    assert lines == [
        "config: FAILED: invalid configuration: server.port (or PL_API_SERVER_PORT): Expected `int`, got `str`"
    ]


def test_an_unreachable_database_is_named_without_its_password(cli: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PL_API_DATABASE_URL", UNREACHABLE)
    result, lines = check(cli)
    assert result.exit_code == 1
    assert lines[2].startswith("database: FAILED: cannot connect (postgresql+asyncpg://pl_api:***@127.0.0.1:1/pl_api)")
    assert lines[3] == "migrations: FAILED: not checked: no database"
    assert "not-this-secret" not in result.output


def test_a_missing_sqlite_file_says_how_to_create_it(cli: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PL_API_DATABASE_URL", "sqlite+aiosqlite:///./nowhere.db")
    result, lines = check(cli)
    assert result.exit_code == 1
    assert lines[2] == "database: FAILED: no SQLite database at ./nowhere.db; `pl-api db upgrade` creates it"
    assert not Path("nowhere.db").exists()  # checking created nothing


def test_a_pending_migration_is_named_with_the_fix(cli: CliRunner) -> None:
    assert cli.invoke(main, ["db", "upgrade", "0003"]).exit_code == 0
    result, lines = check(cli)
    assert result.exit_code == 1
    assert lines[3] == (
        f"migrations: FAILED: at 0003, but this code needs {migrate.head_revision()}; run `pl-api db upgrade`"
    )


def test_a_database_newer_than_the_code_passes_during_an_upgrade(cli: CliRunner, fresh_database_url: str) -> None:
    assert cli.invoke(main, ["db", "upgrade"]).exit_code == 0

    async def advance() -> None:
        engine = create_engine(DatabaseSettings(url=fresh_database_url))
        async with engine.begin() as connection:
            await connection.execute(text("UPDATE alembic_version SET version_num = 'from_newer_code'"))
        await engine.dispose()

    asyncio.run(advance())
    result, lines = check(cli)
    assert result.exit_code == 0, result.output
    assert lines[3].startswith("migrations: ok (at from_newer_code, newer than this code's")


def test_a_plugin_that_will_not_load_is_named(cli: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    assert cli.invoke(main, ["db", "upgrade"]).exit_code == 0
    monkeypatch.setenv("PL_API_PLUGINS_ENABLED", "not_installed")
    result, lines = check(cli)
    assert result.exit_code == 1
    assert lines[1].startswith("plugins: FAILED: plugin 'not_installed' is enabled in config but not installed")
    assert lines[3].startswith("migrations: ok")  # the rest is still checked


def test_a_plugin_whose_tables_are_not_migrated_is_named(cli: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("pl_api_sample", reason="install tests/plugins/pl_api_sample (dev.py test does)")
    assert cli.invoke(main, ["db", "upgrade"]).exit_code == 0  # the core only: the plugin is not enabled yet
    monkeypatch.setenv("PL_API_PLUGINS_ENABLED", "sample")
    result, lines = check(cli)
    assert result.exit_code == 1
    assert lines[1] == "plugins: ok (sample)"
    assert lines[4].startswith("migrations (sample): FAILED: not migrated (this code needs ")
    assert cli.invoke(main, ["db", "upgrade"]).exit_code == 0
    result, lines = check(cli)
    assert result.exit_code == 0, result.output
    assert lines[4].startswith("migrations (sample): ok (at ")


def test_tracing_without_its_packages_is_named(cli: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    assert cli.invoke(main, ["db", "upgrade"]).exit_code == 0
    monkeypatch.setenv("PL_API_TRACING_ENABLED", "true")
    monkeypatch.setitem(sys.modules, "pl_api.observability.tracing", None)  # as if the extra were not installed
    result, lines = check(cli)
    assert result.exit_code == 1
    assert lines[2].startswith("tracing: FAILED: tracing.enabled is true but OpenTelemetry is not installed")
    assert lines[2].endswith("pip install 'pl-api[tracing]'")


async def ready(settings: Settings) -> httpx.Response:
    app = create_app(settings, PluginHost.empty())
    try:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as client:
            return await client.get("/health/ready")
    finally:
        await app.state.engine.dispose()


async def test_ready_is_503_naming_a_pending_migration(fresh_database_url: str) -> None:
    settings = Settings(database=DatabaseSettings(url=fresh_database_url))
    await asyncio.to_thread(migrate.upgrade, settings.database, "0003")
    response = await ready(settings)
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "checks": {
            "database": "ok",
            "migrations": f"FAILED: at 0003, but this code needs {migrate.head_revision()}; run `pl-api db upgrade`",
        },
    }


async def test_ready_is_503_naming_an_unreachable_database() -> None:
    response = await ready(Settings(database=DatabaseSettings(url=UNREACHABLE)))
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["database"].startswith("FAILED: cannot connect: ")
    assert checks["migrations"] == "FAILED: not checked: no database"
    assert "not-this-secret" not in response.text
