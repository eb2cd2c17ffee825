"""The lesson study plugin's tests: each module runs on SQLite, and on PostgreSQL when configured."""

from __future__ import annotations

import pytest
from litestar import Litestar

pytest.register_assert_rewrite("lesson_study_helpers")

from lesson_study_helpers import KEY, World  # noqa: E402

from pl_api.testing import TenantClient  # noqa: E402


@pytest.fixture(scope="module")
def pl_api_plugins() -> list[str]:
    return ["lesson_study"]


@pytest.fixture(scope="module")
def pl_api_plugin_settings() -> dict[str, dict[str, object]]:
    return {"lesson_study": {"mis_reference_key": KEY}}


@pytest.fixture
async def world(pl_api_app: Litestar, pl_api_tenant: TenantClient) -> World:
    api = pl_api_tenant
    school = await api.create("/v1/schools", {"name": "Ashgrove"})
    world = World(pl_api_app, api, school["id"], {}, {})
    await world.person("lead", ["pd_lead"])
    for name in ("ana", "ben", "cat", "outsider"):
        await world.person(name, ["teacher"])
    await world.person("coach", ["coach", "teacher"])
    return world
