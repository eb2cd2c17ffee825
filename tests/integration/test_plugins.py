"""The sample third-party plugin (tests/plugins/pl_api_sample), installed and found through its entry point:
one test per hook, and the plugin enabled, disabled and enabled again on a real database."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import msgspec
import pytest
from click.testing import CliRunner
from litestar import Litestar
from sqlalchemy import inspect

from pl_api.app import create_app
from pl_api.cli import main
from pl_api.config import DatabaseSettings, PluginsSettings, Settings
from pl_api.db import migrate
from pl_api.db.engine import create_engine
from pl_api.domain.identity.roles import ROLES
from pl_api.domain.tenants.service import create_client, create_tenant
from pl_api.plugin import Event
from pl_api.plugin_host.host import PluginHost, installed_plugins
from tests.conftest import TenantClient, empty_database

pl_api_sample = pytest.importorskip("pl_api_sample", reason="install tests/plugins/pl_api_sample (dev.py test does)")

ENABLED = PluginsSettings(enabled=["sample"], settings={"sample": {"greeting": "ahoy", "max_note_length": 20}})


def settings_for(url: str, plugins: PluginsSettings = ENABLED) -> Settings:
    return Settings(database=DatabaseSettings(url=url), plugins=plugins)


@pytest.fixture(scope="module")
def sample_database(database_kind: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A database migrated with the sample plugin enabled."""
    with empty_database(database_kind, tmp_path_factory.mktemp("plugins")) as url:
        migrate.upgrade(DatabaseSettings(url=url), plugins=PluginHost.load(ENABLED, environ={}))
        yield url


@pytest.fixture(scope="module")
async def sample_app(sample_database: str) -> AsyncIterator[tuple[Litestar, httpx.AsyncClient]]:
    app = create_app(settings_for(sample_database), PluginHost.load(ENABLED, environ={}))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as client:
        yield app, client
    await app.state.engine.dispose()


async def _tenant_client(sample_app: tuple[Litestar, httpx.AsyncClient]) -> TenantClient:
    app, client = sample_app
    async with app.state.sessions() as session:
        tenant = await create_tenant(session, "Plugin trust")
        key = (await create_client(session, tenant.id, "plugin client")).key
    return TenantClient(tenant_id=tenant.id, key=key, http=client)


@pytest.fixture
async def sample_api(sample_app: tuple[Litestar, httpx.AsyncClient]) -> TenantClient:
    """A fresh tenant on the app with the sample plugin enabled."""
    return await _tenant_client(sample_app)


@pytest.fixture
async def other_api_sample(sample_app: tuple[Litestar, httpx.AsyncClient]) -> TenantClient:
    """Another tenant on the same app."""
    return await _tenant_client(sample_app)


def test_sample_is_discovered_through_its_entry_point() -> None:
    assert "sample" in installed_plugins()


async def test_hook_register_routes(sample_api: TenantClient) -> None:
    staff = await sample_api.create("/v1/staff", {"given_name": "A", "family_name": "B", "email": "a@b.example"})
    note = await sample_api.create("/v1/sample/notes", {"staff_id": staff["id"], "text": "Read Wiliam"})
    listed = (await sample_api.get("/v1/sample/notes")).json()["items"]
    assert [n["id"] for n in listed] == [note["id"]]
    too_long = await sample_api.post("/v1/sample/notes", json={"staff_id": staff["id"], "text": "x" * 21})
    assert too_long.status_code == 422  # max_note_length = 20 from [plugins.sample]
    unauthenticated = await sample_api.http.get("/v1/sample/notes")
    assert unauthenticated.status_code == 401


async def test_plugin_routes_need_the_plugins_scope(sample_app: tuple[Litestar, httpx.AsyncClient]) -> None:
    app, client = sample_app
    async with app.state.sessions() as session:
        tenant = await create_tenant(session, "Scoped trust")
        staff_only = (await create_client(session, tenant.id, "s", ["staff:read"], ["staff", "sample"])).key
        reader = (await create_client(session, tenant.id, "r", ["sample:read"], ["staff", "sample"])).key
    assert (await client.get("/v1/sample/notes", headers={"Authorization": f"Bearer {staff_only}"})).status_code == 403
    assert (await client.get("/v1/sample/notes", headers={"Authorization": f"Bearer {reader}"})).status_code == 200


async def test_hook_register_models(sample_database: str) -> None:
    engine = create_engine(DatabaseSettings(url=sample_database))
    async with engine.connect() as connection:
        tables = await connection.run_sync(lambda sync: inspect(sync).get_table_names())
    await engine.dispose()
    assert "sample_notes" in tables
    assert "alembic_version_sample" in tables


def test_hook_register_permissions(sample_app: tuple[Litestar, httpx.AsyncClient]) -> None:
    app, _ = sample_app
    assert sorted(app.state.plugin_declarations.permissions) == ["sample.manage", "sample.read", "sample.write"]
    roles = app.state.role_permissions
    assert roles.roles_with("sample.manage") == ["pd_lead", "trust_admin"]
    assert roles.roles_with("sample.read") == list(ROLES)


async def test_hook_register_activity_kinds(sample_api: TenantClient) -> None:
    kinds = [k["slug"] for k in (await sample_api.get("/v1/activity-kinds")).json()["items"]]
    assert "sample.reading_circle" in kinds
    staff = await sample_api.create("/v1/staff", {"given_name": "A", "family_name": "B", "email": "k@b.example"})
    await sample_api.create(
        "/v1/activities",
        {
            "title": "Book club",
            "kind": "sample.reading_circle",
            "stream": "team",
            "starts_at": "2026-10-01T16:00:00Z",
            "duration_minutes": 45,
            "participants": [{"staff_id": staff["id"], "status": "attended"}],
        },
    )
    record = (
        await sample_api.get(f"/v1/staff/{staff['id']}/record", params={"from": "2026-09-01", "to": "2027-08-31"})
    ).json()
    assert record["totals"]["by_kind"] == {"sample.reading_circle": 45}


async def test_hook_staff_record_section(sample_api: TenantClient) -> None:
    staff = await sample_api.create("/v1/staff", {"given_name": "A", "family_name": "B", "email": "r@b.example"})
    await sample_api.create("/v1/sample/notes", {"staff_id": staff["id"], "text": "Embedded formative"})
    record = (await sample_api.get(f"/v1/staff/{staff['id']}/record")).json()
    assert record["plugins"] == {"sample": {"notes": 1}}


def test_hook_register_event_types(sample_app: tuple[Litestar, httpx.AsyncClient]) -> None:
    app, _ = sample_app
    assert list(app.state.plugin_declarations.event_types) == ["sample.note.created"]


async def test_hook_handle_event(sample_app: tuple[Litestar, httpx.AsyncClient]) -> None:
    app, _ = sample_app
    event = Event(
        id=uuid.uuid4(), type="staff.created", tenant_id=uuid.uuid4(), subject_id=None, occurred_at=datetime.now(UTC)
    )
    await app.state.plugin_host.react("handle_event", event=event)
    assert pl_api_sample.EVENTS_SEEN[-1] == event


async def test_hook_startup_and_hook_shutdown(sample_database: str) -> None:
    app = create_app(settings_for(sample_database), PluginHost.load(ENABLED, environ={}))
    pl_api_sample.LIFECYCLE.clear()
    async with app.lifespan():
        assert pl_api_sample.LIFECYCLE == ["startup:ahoy"]
    assert pl_api_sample.LIFECYCLE == ["startup:ahoy", "shutdown"]


def test_hook_register_commands(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PL_API_CONFIG", raising=False)
    monkeypatch.setenv("PL_API_PLUGINS_ENABLED", "sample")
    monkeypatch.setenv("PL_API_PLUGINS_SAMPLE_GREETING", "hiya")
    result = CliRunner().invoke(main, ["sample", "hello"])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "hiya from the sample plugin"
    monkeypatch.setenv("PL_API_PLUGINS_ENABLED", "")
    assert CliRunner().invoke(main, ["sample", "hello"]).exit_code == 2  # no such command when disabled


async def test_disabled_plugin_leaves_no_routes(sample_database: str) -> None:
    app = create_app(settings_for(sample_database, PluginsSettings()), PluginHost.empty())
    paths = app.openapi_schema.to_schema()["paths"]
    assert not any(p.startswith("/v1/sample") for p in paths)
    kinds = [k.slug for k in app.state.activity_kinds]
    assert "sample.reading_circle" not in kinds
    await app.state.engine.dispose()


def test_disable_then_enable_migrates_cleanly(database_kind: str, tmp_path: Path) -> None:
    with empty_database(database_kind, tmp_path) as url:
        database = DatabaseSettings(url=url)
        migrate.upgrade(database, plugins=PluginHost.load(ENABLED, environ={}))
        migrate.upgrade(database, plugins=PluginHost.empty())  # plugin disabled: core still migrates
        assert migrate.current_revision(database) == migrate.head_revision()
        migrate.upgrade(database, plugins=PluginHost.load(ENABLED, environ={}))  # enabled again: resumes
        assert migrate.current_revision(database, "alembic_version_sample") == "sample_0001"
        migrate.downgrade(database, "base", PluginHost.load(ENABLED, environ={}), plugin="sample")
        assert migrate.current_revision(database, "alembic_version_sample") is None
        assert migrate.current_revision(database) == migrate.head_revision()


def test_openapi_tags_plugin_routes_with_the_slug(sample_app: tuple[Litestar, httpx.AsyncClient]) -> None:
    app, _ = sample_app
    operation: dict[str, Any] = app.openapi_schema.to_schema()["paths"]["/v1/sample/notes"]["get"]
    assert operation["tags"] == ["sample"]
    assert operation["operationId"] == "SampleListNotes"


async def test_list_plugins_hides_secrets(sample_api: TenantClient) -> None:
    plugins = (await sample_api.get("/v1/plugins")).json()["items"]
    assert plugins == [
        {
            "slug": "sample",
            "name": "Sample",
            "version": "0.1.0",
            "description": "Reading notes: a plugin that touches every hook.",
            "settings": {"greeting": "ahoy", "max_note_length": 20},
        }
    ]
    from pl_api.plugin_host.controller import redacted

    class WithSecret(msgspec.Struct):
        api_key: str = "abc"
        client_secret: str = "def"
        url: str = "https://x.example"

    assert redacted(WithSecret()) == {"api_key": "***", "client_secret": "***", "url": "https://x.example"}


async def test_school_switches_a_plugin_off_and_on(sample_api: TenantClient, other_api_sample: TenantClient) -> None:
    school = await sample_api.create("/v1/schools", {"name": "Oakfield"})
    other = await sample_api.create("/v1/schools", {"name": "Riverside"})
    notes = "/v1/sample/notes"
    assert (await sample_api.get(notes, params={"school_id": school["id"]})).status_code == 200
    off = await sample_api.delete(f"/v1/schools/{school['id']}/plugins/sample")
    assert off.json() == {"slug": "sample", "school_id": school["id"], "enabled": False}
    refused = await sample_api.get(notes, params={"school_id": school["id"]})
    assert refused.status_code == 404
    assert "switched off for school" in refused.json()["detail"]
    assert (await sample_api.get(notes, params={"school_id": other["id"]})).status_code == 200
    states = (await sample_api.get(f"/v1/schools/{school['id']}/plugins")).json()["items"]
    assert states == [{"slug": "sample", "school_id": school["id"], "enabled": False}]
    assert (await sample_api.put(f"/v1/schools/{school['id']}/plugins/sample")).json()["enabled"] is True
    assert (await sample_api.get(notes, params={"school_id": school["id"]})).status_code == 200
    assert (await sample_api.put(f"/v1/schools/{school['id']}/plugins/nothing")).status_code == 404
    assert (await other_api_sample.delete(f"/v1/schools/{school['id']}/plugins/sample")).status_code == 404


async def test_an_options_request_naming_a_school_is_answered_without_credentials(
    sample_app: tuple[Litestar, httpx.AsyncClient],
) -> None:
    _, client = sample_app
    response = await client.options("/v1/sample/notes", params={"school_id": "e3e70682-c209-1cac-a29f-6fbed82c07cd"})
    assert response.status_code == 204


async def test_committed_changes_reach_handle_event(sample_api: TenantClient) -> None:
    pl_api_sample.EVENTS_SEEN.clear()
    staff = await sample_api.create("/v1/staff", {"given_name": "E", "family_name": "V", "email": "e@v.example"})
    note = await sample_api.create("/v1/sample/notes", {"staff_id": staff["id"], "text": "Noted"})
    seen = [(e.type, str(e.subject_id)) for e in pl_api_sample.EVENTS_SEEN]
    assert seen == [("staff.created", staff["id"]), ("sample.note.created", note["id"])]
    assert all(e.tenant_id == sample_api.tenant_id for e in pl_api_sample.EVENTS_SEEN)


async def test_a_failing_handler_never_breaks_the_request(
    sample_app: tuple[Litestar, httpx.AsyncClient], monkeypatch: pytest.MonkeyPatch, sample_api: TenantClient
) -> None:
    async def explode(event: Event) -> None:
        raise RuntimeError("handler broke")

    app, _ = sample_app
    impl = app.state.plugin_host.manager.hook.handle_event.get_hookimpls()[0]
    monkeypatch.setattr(impl, "function", explode)
    created = await sample_api.post("/v1/staff", json={"given_name": "F", "family_name": "G", "email": "f@g.example"})
    assert created.status_code == 201
    assert (await sample_api.get(f"/v1/staff/{created.json()['id']}")).status_code == 200


def test_plugins_list_shows_installed_and_enabled(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PL_API_CONFIG", raising=False)
    monkeypatch.setenv("PL_API_PLUGINS_ENABLED", "")
    listed = CliRunner().invoke(main, ["plugins", "list"])
    assert listed.exit_code == 0
    assert "sample\tinstalled" in listed.stdout
    monkeypatch.setenv("PL_API_PLUGINS_ENABLED", "sample,ghost")
    broken = CliRunner().invoke(main, ["plugins", "list"])
    assert broken.exit_code == 1
    assert "ghost\tenabled but NOT INSTALLED" in broken.stdout
    assert "plugin 'ghost' is enabled in config but not installed" in broken.stderr
    revision = CliRunner().invoke(main, ["db", "revision", "--plugin", "sample", "-m", "x"])
    assert revision.exit_code == 1  # ghost still breaks loading: nothing is written
    assert "ghost" in revision.stderr


async def test_hook_export_staff_data(sample_app: tuple[Litestar, httpx.AsyncClient], sample_api: TenantClient) -> None:
    app, _ = sample_app
    staff = await sample_api.create("/v1/staff", {"given_name": "X", "family_name": "P", "email": "x@p.example"})
    await sample_api.create("/v1/sample/notes", {"staff_id": staff["id"], "text": "Mine"})
    async with app.state.sessions() as session:
        sections = await app.state.plugin_host.export_sections(session, sample_api.tenant_id, uuid.UUID(staff["id"]))
    assert sections == {"sample": {"notes": ["Mine"]}}


async def test_hook_erase_staff_data(sample_app: tuple[Litestar, httpx.AsyncClient], sample_api: TenantClient) -> None:
    staff = await sample_api.create("/v1/staff", {"given_name": "E", "family_name": "R", "email": "e@r.example"})
    colleague = await sample_api.create("/v1/staff", {"given_name": "C", "family_name": "O", "email": "c@o.example"})
    await sample_api.create("/v1/sample/notes", {"staff_id": staff["id"], "text": "About E"})
    await sample_api.create("/v1/sample/notes", {"staff_id": colleague["id"], "text": "About C"})
    app, _ = sample_app
    async with app.state.sessions() as session:
        key = (await create_client(session, sample_api.tenant_id, "privacy", ["privacy:write"])).key
    eraser = TenantClient(tenant_id=sample_api.tenant_id, key=key, http=sample_api.http)
    erased = await eraser.post(f"/v1/staff/{staff['id']}/erase")
    assert erased.status_code == 200, erased.text
    assert erased.json()["plugins"] == {"sample": 1}
    notes = (await sample_api.get("/v1/sample/notes")).json()["items"]
    assert [(n["staff_id"], n["text"]) for n in notes] == [(colleague["id"], "About C")]
