"""Finding, checking and calling the plugins that config enables.

Only the plugins named in ``[plugins] enabled`` are imported. Anything wrong with one —
not installed, an API version it does not support, invalid settings, a misspelt hook, a
duplicate, a table or route outside its prefix, a plugin it needs that is not enabled —
stops start-up with a ``PluginLoadError``: one line naming the plugin and the fix.
"""

from __future__ import annotations

import inspect
import logging
import os
from collections.abc import Callable, Iterable, Mapping
from importlib.metadata import entry_points
from typing import Any

import msgspec
import pluggy
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import Version

from pl_api import API_VERSION
from pl_api.config import PluginsSettings
from pl_api.plugin_host import hookspecs
from pl_api.plugin_host.events import Event
from pl_api.plugin_host.markers import PROJECT
from pl_api.plugin_host.types import SLUG_PATTERN, LoadedPlugin, PluginManifest

ENTRY_POINT_GROUP = "pl_api.plugins"
logger = logging.getLogger("pl_api.plugins")


class PluginLoadError(Exception):
    """A plugin cannot be loaded; the message names it and says how to fix it."""


class PluginErasureError(Exception):
    """A plugin failed to erase a staff member's data; the message names it."""


def installed_plugins() -> dict[str, Callable[[], Any]]:
    """Every plugin installed in this environment: entry-point name -> loader of its module.

    Two distributions claiming one slug make that slug's loader fail, naming both.
    """
    found: dict[str, list[Any]] = {}
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        found.setdefault(ep.name, []).append(ep)
    loaders: dict[str, Callable[[], Any]] = {}
    for name, eps in found.items():
        if len(eps) == 1:
            loaders[name] = eps[0].load
        else:
            owners = ", ".join(sorted(str(getattr(ep.dist, "name", ep.value)) for ep in eps))
            loaders[name] = _refuse(f"plugin {name!r} is installed more than once ({owners}): uninstall all but one")
    return loaders


def _refuse(message: str) -> Callable[[], Any]:
    def load() -> Any:
        raise PluginLoadError(message)

    return load


class PluginHost:
    """The enabled plugins, loaded and checked, and the one way the core calls their hooks."""

    def __init__(self, plugins: list[LoadedPlugin], manager: pluggy.PluginManager) -> None:
        self.plugins = plugins
        self.manager = manager
        self._by_slug = {p.manifest.slug: p for p in plugins}

    @classmethod
    def empty(cls) -> PluginHost:
        """A host with no plugins."""
        return cls([], _manager())

    @classmethod
    def load(
        cls,
        config: PluginsSettings,
        environ: Mapping[str, str] | None = None,
        available: Mapping[str, Callable[[], Any]] | None = None,
    ) -> PluginHost:
        """Import and check the enabled plugins, in the order config lists them."""
        environ = os.environ if environ is None else environ
        available = installed_plugins() if available is None else available
        manager = _manager()
        plugins: list[LoadedPlugin] = []
        enabled = list(dict.fromkeys(config.enabled))
        for slug in enabled:
            if slug not in available:
                raise PluginLoadError(
                    f"plugin {slug!r} is enabled in config but not installed: install its package "
                    f"(it registers the entry point group {ENTRY_POINT_GROUP!r}) or remove it from [plugins] enabled"
                )
            try:
                module = available[slug]()
            except PluginLoadError:
                raise
            except Exception as exc:
                raise PluginLoadError(f"plugin {slug!r} failed to import: {exc}") from exc
            manifest = _manifest_of(slug, module)
            _check_api(manifest)
            settings = _settings_of(manifest, config.settings.get(slug, {}), environ)
            try:
                manager.register(module, name=slug)
            except ValueError as exc:
                raise PluginLoadError(f"plugin {slug!r} is registered twice: {exc}") from exc
            plugins.append(LoadedPlugin(manifest=manifest, module=module, settings=settings))
        for plugin in plugins:
            missing = [r for r in plugin.manifest.requires if r not in enabled]
            if missing:
                raise PluginLoadError(
                    f"plugin {plugin.manifest.slug!r} needs {', '.join(repr(m) for m in missing)}: "
                    f"add it to [plugins] enabled"
                )
        try:
            manager.check_pending()
        except pluggy.PluginValidationError as exc:
            raise PluginLoadError(
                f"plugin {manager.get_name(exc.plugin)!r} implements a hook that does not exist ({exc}); "
                "check its spelling against docs/plugins.md"
            ) from exc
        for slug in config.settings:
            if slug not in enabled:
                logger.warning("settings under [plugins.%s] are ignored: the plugin is not enabled", slug)
        return cls(plugins, manager)

    @property
    def slugs(self) -> list[str]:
        """The enabled plugins' slugs, in load order."""
        return [p.manifest.slug for p in self.plugins]

    def get(self, slug: str) -> LoadedPlugin:
        """One enabled plugin."""
        return self._by_slug[slug]

    def call(self, hook: str, **kwargs: Any) -> list[tuple[LoadedPlugin, Any]]:
        """Call a hook on every plugin implementing it, each with its own ``settings``; exceptions propagate."""
        results = []
        for impl in getattr(self.manager.hook, hook).get_hookimpls():
            plugin = self._by_slug[impl.plugin_name]
            arguments = {**kwargs, "settings": plugin.settings}
            results.append((plugin, impl.function(**{name: arguments[name] for name in impl.argnames})))
        return results

    def declarations(self, hook: str) -> list[tuple[LoadedPlugin, Any]]:
        """Each plugin's answer to a ``register_*`` hook, as a list; a failure stops start-up naming the plugin."""
        try:
            answers = self.call(hook)
        except Exception as exc:
            raise PluginLoadError(f"a plugin failed in {hook}: {exc}") from exc
        declared: list[tuple[LoadedPlugin, Any]] = []
        for plugin, answer in answers:
            if answer is None:
                continue
            if not isinstance(answer, Iterable) or isinstance(answer, str | bytes):
                raise PluginLoadError(f"plugin {plugin.manifest.slug!r}: {hook} must return a list")
            declared.extend((plugin, item) for item in answer)
        return declared

    async def react(self, hook: str, **kwargs: Any) -> list[tuple[LoadedPlugin, Any]]:
        """Call a runtime hook, awaiting coroutine results; a plugin's failure is logged and skipped."""
        results = []
        for impl in getattr(self.manager.hook, hook).get_hookimpls():
            plugin = self._by_slug[impl.plugin_name]
            arguments = {**kwargs, "settings": plugin.settings}
            try:
                result = impl.function(**{name: arguments[name] for name in impl.argnames})
                if inspect.isawaitable(result):
                    result = await result
            except Exception:
                logger.exception("plugin %r failed in %s; carrying on without it", plugin.manifest.slug, hook)
                continue
            results.append((plugin, result))
        return results

    async def export_sections(self, session: Any, tenant_id: Any, staff_id: Any) -> dict[str, Any]:
        """Each plugin's part of a staff member's data export, by slug (for the export operation)."""
        sections = await self.react("export_staff_data", session=session, tenant_id=tenant_id, staff_id=staff_id)
        return {plugin.manifest.slug: data for plugin, data in sections if data is not None}

    async def erase_staff_data(self, session: Any, tenant_id: Any, staff_id: Any) -> dict[str, int]:
        """Have every plugin erase its rows about a staff member, in the caller's transaction: how many rows
        each changed, by slug. A plugin's failure propagates (an erasure must not half-happen)."""
        counts: dict[str, int] = {}
        for impl in self.manager.hook.erase_staff_data.get_hookimpls():
            plugin = self._by_slug[impl.plugin_name]
            arguments = {"session": session, "tenant_id": tenant_id, "staff_id": staff_id, "settings": plugin.settings}
            try:
                result = impl.function(**{name: arguments[name] for name in impl.argnames})
                if inspect.isawaitable(result):
                    result = await result
            except Exception as exc:
                raise PluginErasureError(f"plugin {plugin.manifest.slug!r} failed to erase its data: {exc}") from exc
            counts[plugin.manifest.slug] = result if isinstance(result, int) else 0
        return counts

    async def deliver(self, records: list[Any]) -> None:
        """Hand committed events (outbox rows) to every plugin's ``handle_event``, one by one."""
        for record in records:
            event = Event(
                id=record.id,
                type=record.type,
                tenant_id=record.tenant_id,
                subject_id=record.subject_id,
                occurred_at=record.occurred_at,
                data=dict(record.data or {}),
            )
            await self.react("handle_event", event=event)


def _manager() -> pluggy.PluginManager:
    manager = pluggy.PluginManager(PROJECT)
    manager.add_hookspecs(hookspecs)
    return manager


def _manifest_of(slug: str, module: Any) -> PluginManifest:
    manifest = getattr(module, "manifest", None)
    if not isinstance(manifest, PluginManifest):
        raise PluginLoadError(
            f"plugin {slug!r} has no manifest: its module must define `manifest = PluginManifest(...)`"
        )
    if manifest.slug != slug:
        raise PluginLoadError(
            f"plugin {slug!r}: its manifest says slug {manifest.slug!r}; the entry point name and slug must agree"
        )
    if not SLUG_PATTERN.match(slug):
        raise PluginLoadError(f"plugin {slug!r}: a slug must match {SLUG_PATTERN.pattern}")
    return manifest


def _check_api(manifest: PluginManifest) -> None:
    try:
        supported = SpecifierSet(manifest.api)
    except InvalidSpecifier as exc:
        raise PluginLoadError(
            f"plugin {manifest.slug!r}: api {manifest.api!r} is not a version range such as '>=1.0,<2'"
        ) from exc
    if Version(API_VERSION) not in supported:
        raise PluginLoadError(
            f"plugin {manifest.slug!r} {manifest.version} supports core API {manifest.api}, but this pl-api "
            f"provides {API_VERSION}: install a version of the plugin made for it"
        )


def _settings_of(manifest: PluginManifest, raw: Mapping[str, Any], environ: Mapping[str, str]) -> msgspec.Struct:
    """Decode ``[plugins.<slug>]`` overlaid by ``PL_API_PLUGINS_<SLUG>_<KEY>`` into the plugin's settings type."""
    values = dict(raw)
    for field in msgspec.structs.fields(manifest.settings):
        variable = f"PL_API_PLUGINS_{manifest.slug}_{field.name}".upper()
        if variable in environ:
            values[field.name] = environ[variable]
    try:
        return msgspec.convert(values, manifest.settings, strict=False)
    except msgspec.ValidationError as exc:
        message, found, location = str(exc).rpartition(" - at `")
        if not found:
            message, location = str(exc), ""
        where = location.rstrip("`").removeprefix("$").lstrip(".")
        key = f"plugins.{manifest.slug}.{where}" if where else f"plugins.{manifest.slug}"
        raise PluginLoadError(
            f"plugin {manifest.slug!r}: setting {key}: {message or exc}; fix it in [plugins.{manifest.slug}] "
            f"or PL_API_PLUGINS_{manifest.slug.upper()}_<KEY>"
        ) from exc
