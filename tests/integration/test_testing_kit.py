"""pl_api.testing gives a plugin author an app with chosen plugins, a migrated database and a tenant."""

from __future__ import annotations

from typing import Any

import pytest

from pl_api.testing import TenantClient

pytest.importorskip("pl_api_sample", reason="install tests/plugins/pl_api_sample (dev.py test does)")


@pytest.fixture(scope="module")
def pl_api_plugins() -> list[str]:
    return ["sample"]


@pytest.fixture(scope="module")
def pl_api_plugin_settings() -> dict[str, dict[str, Any]]:
    return {"sample": {"greeting": "kit"}}


async def test_the_kit_runs_the_chosen_plugin(pl_api_tenant: TenantClient) -> None:
    import pl_api_sample

    assert "startup:kit" in pl_api_sample.LIFECYCLE
    staff = await pl_api_tenant.create("/v1/staff", {"given_name": "K", "family_name": "T", "email": "k@t.example"})
    note = await pl_api_tenant.create("/v1/sample/notes", {"staff_id": staff["id"], "text": "A note"})
    assert note["staff_id"] == staff["id"]


async def test_each_test_gets_its_own_tenant(pl_api_tenant: TenantClient) -> None:
    assert (await pl_api_tenant.get("/v1/sample/notes")).json()["items"] == []
