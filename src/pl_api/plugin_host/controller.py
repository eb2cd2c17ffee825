"""``/v1/plugins`` and each school's switch: ``/v1/schools/{school_id}/plugins/{slug}``."""

from __future__ import annotations

import uuid
from typing import Annotated, Any
from uuid import UUID

import msgspec
from litestar import Controller, Request, delete, get, put
from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler
from litestar.params import FromPath, PathParameter
from sqlalchemy import select

from pl_api.db.tenant_scope import TenantScope
from pl_api.domain.schools.models import School, SchoolPlugin
from pl_api.http.dependencies import Db
from pl_api.http.openapi import problems
from pl_api.http.problems import NotFound
from pl_api.plugin_host.host import PluginHost
from pl_api.plugin_host.types import SLUG_PATTERN

Slug = Annotated[str, PathParameter(pattern=SLUG_PATTERN.pattern, description="A plugin's slug")]
SECRET_WORDS = ("secret", "token", "password", "key", "credential")
REDACTED = "***"


class PluginInfo(msgspec.Struct):
    """An enabled plugin."""

    slug: str
    name: str
    version: str
    description: str
    settings: dict[str, Any]
    """Its settings, with anything that looks like a secret shown as `***`."""


class PluginPage(msgspec.Struct):
    """The enabled plugins."""

    items: list[PluginInfo]
    next_cursor: str | None


class SchoolPluginState(msgspec.Struct):
    """Whether a plugin is on for a school."""

    slug: str
    school_id: UUID
    enabled: bool


class SchoolPluginPage(msgspec.Struct):
    """Every enabled plugin and whether it is on for the school."""

    items: list[SchoolPluginState]
    next_cursor: str | None


def redacted(settings: msgspec.Struct) -> dict[str, Any]:
    """A plugin's settings for display: values of secret-looking keys hidden."""
    values: dict[str, Any] = msgspec.to_builtins(settings)
    return {k: REDACTED if any(w in k.lower() for w in SECRET_WORDS) else v for k, v in values.items()}


def _host(request: Request[Any, Any, Any]) -> PluginHost:
    host: PluginHost = request.app.state.plugin_host
    return host


async def switched_off(db: TenantScope, slug: str, school_id: UUID) -> bool:
    """Whether a school has switched an enabled plugin off (plugins are on unless switched off)."""
    enabled = await db.session.scalar(
        select(SchoolPlugin.enabled).where(
            SchoolPlugin.tenant_id == db.tenant_id, SchoolPlugin.school_id == school_id, SchoolPlugin.slug == slug
        )
    )
    return enabled is False


def school_switch_guard(slug: str) -> Any:
    """Guard for a plugin's routes: a request naming a school (``school_id`` in the path or query)
    where the plugin is switched off answers 404 saying so."""

    async def guard(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
        if connection.scope.get("method") == "OPTIONS":
            return  # answered by the framework (and CORS), unauthenticated; carries no data
        raw = connection.path_params.get("school_id") or connection.query_params.get("school_id")
        if raw is None:
            return
        try:
            school_id = raw if isinstance(raw, UUID) else uuid.UUID(str(raw))
        except ValueError:
            return  # the handler's own validation names the bad parameter
        async with connection.app.state.sessions() as session:
            if await switched_off(TenantScope(session, connection.user.tenant_id), slug, school_id):
                raise NotFound(f"the {slug} plugin is switched off for school {school_id}")

    return guard


class PluginController(Controller):
    """The plugins this deployment runs."""

    path = "/plugins"
    tags = ["Plugins"]
    opt = {"resource": "schools"}

    @get("/", operation_id="ListPlugins", responses=problems())
    async def list_plugins(self, request: Request[Any, Any, Any]) -> PluginPage:
        """The enabled plugins, with their settings (secrets hidden)."""
        items = [
            PluginInfo(
                slug=p.manifest.slug,
                name=p.manifest.name,
                version=p.manifest.version,
                description=p.manifest.description,
                settings=redacted(p.settings),
            )
            for p in _host(request).plugins
        ]
        return PluginPage(items, None)


class SchoolPluginController(Controller):
    """Each school switches enabled plugins on or off for itself."""

    path = "/schools/{school_id:uuid}/plugins"
    tags = ["Plugins"]
    opt = {"resource": "schools"}

    @get("/", operation_id="ListSchoolPlugins", responses=problems(404))
    async def list_school_plugins(
        self, request: Request[Any, Any, Any], db: Db, school_id: FromPath[UUID]
    ) -> SchoolPluginPage:
        """Every enabled plugin and whether it is on for this school."""
        await db.get(School, school_id)
        off = set(
            await db.session.scalars(
                select(SchoolPlugin.slug).where(
                    SchoolPlugin.tenant_id == db.tenant_id,
                    SchoolPlugin.school_id == school_id,
                    SchoolPlugin.enabled.is_(False),
                )
            )
        )
        items = [SchoolPluginState(slug, school_id, slug not in off) for slug in _host(request).slugs]
        return SchoolPluginPage(items, None)

    @put("/{slug:str}", operation_id="SwitchOnSchoolPlugin", responses=problems(404), status_code=200)
    async def switch_on(
        self, request: Request[Any, Any, Any], db: Db, school_id: FromPath[UUID], slug: Slug
    ) -> SchoolPluginState:
        """Switch a plugin on for this school."""
        return await _switch(request, db, school_id, slug, enabled=True)

    @delete("/{slug:str}", operation_id="SwitchOffSchoolPlugin", responses=problems(404), status_code=200)
    async def switch_off(
        self, request: Request[Any, Any, Any], db: Db, school_id: FromPath[UUID], slug: Slug
    ) -> SchoolPluginState:
        """Switch a plugin off for this school: its routes answer 404 for the school until switched on."""
        return await _switch(request, db, school_id, slug, enabled=False)


async def _switch(
    request: Request[Any, Any, Any], db: TenantScope, school_id: UUID, slug: str, enabled: bool
) -> SchoolPluginState:
    await db.writable(School, school_id)
    if slug not in _host(request).slugs:
        raise NotFound(f"no enabled plugin {slug!r}; see GET /v1/plugins")
    row = await db.session.get(SchoolPlugin, (school_id, slug))
    if row is None:
        db.session.add(SchoolPlugin(tenant_id=db.tenant_id, school_id=school_id, slug=slug, enabled=enabled))
    else:
        row.enabled = enabled
    await db.commit()
    return SchoolPluginState(slug, school_id, enabled)
