"""Schemathesis over the plugin's routes, in-process, with its default checks: zero failures allowed."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from pl_api.app import create_app
from pl_api.config import DatabaseSettings, HttpSettings, PluginsSettings, Settings
from pl_api.db.engine import create_engine, create_session_factory
from pl_api.domain.tenants.service import create_client, create_tenant

MAX_EXAMPLES = 10
PLUGINS = PluginsSettings(enabled=["tlc"])
ROOT = Path(__file__).resolve().parents[3]


async def _tenant_key(url: str) -> str:
    engine = create_engine(DatabaseSettings(url=url, pooling=False))
    try:
        async with create_session_factory(engine)() as session:
            tenant = await create_tenant(session, "Schemathesis trust")
            return (await create_client(session, tenant.id, "schemathesis", None, ["tlc"])).key
    finally:
        await engine.dispose()


@pytest.fixture(scope="module")
def fuzz_target(pl_api_settings: Settings) -> tuple[Any, str]:
    """The app on the plugin's test database without a pool (Schemathesis calls it from fresh event loops)."""
    url = pl_api_settings.database.url
    app = create_app(
        Settings(
            database=DatabaseSettings(url=url, pooling=False),
            http=HttpSettings(rate_limit_per_minute=0),
            plugins=PLUGINS,
            auth=pl_api_settings.auth,
        )
    )
    return app, asyncio.run(_tenant_key(url))


CONFIG = SchemathesisConfig.from_path(ROOT / "schemathesis.toml")
schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(Settings(plugins=PLUGINS)), config=CONFIG)


@schema.include(path_regex="^/v1/tlc/").parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_tlc_routes_conform_to_their_schema(case: Any, fuzz_target: tuple[Any, str]) -> None:
    app, key = fuzz_target
    case.call_and_validate(app=app, headers={"Authorization": f"Bearer {key}"})
