"""A pytest plugin for testing pl-api plugins (and pl-api itself) against a real, migrated database.

Enable it in your top-level ``conftest.py``::

    pytest_plugins = ["pl_api.testing"]

    @pytest.fixture(scope="module")
    def pl_api_plugins() -> list[str]:
        return ["book_club"]                       # the plugins to enable

    @pytest.fixture(scope="module")
    def pl_api_plugin_settings() -> dict[str, dict[str, object]]:
        return {"book_club": {"book": "Responsive Teaching"}}

Then a test asks for ``pl_api_tenant``: a fresh tenant with an API key of every scope and an
HTTP client on the app, whose database the real migrations (core and plugins) built. The
database is SQLite, or a new PostgreSQL database when ``PL_API_TEST_DATABASE_URL`` is set.
Needs ``pytest-asyncio`` (``pip install pl-api[test]``).
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio
from litestar import Litestar
from sqlalchemy.engine import make_url

from pl_api.app import create_app
from pl_api.config import AuthSettings, DatabaseSettings, PluginsSettings, Settings
from pl_api.db import migrate
from pl_api.domain.identity.tokens import STAFF_SUBJECT, issue_token
from pl_api.domain.tenants.scopes import ALL_SCOPES, CORE_RESOURCES, NAMED_ONLY, NAMED_SCOPES
from pl_api.domain.tenants.service import create_client, create_tenant
from pl_api.plugin_host.host import PluginHost

POSTGRES_URL_VARIABLE = "PL_API_TEST_DATABASE_URL"
TEST_AUTH = AuthSettings(signing_key="test-signing-key-" + "x" * 32)
"""Token settings for tests: a fixed signing key, so no key file is written."""


def postgres_url() -> str | None:
    """The PostgreSQL server tests may create databases on, if configured."""
    return os.environ.get(POSTGRES_URL_VARIABLE) or None


async def _admin_execute(url: str, sql: str) -> None:
    import asyncpg  # type: ignore[import-untyped]

    dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    connection = await asyncpg.connect(dsn)
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


@contextmanager
def empty_database(kind: str, directory: Path) -> Iterator[str]:
    """The URL of a new, empty database of ``kind`` (a SQLite file, or a new PostgreSQL database dropped after)."""
    if kind == "sqlite":
        yield f"sqlite+aiosqlite:///{directory / f'pl-api-{uuid.uuid4().hex[:8]}.db'}"
        return
    base = postgres_url()
    if base is None:
        raise RuntimeError(f"set {POSTGRES_URL_VARIABLE} to test on PostgreSQL")
    name = f"pl_api_test_{uuid.uuid4().hex[:12]}"
    asyncio.run(_admin_execute(base, f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(base).set(database=name).render_as_string(hide_password=False)
    finally:
        asyncio.run(_admin_execute(base, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@dataclass
class TenantClient:
    """A tenant of its own with a credential (an API key, or a user's token), and an HTTP client sending it."""

    tenant_id: uuid.UUID
    key: str
    http: httpx.AsyncClient

    def as_staff(self, app: Litestar, staff_id: uuid.UUID | str) -> TenantClient:
        """A client of the same tenant calling as a staff member, with a token pl-api signed for them."""
        issued = issue_token(app.state.settings.auth, self.tenant_id, f"{STAFF_SUBJECT}{staff_id}", 60)
        return TenantClient(tenant_id=self.tenant_id, key=issued.token, http=self.http)

    @property
    def headers(self) -> dict[str, str]:
        """The ``Authorization`` header."""
        return {"Authorization": f"Bearer {self.key}"}

    async def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        """Any request, authenticated."""
        headers = {**self.headers, **kwargs.pop("headers", {})}
        return await self.http.request(method, url, headers=headers, **kwargs)

    async def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return await self.request("GET", url, **kwargs)

    async def post(self, url: str, **kwargs: Any) -> httpx.Response:
        return await self.request("POST", url, **kwargs)

    async def patch(self, url: str, **kwargs: Any) -> httpx.Response:
        return await self.request("PATCH", url, **kwargs)

    async def put(self, url: str, **kwargs: Any) -> httpx.Response:
        return await self.request("PUT", url, **kwargs)

    async def delete(self, url: str, **kwargs: Any) -> httpx.Response:
        return await self.request("DELETE", url, **kwargs)

    async def create(self, url: str, body: dict[str, Any]) -> dict[str, Any]:
        """POST that must answer 201; returns the created resource."""
        response = await self.post(url, json=body)
        assert response.status_code == 201, response.text
        created: dict[str, Any] = response.json()
        return created


async def new_tenant_client(app: Litestar, http: httpx.AsyncClient, scopes: list[str] | None = None) -> TenantClient:
    """Create a tenant and a client with ``scopes`` directly in the database; by default every scope
    (``*``, and the privacy and ``reports:names`` scopes ``*`` does not cover)."""
    host: PluginHost = app.state.plugin_host
    wanted = scopes or [ALL_SCOPES, *(f"{resource}:write" for resource in sorted(NAMED_ONLY)), *sorted(NAMED_SCOPES)]
    async with app.state.sessions() as session:
        tenant = await create_tenant(session, f"Test trust {uuid.uuid4().hex[:6]}")
        client = await create_client(session, tenant.id, "test client", wanted, [*CORE_RESOURCES, *host.slugs])
    return TenantClient(tenant_id=tenant.id, key=client.key, http=http)


@pytest.fixture(scope="module")
def pl_api_plugins() -> list[str]:
    """Override to enable plugins: their slugs."""
    return []


@pytest.fixture(scope="module")
def pl_api_plugin_settings() -> dict[str, dict[str, Any]]:
    """Override to give plugins settings: ``{slug: {key: value}}``."""
    return {}


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def pl_api_database_kind(request: pytest.FixtureRequest) -> str:
    """Each kind of database a plugin's tests run on: SQLite always, PostgreSQL when
    ``PL_API_TEST_DATABASE_URL`` names a server (otherwise those tests are skipped, saying so)."""
    if request.param == "postgresql" and postgres_url() is None:
        pytest.skip(f"PostgreSQL tests skipped: set {POSTGRES_URL_VARIABLE} to run them")
    return str(request.param)


@pytest.fixture(scope="module")
def pl_api_settings(
    tmp_path_factory: pytest.TempPathFactory,
    pl_api_database_kind: str,
    pl_api_plugins: list[str],
    pl_api_plugin_settings: dict[str, dict[str, Any]],
) -> Iterator[Settings]:
    """Settings for a database the real migrations (core and enabled plugins) built."""
    with empty_database(pl_api_database_kind, tmp_path_factory.mktemp("pl-api")) as url:
        plugins = PluginsSettings(enabled=pl_api_plugins, settings=pl_api_plugin_settings)
        settings = Settings(database=DatabaseSettings(url=url), plugins=plugins, auth=TEST_AUTH)
        migrate.upgrade(settings.database, plugins=PluginHost.load(plugins))
        yield settings


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def pl_api_app(pl_api_settings: Settings) -> AsyncIterator[Litestar]:
    """The app with the chosen plugins; their startup hooks run before the tests, shutdown hooks after."""
    app = create_app(pl_api_settings)
    host: PluginHost = app.state.plugin_host
    await host.react("startup", app=app)
    yield app
    await host.react("shutdown", app=app)
    await app.state.engine.dispose()
    if app.state.reads is not None:
        await app.state.reads.close()


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def pl_api_client(pl_api_app: Litestar) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client on the app, in-process, without credentials."""
    transport = httpx.ASGITransport(app=pl_api_app)  # type: ignore[arg-type]
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


@pytest_asyncio.fixture(loop_scope="session")
async def pl_api_tenant(pl_api_app: Litestar, pl_api_client: httpx.AsyncClient) -> TenantClient:
    """A fresh tenant with a key of every scope; tests isolate themselves by tenant."""
    return await new_tenant_client(pl_api_app, pl_api_client)
