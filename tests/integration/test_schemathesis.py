"""Schemathesis over the whole API, in-process, with its default checks: zero failures allowed."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from pl_api.app import create_app
from pl_api.config import DatabaseSettings, HttpSettings, Settings
from pl_api.db.engine import create_engine, create_session_factory
from pl_api.domain.tenants.service import create_client, create_tenant

MAX_EXAMPLES = 25


async def _tenant_key(url: str) -> str:
    engine = create_engine(DatabaseSettings(url=url, pooling=False))
    try:
        async with create_session_factory(engine)() as session:
            tenant = await create_tenant(session, "Schemathesis trust")
            return (await create_client(session, tenant.id, "schemathesis")).key
    finally:
        await engine.dispose()


@pytest.fixture(scope="module")
def fuzz_target(migrated_settings: Settings) -> tuple[Any, str]:
    """The app on the suite's database without a connection pool (Schemathesis calls it from fresh event loops)."""
    url = migrated_settings.database.url
    settings = Settings(database=DatabaseSettings(url=url, pooling=False), http=HttpSettings(rate_limit_per_minute=0))
    app = create_app(settings)
    FUZZED_TENANT["key"] = asyncio.run(_tenant_key(url))
    return app, FUZZED_TENANT["key"]


# The schema is read from an app built with default settings; each call goes to the app under test.
CONFIG = SchemathesisConfig.from_path(Path(__file__).resolve().parents[2] / "schemathesis.toml")
schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(Settings()), config=CONFIG)
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


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema(case: Any, fuzz_target: tuple[Any, str]) -> None:
    app, _ = fuzz_target
    case.call_and_validate(app=app)
