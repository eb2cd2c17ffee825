"""The plugin as the host sees it: settings checked at start-up, declarations, tables, other tenants."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from coaching_helpers import World, coached
from litestar import Litestar
from sqlalchemy import inspect

from pl_api.config import DatabaseSettings, PluginsSettings, Settings
from pl_api.db import migrate
from pl_api.db.engine import create_engine
from pl_api.plugin import Base, PluginLoadError
from pl_api.plugin_host.host import PluginHost
from pl_api.testing import TenantClient, new_tenant_client


@pytest.mark.parametrize(
    ("settings", "says"),
    [
        ({"max_active_steps": 0}, "max_active_steps"),
        ({"default_cadence_days": 400}, "default_cadence_days"),
        ({"weekly": True}, "weekly"),
    ],
)
def test_invalid_settings_stop_start_up(settings: dict[str, Any], says: str) -> None:
    with pytest.raises(PluginLoadError, match=says):
        PluginHost.load(PluginsSettings(enabled=["coaching"], settings={"coaching": settings}))


def test_defaults_follow_the_issue() -> None:
    host = PluginHost.load(PluginsSettings(enabled=["coaching"]))
    settings = host.get("coaching").settings
    assert (settings.default_cadence_days, settings.max_active_steps, settings.alert_overdue_follow_ups) == (7, 1, True)


async def test_kinds_events_and_permissions_are_declared(pl_api_app: Litestar, pl_api_tenant: TenantClient) -> None:
    kinds = (await pl_api_tenant.get("/v1/activity-kinds")).json()["items"]
    coaching = {k["slug"]: k["default_stream"] for k in kinds if k["slug"].startswith("coaching.")}
    assert coaching == {"coaching.drop_in": "individual", "coaching.feedback_meeting": "individual"}
    roles = pl_api_app.state.role_permissions
    assert roles.roles_with("coaching.fidelity") == ["pd_lead", "school_leader", "trust_admin"]
    assert roles.roles_with("coaching.shared") == ["pd_lead", "school_leader", "trust_admin"]
    assert "coaching.manage" not in roles.by_role["coach"]


async def test_another_tenant_sees_none_of_it(world: World, pl_api_app: Litestar, pl_api_client: Any) -> None:
    ids = await coached(world)
    other = await new_tenant_client(pl_api_app, pl_api_client)
    for url in (
        ids["base"],
        f"{ids['base']}/drop-ins",
        f"{ids['base']}/meetings",
        f"{ids['base']}/assignments",
        f"/v1/coaching/drop-ins/{ids['drop_in']}",
        f"/v1/coaching/meetings/{ids['meeting']}",
        f"/v1/coaching/assignments/{ids['step']}",
        f"/v1/coaching/libraries/{world.library['id']}",
        f"/v1/coaching/libraries/{world.library['id']}/export",
    ):
        assert (await other.get(url)).status_code == 404, url
    for method, url, body in (
        ("POST", f"{ids['base']}/transitions", {"to": "paused"}),
        ("PATCH", ids["base"], {"cadence_days": 14}),
        ("POST", f"{ids['base']}/drop-ins", {"observed_at": "2026-09-08T09:00:00Z", "minutes": 5}),
        ("POST", f"/v1/coaching/assignments/{ids['step']}/transitions", {"to": "paused"}),
        ("DELETE", f"/v1/coaching/libraries/{world.library['id']}", None),
    ):
        response = await other.request(method, url, **({"json": body} if body is not None else {}))
        assert response.status_code == 404, (url, response.text)
    relationship = {
        "school_id": world.school_id,
        "coach_staff_id": world.staff["coach"],
        "coachee_staff_id": world.staff["coachee"],
        "starts_on": "2026-09-07",
    }
    assert (await other.post("/v1/coaching/relationships", json=relationship)).status_code == 422
    assert (await other.get("/v1/coaching/fidelity")).json()["coaches"] == []


def _inspect(url: str, fn: Any) -> Any:
    async def main() -> Any:
        engine = create_engine(DatabaseSettings(url=url))
        try:
            async with engine.connect() as connection:
                return await connection.run_sync(fn)
        finally:
            await engine.dispose()

    return asyncio.run(main())


def test_migrations_build_the_models_and_go_down_and_up(pl_api_settings: Settings) -> None:
    url = pl_api_settings.database.url
    plugins = PluginHost.load(pl_api_settings.plugins)

    def only_coaching(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
        table = obj if type_ == "table" else getattr(obj, "table", None)
        return str(getattr(table, "name", name) or "").startswith("coaching_")

    def diff(conn: Any) -> Any:
        context = MigrationContext.configure(conn, opts={"compare_type": True, "include_object": only_coaching})
        return compare_metadata(context, Base.metadata)

    assert _inspect(url, diff) == []
    migrate.downgrade(pl_api_settings.database, "base", plugins, "coaching")
    tables = set(_inspect(url, lambda conn: inspect(conn).get_table_names()))
    assert not {t for t in tables if t.startswith("coaching_")}
    migrate.upgrade(pl_api_settings.database, plugins=plugins)
    tables = set(_inspect(url, lambda conn: inspect(conn).get_table_names()))
    assert {t.name for t in Base.metadata.tables.values() if t.name.startswith("coaching_")} <= tables
