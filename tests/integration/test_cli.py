"""The pl-api command: migrate, create a tenant and a client, load the demo, export the spec."""

from __future__ import annotations

import asyncio
import json
import uuid
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from pl_api.app import create_app
from pl_api.cli import main
from pl_api.config import DatabaseSettings, Settings


@pytest.fixture
def cli(fresh_database_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> CliRunner:
    """A CLI runner whose commands use a fresh database and no config file."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PL_API_CONFIG", raising=False)
    monkeypatch.setenv("PL_API_DATABASE_URL", fresh_database_url)
    return CliRunner()


def invoke(cli: CliRunner, *args: str) -> str:
    result = cli.invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output + result.stderr
    return result.stdout.strip()


async def _get(url: str, key: str, path: str) -> httpx.Response:
    app = create_app(Settings(database=DatabaseSettings(url=url)))
    try:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            return await client.get(path, headers={"Authorization": f"Bearer {key}"})
    finally:
        await app.state.engine.dispose()
        if app.state.reads is not None:
            await app.state.reads.close()


def test_migrate_create_tenant_and_client(cli: CliRunner, fresh_database_url: str) -> None:
    invoke(cli, "db", "upgrade")
    assert "up to date" in invoke(cli, "db", "current")
    tenant_id = uuid.UUID(invoke(cli, "tenants", "create", "Riverside Trust"))
    key = invoke(cli, "clients", "create", "--tenant", str(tenant_id), "--name", "MIS sync", "--scopes", "schools:read")
    assert key.startswith("pl_")
    response = asyncio.run(_get(fresh_database_url, key, "/v1/schools"))
    assert response.status_code == 200
    assert response.json()["items"] == []


def test_bad_scope_and_unknown_tenant_are_clear_errors(cli: CliRunner) -> None:
    invoke(cli, "db", "upgrade")
    tenant_id = invoke(cli, "tenants", "create", "T")
    bad = cli.invoke(main, ["clients", "create", "--tenant", tenant_id, "--name", "x", "--scopes", "staf:read"])
    assert bad.exit_code == 1
    assert "unknown scope(s) staf:read" in bad.stderr
    missing = cli.invoke(main, ["clients", "create", "--tenant", str(uuid.uuid4()), "--name", "x"])
    assert missing.exit_code == 1
    assert "no tenant with id" in missing.stderr


def test_invalid_config_stops_with_one_line(cli: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PL_API_SERVER_PORT", "not-a-port")
    result = cli.invoke(main, ["db", "current"])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        "Error: invalid configuration: server.port (or PL_API_SERVER_PORT): Expected `int`, got `str`"
    ]


def test_demo_loads_once_and_issues_working_keys(cli: CliRunner, fresh_database_url: str) -> None:
    invoke(cli, "db", "upgrade")
    first = invoke(cli, "demo")
    second = invoke(cli, "demo")
    assert first != second
    for key in (first, second):
        schools = asyncio.run(_get(fresh_database_url, key, "/v1/schools")).json()["items"]
        assert sorted(s["name"] for s in schools) == ["Oakfield Academy", "Oakfield Primary School"]
    terms = asyncio.run(_get(fresh_database_url, first, "/v1/terms?for_school=" + schools[0]["id"])).json()["items"]
    assert [t["name"] for t in terms] == ["2026/27", "Autumn", "Spring", "Summer"]


def test_openapi_export_writes_the_document(cli: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "spec.json"
    invoke(cli, "openapi", "export", "--output", str(target))
    document = json.loads(target.read_text())
    assert document["info"]["title"] == "pl-api"
    assert "/v1/schools" in document["paths"]
