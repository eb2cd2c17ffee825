"""The one module plugins import from: everything a plugin needs, and nothing of the core's internals.

A plugin is a package with an entry point in the group ``pl_api.plugins`` whose name is its
slug, pointing at a module that defines ``manifest = PluginManifest(...)`` and implements
hooks with ``@hookimpl``. See docs/plugins.md.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, Request, Response, Router, delete, get, patch, post, put
from litestar.params import FromPath, FromQuery, JSONBody

from pl_api import API_VERSION
from pl_api.db.base import Base, Entity, TenantEntity, TenantOwned
from pl_api.db.tenant_scope import TenantScope
from pl_api.domain.activities.kinds import ActivityKind
from pl_api.domain.activities.models import Activity, Participation
from pl_api.domain.events.models import add_event
from pl_api.domain.schools.models import School
from pl_api.domain.staff.models import Staff, StaffMembership
from pl_api.domain.teams.models import Team, TeamMember
from pl_api.domain.types import Schema
from pl_api.http.dependencies import Db, Paging
from pl_api.http.etag import check_if_match, with_etag
from pl_api.http.openapi import problems
from pl_api.http.pagination import Page
from pl_api.http.problems import Conflict, Forbidden, InvalidRequest, NotFound, Problem, Unprocessable, field_problem
from pl_api.plugin_host.events import Event
from pl_api.plugin_host.host import PluginLoadError
from pl_api.plugin_host.markers import hookimpl
from pl_api.plugin_host.types import EventType, NoSettings, Permission, PluginManifest


def plugin_settings(request: Request[Any, Any, Any], slug: str) -> Any:
    """The settings of an enabled plugin, as decoded into its settings type at start-up."""
    return request.app.state.plugin_host.get(slug).settings


def record_event(db: TenantScope, type: str, subject_id: UUID | None, data: dict[str, Any] | None = None) -> None:
    """Write an event of a type the plugin registered (``<slug>.<noun>.<verb>``) in the request's
    transaction: it is committed with the change it describes and then delivered to ``handle_event``.
    Keep personal text out of ``data``: events feed webhooks."""
    add_event(db.session, db.tenant_id, type, subject_id, dict(data or {}))


def acting_staff_id(db: TenantScope) -> UUID | None:
    """The staff member a request acts as (a user), or None for an integration client or a task."""
    return db.principal.staff_id if db.principal is not None else None


def holds_permission(db: TenantScope, permission: str, school_id: UUID | None) -> bool:
    """Whether the caller may use ``permission`` for a row of ``school_id`` (None: a row of no school).

    A user needs it from a role in that school or trust-wide; an integration client (its scopes were
    checked by the route) and a task without a caller always may."""
    principal = db.principal
    if principal is None or principal.grants is None:
        return True
    return principal.grants.holds(permission, school_id)


__all__ = [
    "API_VERSION",
    "Activity",
    "ActivityKind",
    "Base",
    "Conflict",
    "Controller",
    "Db",
    "Entity",
    "Event",
    "EventType",
    "Forbidden",
    "FromPath",
    "FromQuery",
    "InvalidRequest",
    "JSONBody",
    "NoSettings",
    "NotFound",
    "Page",
    "Paging",
    "Participation",
    "Permission",
    "PluginLoadError",
    "PluginManifest",
    "Problem",
    "Request",
    "Response",
    "Router",
    "Schema",
    "School",
    "Staff",
    "StaffMembership",
    "Team",
    "TeamMember",
    "TenantEntity",
    "TenantOwned",
    "TenantScope",
    "Unprocessable",
    "acting_staff_id",
    "check_if_match",
    "delete",
    "field_problem",
    "get",
    "holds_permission",
    "hookimpl",
    "patch",
    "plugin_settings",
    "post",
    "problems",
    "put",
    "record_event",
    "with_etag",
]
