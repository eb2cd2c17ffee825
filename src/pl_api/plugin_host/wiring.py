"""Turning what plugins declare into parts of the app: routers, activity kinds, permissions, scopes."""

from __future__ import annotations

import inspect
from dataclasses import dataclass, field

from litestar import Controller, Router
from litestar.handlers import BaseRouteHandler
from litestar.types import ControllerRouterHandler

from pl_api.domain.activities.kinds import ActivityKind, ActivityKindRegistry
from pl_api.domain.identity.roles import ROLES, RolePermissions
from pl_api.plugin_host.controller import school_switch_guard
from pl_api.plugin_host.host import PluginHost, PluginLoadError
from pl_api.plugin_host.types import EventType, LoadedPlugin, Permission


@dataclass
class PluginDeclarations:
    """Everything the enabled plugins declared, checked."""

    routers: list[Router] = field(default_factory=list)
    permissions: dict[str, Permission] = field(default_factory=dict)
    event_types: dict[str, EventType] = field(default_factory=dict)
    tables: dict[str, str] = field(default_factory=dict)
    """Table name -> slug of the plugin that owns it."""

    def role_permissions(self) -> RolePermissions:
        """The core's roles and permissions with those of the plugins added."""
        return RolePermissions((p.name, p.description, p.roles) for p in self.permissions.values())


def _paths_of(handler: ControllerRouterHandler) -> list[str]:
    if inspect.isclass(handler) and issubclass(handler, Controller):
        return [str(getattr(handler, "path", "") or "/")]
    if isinstance(handler, Router):
        return [handler.path]
    if isinstance(handler, BaseRouteHandler):
        return sorted(handler.paths)
    raise TypeError(f"not a route handler: {handler!r}")


def _check_route(plugin: LoadedPlugin, handler: ControllerRouterHandler) -> None:
    prefix = plugin.manifest.route_prefix.removeprefix("/v1")
    for path in _paths_of(handler):
        if path != prefix and not path.startswith(prefix + "/"):
            raise PluginLoadError(
                f"plugin {plugin.manifest.slug!r} declares the route {path!r} outside its prefix: "
                f"its paths must start with {prefix!r} (mounted at {plugin.manifest.route_prefix})"
            )


def default_permissions(slug: str) -> list[Permission]:
    """What every plugin's routes ask of users unless the plugin declares these itself."""
    return [
        Permission(f"{slug}.read", f"Use the {slug} plugin's data (read).", ROLES),
        Permission(f"{slug}.write", f"Change the {slug} plugin's data.", ("pd_lead", "school_leader", "trust_admin")),
    ]


def collect(host: PluginHost, kinds: ActivityKindRegistry) -> PluginDeclarations:
    """Check and gather the plugins' declarations, registering their activity kinds in ``kinds``."""
    result = PluginDeclarations()
    routes: dict[str, list[ControllerRouterHandler]] = {}
    for plugin, handler in host.declarations("register_routes"):
        _check_route(plugin, handler)
        routes.setdefault(plugin.manifest.slug, []).append(handler)
    for slug, handlers in routes.items():
        result.routers.append(
            Router(
                path="/",
                route_handlers=handlers,
                tags=[slug],
                opt={"resource": slug},
                guards=[school_switch_guard(slug)],
            )
        )

    for plugin, model in host.declarations("register_models"):
        table = getattr(model, "__tablename__", None) or getattr(getattr(model, "__table__", None), "name", "?")
        if not str(table).startswith(plugin.manifest.table_prefix):
            raise PluginLoadError(
                f"plugin {plugin.manifest.slug!r} declares the table {table!r}: "
                f"its tables must be named {plugin.manifest.table_prefix}<name>"
            )
        result.tables[str(table)] = plugin.manifest.slug

    for plugin, permission in host.declarations("register_permissions"):
        _check_own_name(plugin, permission.name, "permission", ".")
        if permission.name in result.permissions:
            raise PluginLoadError(f"plugin {plugin.manifest.slug!r} declares the permission {permission.name!r} twice")
        unknown = sorted(set(permission.roles) - set(ROLES))
        if unknown:
            raise PluginLoadError(
                f"plugin {plugin.manifest.slug!r}: the permission {permission.name!r} names unknown role(s) "
                f"{', '.join(unknown)}; roles are {', '.join(ROLES)}"
            )
        result.permissions[permission.name] = permission
    for plugin in host.plugins:
        for default in default_permissions(plugin.manifest.slug):
            result.permissions.setdefault(default.name, default)

    for plugin, kind in host.declarations("register_activity_kinds"):
        if not isinstance(kind, ActivityKind):
            raise PluginLoadError(f"plugin {plugin.manifest.slug!r}: register_activity_kinds must return ActivityKinds")
        _check_own_name(plugin, kind.slug, "activity kind", ".")
        try:
            kinds.register(kind)
        except ValueError as exc:
            raise PluginLoadError(f"plugin {plugin.manifest.slug!r}: {exc}") from exc

    for plugin, event_type in host.declarations("register_event_types"):
        _check_own_name(plugin, event_type.name, "event type", ".")
        if event_type.name in result.event_types:
            raise PluginLoadError(f"plugin {plugin.manifest.slug!r} declares the event type {event_type.name!r} twice")
        result.event_types[event_type.name] = event_type
    return result


def _check_own_name(plugin: LoadedPlugin, name: str, what: str, separator: str) -> None:
    if not name.startswith(plugin.manifest.slug + separator):
        raise PluginLoadError(
            f"plugin {plugin.manifest.slug!r} declares the {what} {name!r}: "
            f"its name must start with {plugin.manifest.slug + separator!r}"
        )
