"""Defence in depth on PostgreSQL: the API connects as a role that owns nothing, and row-level security
shows each transaction only its tenant's rows, even to raw SQL that forgets to ask for one tenant."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from litestar import Litestar
from sqlalchemy.engine import make_url

from pl_api.app import create_app
from pl_api.config import DatabaseSettings, Settings
from pl_api.db import migrate
from pl_api.db.row_security import TENANT_FINDING_TABLES
from pl_api.testing import TEST_AUTH, _admin_execute, postgres_url
from tests.conftest import TenantClient, new_tenant_client


@dataclass
class Deployment:
    """A database migrated by its owner, and the URL of the role the API connects as."""

    owner_url: str
    app_url: str
    role: str


@pytest.fixture
def app_role(database_kind: str) -> Iterator[str]:
    """A login role of its own (dropped after the test's database is)."""
    if database_kind != "postgresql":
        pytest.skip("row-level security is PostgreSQL's; SQLite has one tenant scope in the data layer only")
    base = postgres_url()
    assert base is not None
    role = f"pl_api_app_{uuid.uuid4().hex[:8]}"
    asyncio.run(_admin_execute(base, f'CREATE ROLE "{role}" LOGIN'))
    yield role
    asyncio.run(_admin_execute(base, f'DROP ROLE IF EXISTS "{role}"'))


@pytest.fixture
def deployment(app_role: str, fresh_database_url: str) -> Deployment:
    """Migrated as production would be: the owner runs the migrations, the API gets a role of its own."""
    app_url = make_url(fresh_database_url).set(username=app_role).render_as_string(hide_password=False)
    migrate.upgrade(DatabaseSettings(url=app_url, migration_url=fresh_database_url))
    return Deployment(fresh_database_url, app_url, app_role)


@pytest.fixture
async def app_as_role(deployment: Deployment) -> AsyncIterator[tuple[Litestar, httpx.AsyncClient]]:
    app = create_app(Settings(database=DatabaseSettings(url=deployment.app_url), auth=TEST_AUTH))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as http:
        yield app, http
    await app.state.engine.dispose()
    await app.state.reads.close()


async def _connect(url: str) -> Any:
    import asyncpg  # type: ignore[import-untyped]

    return await asyncpg.connect(make_url(url).set(drivername="postgresql").render_as_string(hide_password=False))


async def _fill(app: Litestar, api: TenantClient) -> dict[str, str]:
    """A school, a staff member taking part in an activity, and their reflection, made through the API."""
    school = await api.create("/v1/schools", {"name": f"School {api.tenant_id}"})
    staff = await api.create(
        "/v1/staff",
        {
            "given_name": "Ada",
            "family_name": "Lovelace",
            "email": f"ada-{uuid.uuid4().hex[:6]}@school.example",
            "memberships": [{"school_id": school["id"], "roles": ["teacher"]}],
        },
    )
    activity = await api.create(
        "/v1/activities",
        {
            "title": "Questioning INSET",
            "kind": "inset_session",
            "stream": "whole_school",
            "school_id": school["id"],
            "starts_at": "2026-09-01T09:00:00Z",
            "duration_minutes": 90,
        },
    )
    participant = await api.post(f"/v1/activities/{activity['id']}/participants", json={"staff_id": staff["id"]})
    assert participant.status_code == 201, participant.text
    reflection = await api.as_staff(app, staff["id"]).create(
        "/v1/reflections", {"staff_id": staff["id"], "body": "What I learned about wait time."}
    )
    return {"school": school["id"], "staff": staff["id"], "activity": activity["id"], "reflection": reflection["id"]}


async def test_the_api_works_as_a_role_that_owns_nothing(
    deployment: Deployment, app_as_role: tuple[Litestar, httpx.AsyncClient]
) -> None:
    app, http = app_as_role
    ours, theirs = await new_tenant_client(app, http), await new_tenant_client(app, http)
    mine, other = await _fill(app, ours), await _fill(app, theirs)

    assert [s["id"] for s in (await ours.get("/v1/staff")).json()["items"]] == [mine["staff"]]
    record = await ours.as_staff(app, mine["staff"]).get(f"/v1/staff/{mine['staff']}/record")
    assert record.status_code == 200, record.text
    assert (await ours.get(f"/v1/schools/{other['school']}")).status_code == 404
    audit = await ours.get("/v1/audit", params={"subject_id": mine["reflection"]})
    assert [e["action"] for e in audit.json()["items"]] == ["created"]
    feed = await ours.create("/v1/calendar-feeds", {"staff_id": mine["staff"]})  # read with no caller at all
    calendar = await http.get(feed["url"].removeprefix("http://testserver"))
    assert calendar.status_code == 200 and f"UID:{mine['activity']}@pl-api".encode() in calendar.content

    connection = await _connect(deployment.owner_url)
    try:
        owned = await connection.fetchval("SELECT count(*) FROM pg_tables WHERE tableowner = $1", deployment.role)
        superuser = await connection.fetchval(
            "SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = $1", deployment.role
        )
    finally:
        await connection.close()
    assert owned == 0
    assert superuser is False


async def test_raw_sql_sees_only_the_tenant_of_its_transaction(
    deployment: Deployment, app_as_role: tuple[Litestar, httpx.AsyncClient]
) -> None:
    app, http = app_as_role
    ours, theirs = await new_tenant_client(app, http), await new_tenant_client(app, http)
    mine, other = await _fill(app, ours), await _fill(app, theirs)

    connection = await _connect(deployment.app_url)
    try:
        confined = [
            name
            for (name,) in await connection.fetch(
                "SELECT table_name FROM information_schema.columns "
                "WHERE table_schema = current_schema() AND column_name = 'tenant_id'"
            )
            if name not in TENANT_FINDING_TABLES
        ]
        assert {"staff", "schools", "reflections", "participations", "events"} <= set(confined)
        for table in confined:  # no tenant set: nothing at all
            assert await connection.fetchval(f'SELECT count(*) FROM "{table}"') == 0, table

        async with connection.transaction():
            await connection.execute("SELECT set_config('pl_api.tenant_id', $1, true)", str(ours.tenant_id))
            for table in confined:
                tenants = {r[0] for r in await connection.fetch(f'SELECT DISTINCT tenant_id FROM "{table}"')}
                assert tenants <= {ours.tenant_id}, table
            assert await connection.fetchval("SELECT count(*) FROM staff") == 1
            assert (
                await connection.fetchval(
                    "SELECT count(*) FROM reflections WHERE id = $1", uuid.UUID(mine["reflection"])
                )
                == 1
            )
            assert (
                await connection.fetchval(
                    "SELECT count(*) FROM reflections WHERE id = $1", uuid.UUID(other["reflection"])
                )
                == 0
            )
            changed = await connection.execute(
                "UPDATE schools SET name = 'Taken' WHERE tenant_id = $1", theirs.tenant_id
            )
            assert changed == "UPDATE 0"
            deleted = await connection.execute("DELETE FROM staff WHERE id = $1", uuid.UUID(other["staff"]))
            assert deleted == "DELETE 0"

        import asyncpg  # type: ignore[import-untyped]

        with pytest.raises(asyncpg.InsufficientPrivilegeError, match="row-level security"):
            async with connection.transaction():
                await connection.execute("SELECT set_config('pl_api.tenant_id', $1, true)", str(ours.tenant_id))
                await connection.execute(
                    "INSERT INTO schools (id, tenant_id, name, phase, created_at, updated_at, version) "
                    "VALUES ($1, $2, 'Planted', NULL, now(), now(), 1)",
                    uuid.uuid4(),
                    theirs.tenant_id,
                )
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await connection.execute("CREATE TABLE planted (id int)")
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await connection.execute("DROP TABLE staff")
    finally:
        await connection.close()

    response = await theirs.get(f"/v1/schools/{other['school']}")
    assert response.json()["name"] != "Taken"
    assert (await theirs.get(f"/v1/staff/{other['staff']}")).status_code == 200


async def test_the_lean_read_path_is_confined_to_its_tenant(app_as_role: tuple[Litestar, httpx.AsyncClient]) -> None:
    from sqlalchemy import select

    from pl_api.db.reads import ReadStatement
    from pl_api.domain.staff.models import Staff

    app, http = app_as_role
    ours, theirs = await new_tenant_client(app, http), await new_tenant_client(app, http)
    mine, other = await _fill(app, ours), await _fill(app, theirs)
    assert (await ours.get(f"/v1/staff/{mine['staff']}")).json()["id"] == mine["staff"]
    assert (await ours.get(f"/v1/staff/{other['staff']}")).status_code == 404
    every_staff_member = ReadStatement(lambda: select(Staff.__table__.c.id))  # forgets to ask for one tenant
    (rows,) = await app.state.reads.fetch(ours.tenant_id, (every_staff_member, {}))
    assert [str(row["id"]) for row in rows] == [mine["staff"]]
    # Connections keep the tenant they were last set to, and are set again whenever the tenant changes.
    for tenant, expected in [(theirs, other), (theirs, other), (ours, mine), (theirs, other), (ours, mine)]:
        (rows,) = await app.state.reads.fetch(tenant.tenant_id, (every_staff_member, {}))
        assert [str(row["id"]) for row in rows] == [expected["staff"]]
