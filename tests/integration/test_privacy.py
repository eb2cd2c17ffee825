"""Data subject rights: a staff member's export holds everything about them; an erasure leaves no row
holding their name, email or TRN while the school's figures stay whole; the retention run erases leavers
whose tenant's retention period has passed, and no one else."""

from __future__ import annotations

import asyncio
import random
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner
from litestar import Litestar
from sqlalchemy import MetaData, select

from pl_api.app import create_app
from pl_api.cli import main
from pl_api.config import DatabaseSettings, PluginsSettings, Settings
from pl_api.db import migrate
from pl_api.db.engine import create_engine
from pl_api.domain.staff.models import Staff
from pl_api.domain.tenants.models import Tenant
from pl_api.plugin_host.host import PluginHost
from pl_api.testing import TEST_AUTH
from tests.conftest import TenantClient, empty_database, new_tenant_client

pytest.importorskip("pl_api_sample", reason="install tests/plugins/pl_api_sample (dev.py test does)")

SAMPLE = PluginsSettings(enabled=["sample"], settings={"sample": {}})
NOW = "2026-10-01T16:00:00Z"


@pytest.fixture(scope="module")
def privacy_database(database_kind: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A database of this module's own (every row of it is scanned), migrated with the sample plugin."""
    with empty_database(database_kind, tmp_path_factory.mktemp("privacy")) as url:
        migrate.upgrade(DatabaseSettings(url=url), plugins=PluginHost.load(SAMPLE, environ={}))
        yield url


@pytest.fixture(scope="module")
async def privacy_app(privacy_database: str) -> AsyncIterator[tuple[Litestar, httpx.AsyncClient]]:
    settings = Settings(database=DatabaseSettings(url=privacy_database), plugins=SAMPLE, auth=TEST_AUTH)
    app = create_app(settings, PluginHost.load(SAMPLE, environ={}))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as client:
        yield app, client
    await app.state.engine.dispose()
    if app.state.reads is not None:
        await app.state.reads.close()


class Trust:
    """A tenant with a school, a key with every scope (privacy ones too), and staff made on demand."""

    def __init__(self, app: Litestar, api: TenantClient, school_id: str) -> None:
        self.app, self.api, self.school_id = app, api, school_id

    async def staff(
        self, roles: list[str] | None = None, trust_roles: list[str] | None = None, **fields: Any
    ) -> tuple[TenantClient, str]:
        """A staff member of the school with ``roles``, and a client acting as them."""
        body = {
            "given_name": "U",
            "family_name": "Ser",
            "email": f"u{uuid.uuid4().hex[:10]}@school.example",
            "memberships": [{"school_id": self.school_id, "roles": roles or ["teacher"]}],
            "trust_roles": trust_roles or [],
        }
        created = await self.api.create("/v1/staff", body | fields)
        return self.api.as_staff(self.app, created["id"]), created["id"]

    async def key(self, scopes: list[str]) -> TenantClient:
        """Another key of the same tenant with only ``scopes``."""
        from pl_api.domain.tenants.service import create_client

        async with self.app.state.sessions() as session:
            client = await create_client(session, self.api.tenant_id, "scoped", scopes)
        return TenantClient(tenant_id=self.api.tenant_id, key=client.key, http=self.api.http)


@pytest.fixture
async def trust(privacy_app: tuple[Litestar, httpx.AsyncClient]) -> Trust:
    app, http = privacy_app
    api = await new_tenant_client(app, http)
    school = await api.create("/v1/schools", {"name": "Ashgrove"})
    return Trust(app, api, school["id"])


async def _every_row_as_text(app: Litestar) -> list[str]:
    """Every row of every table in the database, each as one string."""

    def read(connection: Any) -> list[str]:
        metadata = MetaData()
        metadata.reflect(connection)
        assert {"staff", "reflections", "events", "sample_notes"} <= set(metadata.tables)
        return [
            f"{table.name}: {tuple(row)}"
            for table in metadata.sorted_tables
            for row in connection.execute(select(table))
        ]

    async with app.state.engine.connect() as connection:
        rows: list[str] = await connection.run_sync(read)
    return rows


async def _participants(api: TenantClient, activity_id: str) -> list[tuple[str, str, int]]:
    items = (await api.get(f"/v1/activities/{activity_id}/participants")).json()["items"]
    return sorted((p["staff_id"], p["status"], p["minutes_credited"]) for p in items)


async def test_export_holds_everything_and_erasure_leaves_no_trace_but_keeps_the_figures(trust: Trust) -> None:
    api, tag = trust.api, uuid.uuid4().hex[:8]
    person = {
        "given_name": f"Perpetua{tag}",
        "family_name": f"Quillfeather{tag}",
        "email": f"perpetua.{tag}@ashgrove.example",
        "trn": "".join(random.choices("0123456789", k=7)),
        "job_title": f"Head of Latin {tag}",
        "source": "wonde",
        "external_id": f"W-{tag}",
        "sso_subject": f"sub-{tag}",
    }
    me, my_id = await trust.staff(["teacher", "team_lead"], **person)
    _, colleague_id = await trust.staff()
    team = await api.create("/v1/teams", {"name": "Classics", "kind": "department", "school_id": trust.school_id})
    assert (await api.put(f"/v1/teams/{team['id']}/members/{my_id}", json={"role": "lead"})).is_success
    priority = await api.create(
        "/v1/priorities",
        {"academic_year": "2026/27", "title": "Retrieval practice", "owner_staff_id": my_id},
    )
    activity = await api.create(
        "/v1/activities",
        {
            "title": "Retrieval practice workshop",
            "kind": "inset_session",
            "stream": "whole_school",
            "school_id": trust.school_id,
            "starts_at": NOW,
            "duration_minutes": 90,
            "status": "completed",
            "leader_staff_id": my_id,
            "participants": [{"staff_id": s, "status": "attended"} for s in (my_id, colleague_id)],
        },
    )
    comment = f"The quizzing demo was the best part {tag}"
    feedback = {"staff_id": my_id, "reaction": 5, "learning": 4, "comment": comment}
    assert (await me.post(f"/v1/activities/{activity['id']}/feedback", json=feedback)).status_code == 201
    goal = await me.create("/v1/goals", {"staff_id": my_id, "title": f"Sharper hinge questions {tag}"})
    texts = {"private": f"I struggled with year 9 today {tag}", "leaders": f"Cold calling is working {tag}"}
    for visibility, body in texts.items():  # sent as a client retrying safely would: the answers are kept
        reflection = {"staff_id": my_id, "body": body, "visibility": visibility}
        sent = await me.post("/v1/reflections", json=reflection, headers={"Idempotency-Key": f"{visibility}-{tag}"})
        assert sent.status_code == 201, sent.text
    note = f"Reading Make It Stick {tag}"
    await api.create("/v1/sample/notes", {"staff_id": my_id, "text": note})
    feed = await me.create("/v1/calendar-feeds", {"staff_id": my_id})
    before = await _participants(api, activity["id"])

    exported = await me.get(f"/v1/staff/{my_id}/export")
    assert exported.status_code == 200, exported.text
    data = exported.json()
    assert {k: data["staff"][k] for k in person} == person | {"email": person["email"].lower()}
    assert data["staff"]["memberships"] == [{"school_id": trust.school_id, "roles": ["teacher", "team_lead"]}]
    assert [(t["team_id"], t["role"]) for t in data["team_memberships"]] == [(team["id"], "lead")]
    assert [(p["activity"]["id"], p["status"], p["minutes_credited"]) for p in data["participations"]] == [
        (activity["id"], "attended", 90)
    ]
    assert [a["id"] for a in data["activities_led"]] == [activity["id"]]
    assert [(f["reaction"], f["comment"]) for f in data["feedback"]] == [(5, comment)]
    assert [g["title"] for g in data["goals"]] == [goal["title"]]
    assert sorted(r["body"] for r in data["reflections"]) == sorted(texts.values())
    assert [p["id"] for p in data["priorities_owned"]] == [priority["id"]]
    assert data["plugins"] == {"sample": {"notes": [note]}}
    assert [f["id"] for f in data["calendar_feeds"]] == [feed["id"]]

    erased = await api.post(f"/v1/staff/{my_id}/erase")
    assert erased.status_code == 200, erased.text
    summary = erased.json()
    assert summary["deleted"] == {"reflections": 2, "goals": 1, "calendar_feeds": 1}
    assert summary["kept"] == {"school_memberships": 1, "team_memberships": 1, "participations": 1, "feedback": 1}
    assert summary["plugins"] == {"sample": 1}
    assert {"given_name", "family_name", "email", "trn"} <= set(summary["anonymised"])

    personal = [*person.values(), person["email"].lower(), comment, goal["title"], note, *texts.values()]
    rows = await _every_row_as_text(trust.app)
    assert len(rows) > 20
    leaks = [(value, row) for value in personal for row in rows if value in row]
    assert leaks == []
    assert await _participants(api, activity["id"]) == before
    staff = (await api.get(f"/v1/staff/{my_id}")).json()
    assert (staff["status"], staff["given_name"], staff["trust_roles"], staff["erased_at"] is not None) == (
        "erased",
        "Erased",
        [],
        True,
    )
    assert staff["memberships"] == [{"school_id": trust.school_id, "roles": []}]
    rated = (await api.get(f"/v1/activities/{activity['id']}/feedback")).json()["items"]
    assert [(f["reaction"], f["learning"], f["comment"]) for f in rated] == [(5, 4, None)]
    members = (await api.get(f"/v1/teams/{team['id']}/members")).json()["items"]
    assert [(m["staff_id"], m["role"]) for m in members] == [(my_id, "member")]

    assert (await me.get(f"/v1/staff/{my_id}/export")).status_code == 401
    again = await api.post(f"/v1/staff/{my_id}/erase")
    assert again.status_code == 409
    assert "already erased" in again.json()["detail"]
    changed = await api.patch(
        f"/v1/staff/{my_id}", json={"given_name": "Back"}, headers={"If-Match": f'"{staff["version"]}"'}
    )
    assert changed.status_code == 422


async def test_staff_export_their_own_and_only_privacy_holders_export_or_erase_others(trust: Trust) -> None:
    teacher, teacher_id = await trust.staff(["teacher"])
    await teacher.create("/v1/reflections", {"staff_id": teacher_id, "body": "Only mine"})
    own = await teacher.get(f"/v1/staff/{teacher_id}/export")
    assert own.status_code == 200
    assert [r["body"] for r in own.json()["reflections"]] == ["Only mine"]
    colleague, colleague_id = await trust.staff(["teacher"])
    leader, _ = await trust.staff(["school_leader"])
    for caller in (colleague, leader):
        assert (await caller.get(f"/v1/staff/{teacher_id}/export")).status_code == 403
        assert (await caller.post(f"/v1/staff/{teacher_id}/erase")).status_code == 403
    assert (await teacher.post(f"/v1/staff/{teacher_id}/erase")).status_code == 403
    admin, admin_id = await trust.staff([], ["trust_admin"])
    assert (await admin.post(f"/v1/staff/{admin_id}/erase")).status_code == 403
    answered = await admin.get(f"/v1/staff/{teacher_id}/export")
    assert answered.status_code == 200
    assert [r["body"] for r in answered.json()["reflections"]] == ["Only mine"]
    assert (await admin.post(f"/v1/staff/{colleague_id}/erase")).status_code == 200
    assert (await admin.get(f"/v1/staff/{uuid.uuid4()}/export")).status_code == 404


async def test_an_erased_staff_member_takes_no_new_records(trust: Trust) -> None:
    _, staff_id = await trust.staff(["teacher"])
    admin, _ = await trust.staff([], ["trust_admin"])
    assert (await admin.post(f"/v1/staff/{staff_id}/erase")).status_code == 200
    api = trust.api
    team = await api.create("/v1/teams", {"name": "Maths", "kind": "department", "school_id": trust.school_id})
    activity = await api.create(
        "/v1/activities",
        {"title": "INSET", "kind": "inset_session", "stream": "whole_school", "starts_at": NOW, "duration_minutes": 60},
    )
    refused = [
        await api.post("/v1/goals", json={"staff_id": staff_id, "title": "New focus"}),
        await api.post("/v1/reflections", json={"staff_id": staff_id, "body": "New thoughts", "visibility": "leaders"}),
        await api.post(f"/v1/activities/{activity['id']}/participants", json={"staff_id": staff_id}),
        await api.put(f"/v1/teams/{team['id']}/members/{staff_id}", json={"role": "member"}),
    ]
    assert [r.status_code for r in refused] == [422, 422, 422, 422]
    assert all("erased" in r.json()["detail"] for r in refused)
    assert (await api.get(f"/v1/goals?staff_id={staff_id}")).json()["items"] == []


async def test_exports_by_others_and_erasures_are_on_the_audit_log(trust: Trust) -> None:
    teacher, teacher_id = await trust.staff(["teacher"])
    admin, admin_id = await trust.staff([], ["trust_admin"])
    assert (await teacher.get(f"/v1/staff/{teacher_id}/export")).status_code == 200
    assert (await admin.get(f"/v1/staff/{teacher_id}/export")).status_code == 200
    assert (await admin.post(f"/v1/staff/{teacher_id}/erase")).status_code == 200
    entries = (await admin.get("/v1/audit", params={"subject_id": teacher_id, "limit": 200})).json()["items"]
    on_record = [(e["action"], e["actor"]) for e in entries if e["action"] in ("exported", "erased")]
    assert on_record == [("exported", f"staff:{admin_id}"), ("erased", f"staff:{admin_id}")]


async def test_clients_need_the_privacy_scopes_by_name(trust: Trust) -> None:
    _, staff_id = await trust.staff()
    everything = await trust.key(["*"])
    assert (await everything.get(f"/v1/staff/{staff_id}/export")).status_code == 403
    assert (await everything.post(f"/v1/staff/{staff_id}/erase")).status_code == 403
    reader = await trust.key(["privacy:read"])
    assert (await reader.get(f"/v1/staff/{staff_id}/export")).status_code == 200
    refused = await reader.post(f"/v1/staff/{staff_id}/erase")
    assert refused.status_code == 403
    assert "privacy:write" in refused.json()["detail"]
    writer = await trust.key(["privacy:write"])
    assert (await writer.post(f"/v1/staff/{staff_id}/erase")).status_code == 200


async def test_another_tenants_staff_cannot_be_exported_or_erased(
    trust: Trust, privacy_app: tuple[Litestar, httpx.AsyncClient]
) -> None:
    app, http = privacy_app
    other = await new_tenant_client(app, http)
    _, staff_id = await trust.staff()
    assert (await other.get(f"/v1/staff/{staff_id}/export")).status_code == 404
    assert (await other.post(f"/v1/staff/{staff_id}/erase")).status_code == 404
    assert (await trust.api.get(f"/v1/staff/{staff_id}")).json()["status"] == "active"


# --- retention ------------------------------------------------------------------------------------


@pytest.fixture
def cli(fresh_database_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> CliRunner:
    """A CLI runner whose commands use a fresh, migrated database and no config file."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PL_API_CONFIG", raising=False)
    monkeypatch.setenv("PL_API_DATABASE_URL", fresh_database_url)
    runner = CliRunner()
    invoke(runner, "db", "upgrade")
    return runner


def invoke(cli: CliRunner, *args: str) -> str:
    result = cli.invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output + result.stderr
    return result.stdout.strip()


def _staff_row(tenant_id: uuid.UUID, name: str, status: str, left_on: date | None) -> Staff:
    return Staff(
        tenant_id=tenant_id,
        given_name=name,
        family_name="Leaver",
        email=f"{name.lower()}@school.example",
        status=status,
        left_on=left_on,
    )


def _database(url: str, work: Any) -> Any:
    async def run() -> Any:
        engine = create_engine(DatabaseSettings(url=url))
        try:
            async with engine.connect() as connection:
                return await work(connection)
        finally:
            await engine.dispose()

    return asyncio.run(run())


def _add_staff(url: str, rows: list[Staff]) -> None:
    async def add(connection: Any) -> None:
        from sqlalchemy.ext.asyncio import AsyncSession

        async with AsyncSession(bind=connection, expire_on_commit=False) as session:
            session.add_all(rows)
            await session.commit()
        await connection.commit()

    _database(url, add)


def _statuses(url: str) -> dict[str, str]:
    async def read(connection: Any) -> dict[str, str]:
        rows = await connection.execute(select(Staff.id, Staff.status))
        return {str(staff_id): status for staff_id, status in rows}

    result: dict[str, str] = _database(url, read)
    return result


def test_tenants_get_a_retention_period_of_six_years_unless_told(cli: CliRunner, fresh_database_url: str) -> None:
    default = invoke(cli, "tenants", "create", "Riverside Trust")
    short = invoke(cli, "tenants", "create", "Brookside", "--kind", "school", "--retention-years", "2")
    assert "7 years after leaving" in invoke(cli, "tenants", "set-retention", default, "7")
    refused = cli.invoke(main, ["tenants", "set-retention", default, "0"])
    assert refused.exit_code == 2
    missing = cli.invoke(main, ["tenants", "set-retention", str(uuid.uuid4()), "3"])
    assert missing.exit_code == 1
    assert "no tenant with id" in missing.stderr

    async def read(connection: Any) -> dict[str, int]:
        rows = await connection.execute(select(Tenant.id, Tenant.retention_years))
        return {str(tenant_id): years for tenant_id, years in rows}

    assert _database(fresh_database_url, read) == {default: 7, short: 2}


def test_retention_run_erases_leavers_past_their_tenants_period_and_no_one_else(
    cli: CliRunner, fresh_database_url: str
) -> None:
    six = uuid.UUID(invoke(cli, "tenants", "create", "Six years"))
    two = uuid.UUID(invoke(cli, "tenants", "create", "Two years", "--retention-years", "2"))
    past = _staff_row(six, "Past", "left", date(2024, 3, 31))  # 2024-03-31 + 6 years = 2030-03-31: passed
    inside = _staff_row(six, "Inside", "left", date(2024, 4, 2))  # period ends 2030-04-02
    active = _staff_row(six, "Active", "active", None)
    short = _staff_row(two, "Short", "left", date(2028, 1, 1))  # 2 years: ended 2030-01-01
    _add_staff(fresh_database_url, [past, inside, active, short])
    before = _statuses(fresh_database_url)

    dry = invoke(cli, "retention", "run", "--dry-run", "--today", "2030-04-01").splitlines()
    assert dry[0] == f"{six}\tSix years\twould erase 1 (retention 6 years: left on or before 2024-04-01)"
    assert dry[1] == f"{two}\tTwo years\twould erase 1 (retention 2 years: left on or before 2028-04-01)"
    assert dry[2] == "total: would erase 2 staff in 2 tenants (dry run: nothing changed)"
    assert _statuses(fresh_database_url) == before

    ran = invoke(cli, "retention", "run", "--today", "2030-04-01").splitlines()
    assert ran[-1] == "total: erased 2 staff in 2 tenants"
    after = _statuses(fresh_database_url)
    assert after == before | {str(past.id): "erased", str(short.id): "erased"}
    assert after[str(inside.id)] == "left" and after[str(active.id)] == "active"

    async def names(connection: Any) -> list[str]:
        return list(await connection.scalars(select(Staff.given_name).order_by(Staff.given_name)))

    assert _database(fresh_database_url, names) == ["Active", "Erased", "Erased", "Inside"]
    assert invoke(cli, "retention", "run", "--today", "2030-04-01").splitlines()[-1] == (
        "total: erased 0 staff in 2 tenants"
    )


async def test_a_plugin_failing_to_erase_stops_the_whole_erasure(trust: Trust, privacy_database: str) -> None:
    import types

    from pl_api.plugin import PluginManifest, hookimpl
    from pl_api.plugin_host.host import installed_plugins

    broken = types.ModuleType("broken_plugin")
    broken.manifest = PluginManifest(slug="broken", name="Broken", version="0.1", api=">=1.0,<2")  # type: ignore[attr-defined]

    def erase_staff_data() -> None:
        raise RuntimeError("disk on fire")

    broken.erase_staff_data = hookimpl(erase_staff_data)  # type: ignore[attr-defined]
    plugins = PluginsSettings(enabled=["sample", "broken"], settings={"sample": {}})
    host = PluginHost.load(plugins, environ={}, available={**installed_plugins(), "broken": lambda: broken})
    app = create_app(Settings(database=DatabaseSettings(url=privacy_database), plugins=plugins), host)
    _, staff_id = await trust.staff(given_name="Kept")
    await trust.api.create("/v1/sample/notes", {"staff_id": staff_id, "text": "Still here"})
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        response = await client.post(f"/v1/staff/{staff_id}/erase", headers=trust.api.headers)
    await app.state.engine.dispose()
    if app.state.reads is not None:
        await app.state.reads.close()
    assert response.status_code == 500
    assert "disk on fire" not in response.text
    staff = (await trust.api.get(f"/v1/staff/{staff_id}")).json()
    assert (staff["given_name"], staff["status"]) == ("Kept", "active")
    notes = (await trust.api.get("/v1/sample/notes")).json()["items"]
    assert [n["text"] for n in notes if n["staff_id"] == staff_id] == ["Still here"]
