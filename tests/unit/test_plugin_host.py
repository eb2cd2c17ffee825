"""Loading plugins: every way a plugin can be wrong stops start-up with one message naming it and the fix."""

from __future__ import annotations

import logging
import types
import uuid
from datetime import UTC, datetime
from typing import Any

import msgspec
import pytest
from litestar import Controller, get

from pl_api.config import PluginsSettings
from pl_api.domain.activities.kinds import ActivityKindRegistry
from pl_api.plugin import ActivityKind, Event, Permission, PluginManifest, TenantEntity, hookimpl
from pl_api.plugin_host.host import PluginHost, PluginLoadError
from pl_api.plugin_host.wiring import collect


class NeedsToken(msgspec.Struct, forbid_unknown_fields=True):
    token: str
    group_size: int = 8


def plugin_module(slug: str, api: str = ">=1.0,<2", **hooks: Any) -> types.ModuleType:
    """A plugin made in the test: a module with a manifest and the given hook functions."""
    module = types.ModuleType(f"test_plugin_{slug}")
    settings = hooks.pop("settings", None)
    requires = hooks.pop("requires", ())
    module.manifest = PluginManifest(  # type: ignore[attr-defined]
        slug=slug,
        name=slug.title(),
        version="0.1",
        api=api,
        requires=requires,
        **({"settings": settings} if settings else {}),
    )
    for name, function in hooks.items():
        setattr(module, name, hookimpl(function, specname=name) if callable(function) else function)
    return module


def load(
    *modules: types.ModuleType,
    settings: dict[str, dict[str, Any]] | None = None,
    environ: dict[str, str] | None = None,
    enabled: list[str] | None = None,
) -> PluginHost:
    available = {m.manifest.slug: (lambda m=m: m) for m in modules}
    config = PluginsSettings(enabled=enabled or list(available), settings=settings or {})
    return PluginHost.load(config, environ=environ or {}, available=available)


def load_and_collect(*modules: types.ModuleType) -> None:
    collect(load(*modules), ActivityKindRegistry.with_core_kinds())


def test_not_installed() -> None:
    with pytest.raises(PluginLoadError, match=r"plugin 'ghost' is enabled in config but not installed"):
        PluginHost.load(PluginsSettings(enabled=["ghost"]), environ={}, available={})


def test_api_version_out_of_range() -> None:
    with pytest.raises(PluginLoadError, match=r"plugin 'old' 0.1 supports core API >=0.1,<1.0, but this pl-api"):
        load(plugin_module("old", api=">=0.1,<1.0"))


def test_missing_and_invalid_settings() -> None:
    with pytest.raises(PluginLoadError, match=r"plugin 'sso': setting plugins.sso: .*missing required field `token`"):
        load(plugin_module("sso", settings=NeedsToken))
    with pytest.raises(PluginLoadError, match=r"setting plugins.sso.group_size: Expected `int`"):
        load(plugin_module("sso", settings=NeedsToken), settings={"sso": {"token": "t", "group_size": "many"}})
    with pytest.raises(PluginLoadError, match=r"unknown field `colour`"):
        load(plugin_module("sso", settings=NeedsToken), settings={"sso": {"token": "t", "colour": "red"}})


def test_settings_from_file_and_environment() -> None:
    host = load(
        plugin_module("sso", settings=NeedsToken),
        settings={"sso": {"token": "from-file"}},
        environ={"PL_API_PLUGINS_SSO_GROUP_SIZE": "12"},
    )
    assert host.get("sso").settings == NeedsToken(token="from-file", group_size=12)


def test_misspelt_hook() -> None:
    with pytest.raises(PluginLoadError, match=r"plugin 'typo' implements a hook that does not exist.*regster_routes"):
        load(plugin_module("typo", regster_routes=lambda: []))


def test_required_plugin_not_enabled() -> None:
    with pytest.raises(PluginLoadError, match=r"plugin 'child' needs 'parent': add it to \[plugins\] enabled"):
        load(plugin_module("child", requires=("parent",)))


def test_manifest_must_match_entry_point() -> None:
    module = plugin_module("real")
    with pytest.raises(PluginLoadError, match=r"its manifest says slug 'real'"):
        PluginHost.load(PluginsSettings(enabled=["alias"]), environ={}, available={"alias": lambda: module})


def test_duplicate_permission() -> None:
    twice = [Permission("dup.run", "Run"), Permission("dup.run", "Run again")]
    with pytest.raises(PluginLoadError, match=r"plugin 'dup' declares the permission 'dup.run' twice"):
        load_and_collect(plugin_module("dup", register_permissions=lambda: twice))


def test_duplicate_activity_kind() -> None:
    kind = ActivityKind("one.meeting", "Meeting", "", "team")
    with pytest.raises(PluginLoadError, match=r"plugin 'one': activity kind 'one.meeting' is already registered"):
        load_and_collect(plugin_module("one", register_activity_kinds=lambda: [kind, kind]))


def test_names_outside_the_plugins_own_space() -> None:
    kind = ActivityKind("inset_session", "INSET", "", "whole_school")
    with pytest.raises(PluginLoadError, match=r"activity kind 'inset_session': its name must start with 'grab.'"):
        load_and_collect(plugin_module("grab", register_activity_kinds=lambda: [kind]))


def test_table_without_prefix() -> None:
    class Unprefixed(TenantEntity):
        __tablename__ = f"meetings_{uuid.uuid4().hex[:6]}"

    with pytest.raises(PluginLoadError, match=r"plugin 'tables' declares the table 'meetings_.*must be named tables_"):
        load_and_collect(plugin_module("tables", register_models=lambda: [Unprefixed]))


def test_route_outside_prefix() -> None:
    class Escapes(Controller):
        path = "/staff"

        @get("/")
        async def list_all(self) -> None: ...

    with pytest.raises(PluginLoadError, match=r"plugin 'routes' declares the route '/staff' outside its prefix"):
        load_and_collect(plugin_module("routes", register_routes=lambda: [Escapes]))


async def test_failing_event_handler_is_logged_and_others_still_run(caplog: pytest.LogCaptureFixture) -> None:
    seen: list[str] = []

    def explode(event: Event) -> None:
        raise RuntimeError("boom")

    async def record(event: Event) -> None:
        seen.append(event.type)

    host = load(plugin_module("flaky", handle_event=explode), plugin_module("steady", handle_event=record))
    event = Event(
        id=uuid.uuid4(), type="activity.created", tenant_id=uuid.uuid4(), subject_id=None, occurred_at=datetime.now(UTC)
    )
    with caplog.at_level(logging.ERROR, logger="pl_api.plugins"):
        await host.react("handle_event", event=event)
    assert seen == ["activity.created"]
    assert "plugin 'flaky' failed in handle_event" in caplog.text


def test_hooks_receive_only_the_arguments_they_name_and_their_own_settings() -> None:
    class Size(msgspec.Struct):
        size: int = 3

    host = load(
        plugin_module("ab", settings=Size, register_routes=lambda settings: [] if settings.size == 5 else None),
        settings={"ab": {"size": 5}},
    )
    assert [(p.manifest.slug, r) for p, r in host.call("register_routes")] == [("ab", [])]
