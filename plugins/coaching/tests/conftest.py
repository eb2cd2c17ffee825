"""The coaching plugin's tests: each module runs on SQLite, and on PostgreSQL when configured
(``pl_api.testing`` is enabled by plugins/conftest.py)."""

from __future__ import annotations

import pytest
from litestar import Litestar

pytest.register_assert_rewrite("coaching_helpers")  # imported below, asserts reported in full

from coaching_helpers import CSV_LIBRARY, World  # noqa: E402

from pl_api.testing import TenantClient  # noqa: E402


@pytest.fixture(scope="module")
def pl_api_plugins() -> list[str]:
    return ["coaching"]


@pytest.fixture
async def world(pl_api_app: Litestar, pl_api_tenant: TenantClient) -> World:
    api = pl_api_tenant
    school = await api.create("/v1/schools", {"name": "Ashgrove"})
    framework = await api.create("/v1/frameworks", {"name": "Teaching standards"})
    elements = [
        (await api.create(f"/v1/frameworks/{framework['id']}/elements", {"code": c, "title": t}))["id"]
        for c, t in (("1", "High expectations"), ("7", "Manage behaviour"))
    ]
    world = World(pl_api_app, api, school["id"], elements, {}, {}, {})
    await world.person("lead", ["pd_lead"])
    await world.person("coach", ["coach", "teacher"])
    await world.person("other_coach", ["coach", "teacher"])
    await world.person("coachee", ["teacher"])
    await world.person("other_coachee", ["teacher"])
    csv = CSV_LIBRARY.format(e1=elements[0], e2=elements[1])
    body = {"name": "Get Better Faster", "edition": 1, "school_id": school["id"], "csv": csv}
    world.library = await world.clients["lead"].create("/v1/coaching/libraries/csv", body)
    return world
