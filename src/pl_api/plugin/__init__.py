"""The one module plugins import from: everything a plugin needs, and nothing of the core's internals.

A plugin is a package with an entry point in the group ``pl_api.plugins`` whose name is its
slug, pointing at a module that defines ``manifest = PluginManifest(...)`` and implements
hooks with ``@hookimpl``. See docs/plugins.md.
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, Router, delete, get, patch, post, put
from litestar.params import FromPath, FromQuery, JSONBody

from pl_api import API_VERSION
from pl_api.db.base import Base, Entity, TenantEntity, TenantOwned
from pl_api.db.tenant_scope import TenantScope
from pl_api.domain.activities.kinds import ActivityKind
from pl_api.domain.activities.models import Activity, Participation
from pl_api.domain.audit.models import record_audit
from pl_api.domain.frameworks.models import FrameworkElement
from pl_api.domain.priorities.models import Priority
from pl_api.domain.schools.models import School
from pl_api.domain.staff.models import Staff, StaffMembership
from pl_api.domain.teams.models import Team, TeamMember
from pl_api.domain.types import LongText, Minutes, Name, Schema, ShortText, Timestamp, WebUrl
from pl_api.http.dependencies import Db, Paging
from pl_api.http.etag import check_if_match, with_etag
from pl_api.http.html import document_headers, escape_html, html_response
from pl_api.http.openapi import problems
from pl_api.http.pagination import Page
from pl_api.http.problems import Conflict, Forbidden, InvalidRequest, NotFound, Problem, Unprocessable, field_problem
from pl_api.plugin.helpers import acting_staff_id, emit_event, holds_permission, record_activity, run_with_session
from pl_api.plugin_host.events import Event
from pl_api.plugin_host.host import PluginLoadError
from pl_api.plugin_host.markers import hookimpl
from pl_api.plugin_host.types import EventType, NoSettings, Permission, PluginManifest


def plugin_settings(request: Request[Any, Any, Any], slug: str) -> Any:
    """The settings of an enabled plugin, as decoded into its settings type at start-up."""
    return request.app.state.plugin_host.get(slug).settings


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
    "FrameworkElement",
    "FromPath",
    "FromQuery",
    "InvalidRequest",
    "JSONBody",
    "LongText",
    "Minutes",
    "Name",
    "NoSettings",
    "NotFound",
    "Page",
    "Paging",
    "Participation",
    "Permission",
    "PluginLoadError",
    "PluginManifest",
    "Priority",
    "Problem",
    "Request",
    "Response",
    "Router",
    "Schema",
    "School",
    "ShortText",
    "Staff",
    "StaffMembership",
    "Team",
    "TeamMember",
    "TenantEntity",
    "TenantOwned",
    "TenantScope",
    "Timestamp",
    "Unprocessable",
    "WebUrl",
    "acting_staff_id",
    "check_if_match",
    "delete",
    "document_headers",
    "emit_event",
    "escape_html",
    "field_problem",
    "get",
    "holds_permission",
    "hookimpl",
    "html_response",
    "patch",
    "plugin_settings",
    "post",
    "problems",
    "put",
    "record_activity",
    "record_audit",
    "run_with_session",
    "with_etag",
]
