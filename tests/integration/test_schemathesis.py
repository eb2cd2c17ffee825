"""Schemathesis over the whole API as this repository configures it (the core and every first-party
plugin), in-process, with its default checks: zero failures allowed."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from pl_api.app import create_app
from pl_api.config import DatabaseSettings, HttpSettings, Settings, load_settings
from pl_api.db import migrate
from pl_api.db.engine import create_engine, create_session_factory
from pl_api.domain.tenants.scopes import CORE_RESOURCES
from pl_api.domain.tenants.service import create_client, create_tenant
from pl_api.plugin_host.host import PluginHost
from pl_api.testing import TEST_AUTH, empty_database

MAX_EXAMPLES = 15
ROOT = Path(__file__).resolve().parents[2]
CONFIGURED = load_settings(config_file=ROOT / "pl-api.toml", environ={})
"""The settings of this repository's pl-api.toml: which first-party plugins run."""

CONFIG = SchemathesisConfig.from_path(ROOT / "schemathesis.toml")
schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(CONFIGURED), config=CONFIG)
FUZZED_TENANT: dict[str, str] = {}
"""The API key of the tenant the current run fuzzes (one per kind of database)."""


@schema.auth(refresh_interval=None)
class TenantKey:
    """Sends the fuzzed tenant's key, except on cases that leave credentials out on purpose (negative
    tests of authentication), which must then be refused."""

    def get(self, case: Any, context: Any) -> str | None:
        return FUZZED_TENANT.get("key")

    def set(self, case: Any, data: str, context: Any) -> None:
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}


async def _tenant_key(url: str, plugins: list[str]) -> str:
    engine = create_engine(DatabaseSettings(url=url, pooling=False))
    try:
        async with create_session_factory(engine)() as session:
            tenant = await create_tenant(session, "Schemathesis trust")
            return (await create_client(session, tenant.id, "schemathesis", None, [*CORE_RESOURCES, *plugins])).key
    finally:
        await engine.dispose()


@pytest.fixture(scope="module")
def fuzz_target(database_kind: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The configured app on a database of its own, migrated with its plugins, without a connection pool
    (Schemathesis calls it from fresh event loops)."""
    with empty_database(database_kind, tmp_path_factory.mktemp("fuzz")) as url:
        settings = Settings(
            database=DatabaseSettings(url=url, pooling=False),
            http=HttpSettings(rate_limit_per_minute=0),
            plugins=CONFIGURED.plugins,
            auth=TEST_AUTH,
        )
        host = PluginHost.load(settings.plugins, environ={})
        migrate.upgrade(settings.database, plugins=host)
        app = create_app(settings, host)
        FUZZED_TENANT["key"] = asyncio.run(_tenant_key(url, host.slugs))
        yield app
        asyncio.run(app.state.engine.dispose())
        if app.state.reads is not None:
            asyncio.run(app.state.reads.close())


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema(case: Any, fuzz_target: Any) -> None:
    case.call_and_validate(app=fuzz_target)
