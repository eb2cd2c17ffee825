"""Fixtures: a database built by the real migrations (SQLite always, PostgreSQL when configured),
the app in-process, and a fresh tenant with an API key per test."""

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
from litestar import Litestar
from sqlalchemy.engine import make_url

from pl_api.app import create_app
from pl_api.config import DatabaseSettings, Settings
from pl_api.db import migrate
from pl_api.domain.tenants.service import create_client, create_tenant

POSTGRES_URL_VARIABLE = "PL_API_TEST_DATABASE_URL"


def _postgres_url() -> str | None:
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
    """The URL of a new, empty database of ``kind`` (a SQLite file, or a new PostgreSQL database)."""
    if kind == "sqlite":
        yield f"sqlite+aiosqlite:///{directory / f'pl-api-{uuid.uuid4().hex[:8]}.db'}"
        return
    base = _postgres_url()
    assert base is not None
    name = f"pl_api_test_{uuid.uuid4().hex[:12]}"
    asyncio.run(_admin_execute(base, f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(base).set(database=name).render_as_string(hide_password=False)
    finally:
        asyncio.run(_admin_execute(base, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_kind(request: pytest.FixtureRequest) -> str:
    """Each kind of database the suite runs on: SQLite always, PostgreSQL when configured."""
    if request.param == "postgresql" and _postgres_url() is None:
        pytest.skip(f"PostgreSQL tests skipped: set {POSTGRES_URL_VARIABLE} to run them")
    return str(request.param)


@pytest.fixture(scope="session")
def database_url(database_kind: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The suite's shared database of each kind (tests isolate themselves by tenant)."""
    with empty_database(database_kind, tmp_path_factory.mktemp("db")) as url:
        yield url


@pytest.fixture
def fresh_database_url(database_kind: str, tmp_path: Path) -> Iterator[str]:
    """A database of its own for one test, for tests that migrate up and down."""
    with empty_database(database_kind, tmp_path) as url:
        yield url


@pytest.fixture(scope="session")
def migrated_settings(database_url: str) -> Settings:
    """Settings for a database that the core's migrations have brought to head."""
    settings = Settings(database=DatabaseSettings(url=database_url))
    migrate.upgrade(settings.database)
    return settings


@pytest.fixture(scope="session")
def app(migrated_settings: Settings) -> Litestar:
    """The application, in-process."""
    return create_app(migrated_settings)


@pytest.fixture(scope="session")
async def http(app: Litestar) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client talking to the app in-process (on the tests' event loop), without credentials."""
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as client:
        yield client
    await app.state.engine.dispose()


@dataclass
class TenantClient:
    """A tenant of its own and an API client of it: each test gets one, so tests never see each other's data."""

    tenant_id: uuid.UUID
    key: str
    http: httpx.AsyncClient

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.key}"}

    async def request(self, method: str, url: str, **kwargs: Any) -> Any:
        headers = {**self.headers, **kwargs.pop("headers", {})}
        return await self.http.request(method, url, headers=headers, **kwargs)

    async def get(self, url: str, **kwargs: Any) -> Any:
        return await self.request("GET", url, **kwargs)

    async def post(self, url: str, **kwargs: Any) -> Any:
        return await self.request("POST", url, **kwargs)

    async def patch(self, url: str, **kwargs: Any) -> Any:
        return await self.request("PATCH", url, **kwargs)

    async def put(self, url: str, **kwargs: Any) -> Any:
        return await self.request("PUT", url, **kwargs)

    async def delete(self, url: str, **kwargs: Any) -> Any:
        return await self.request("DELETE", url, **kwargs)

    async def create(self, url: str, body: dict[str, Any]) -> dict[str, Any]:
        """POST that must succeed with 201; returns the created resource."""
        response = await self.post(url, json=body)
        assert response.status_code == 201, response.text
        result: dict[str, Any] = response.json()
        return result


async def new_tenant_client(app: Litestar, http: httpx.AsyncClient, scopes: list[str] | None = None) -> TenantClient:
    """Create a tenant and a client with ``scopes`` (everything by default) directly in the database."""
    async with app.state.sessions() as session:
        tenant = await create_tenant(session, f"Test trust {uuid.uuid4().hex[:6]}")
        client = await create_client(session, tenant.id, "test client", scopes)
    return TenantClient(tenant_id=tenant.id, key=client.key, http=http)


@pytest.fixture
async def api(app: Litestar, http: httpx.AsyncClient) -> TenantClient:
    """A fresh tenant and a client with every scope."""
    return await new_tenant_client(app, http)


@pytest.fixture
async def other_api(app: Litestar, http: httpx.AsyncClient) -> TenantClient:
    """A second, unrelated tenant: its ids must be invisible to ``api``."""
    return await new_tenant_client(app, http)
