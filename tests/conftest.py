"""Fixtures: a database built by the real migrations (SQLite always, PostgreSQL when configured),
the app in-process, and a fresh tenant with an API key per test."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from litestar import Litestar

from pl_api.app import create_app
from pl_api.config import DatabaseSettings, Settings
from pl_api.db import migrate

pytest.register_assert_rewrite("pl_api.testing")  # it is a pytest plugin, and this file imports it

from pl_api.testing import (  # noqa: E402
    POSTGRES_URL_VARIABLE,
    TEST_AUTH,
    TenantClient,
    empty_database,
    new_tenant_client,
    postgres_url,
)

pytest_plugins = ["pl_api.testing"]

__all__ = ["TenantClient", "new_tenant_client"]


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_kind(request: pytest.FixtureRequest) -> str:
    """Each kind of database the suite runs on: SQLite always, PostgreSQL when configured."""
    if request.param == "postgresql" and postgres_url() is None:
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
    settings = Settings(database=DatabaseSettings(url=database_url), auth=TEST_AUTH)
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


@pytest.fixture
async def api(app: Litestar, http: httpx.AsyncClient) -> TenantClient:
    """A fresh tenant and a client with every scope."""
    return await new_tenant_client(app, http)


@pytest.fixture
async def other_api(app: Litestar, http: httpx.AsyncClient) -> TenantClient:
    """A second, unrelated tenant: its ids must be invisible to ``api``."""
    return await new_tenant_client(app, http)
