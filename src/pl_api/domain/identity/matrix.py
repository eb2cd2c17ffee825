"""The permission matrix of a running app, read from its routes: what ``docs/permissions.md`` says.

The document is generated, never hand-edited, so it cannot drift from what the guards enforce.
"""

from __future__ import annotations

import inspect
import re
from dataclasses import dataclass

from litestar import Litestar
from litestar.handlers import HTTPRouteHandler
from litestar.routes import HTTPRoute

import pl_api.domain.access
from pl_api.domain.identity.roles import ROLES, RolePermissions
from pl_api.http.auth import access_of, route_permission, route_resource

DOCUMENTED_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


@dataclass(frozen=True, slots=True)
class OperationAccess:
    """Who may call one operation."""

    operation_id: str
    method: str
    path: str
    permission: str
    """What a user's roles must carry (somewhere, or for the row's school)."""
    own: str | None
    """What any user may do with their own rows through it, if anything."""
    scope: str
    """What an integration client's scopes must allow."""


def operation_access(app: Litestar) -> list[OperationAccess]:
    """Every ``/v1`` operation of ``app`` with the permission and scope it needs, in path order."""
    result: list[OperationAccess] = []
    for route in app.routes:
        if not isinstance(route, HTTPRoute) or not route.path.startswith("/v1/"):
            continue
        for handler in route.route_handlers:
            result += _access_of(route.path, handler)
    return sorted(result, key=lambda o: (o.path, DOCUMENTED_METHODS.index(o.method)))


def _access_of(path: str, handler: HTTPRouteHandler) -> list[OperationAccess]:
    return [
        OperationAccess(
            operation_id=str(handler.operation_id),
            method=method,
            path=re.sub(r"{(\w+):\w+}", r"{\1}", path),
            permission=route_permission(handler, method),
            own=handler.opt.get("own"),
            scope=f"{route_resource(handler)}:{access_of(method)}",
        )
        for method in sorted(handler.http_methods)
        if method in DOCUMENTED_METHODS
    ]


def permissions_markdown(app: Litestar) -> str:
    """``docs/permissions.md`` for ``app``: roles, their permissions, every operation, the row rules."""
    roles: RolePermissions = app.state.role_permissions
    lines = [
        "# Permissions",
        "",
        "<!-- Generated from the code by `pl-api permissions export`; do not edit by hand. -->",
        "",
        "Two kinds of caller use the API. **Integration clients** (an MIS sync, a hub) send an API key or a",
        "client-credentials token and act with their **scopes** (`<resource>:read`, `<resource>:write`, `*`)",
        "across the whole tenant. **Users** send a token from the tenant's identity provider (or one from",
        "`pl-api tokens issue`) and act as a staff member, with the **roles** that staff member holds:",
        "in a school (`memberships[].roles`) or across the trust (`trust_roles`).",
        "",
        "A role held in a school grants its permissions for that school's rows; a trust-wide role grants",
        "them everywhere, including rows that belong to no school (frameworks, trust-wide teams, priorities",
        "and activities). In a standalone school's tenant the two are the same. A user without the",
        "permission an operation needs anywhere gets 403; one who has it, but not for the school of the",
        "row, gets 403 when changing a row they can see and 404 for a row they cannot see.",
        "",
        "## Roles and their permissions",
        "",
        "| Permission | " + " | ".join(f"`{r}`" for r in ROLES) + " | Allows |",
        "|---|" + "---|" * len(ROLES) + "---|",
    ]
    for name, description in sorted(roles.descriptions.items()):
        holders = set(roles.roles_with(name))
        marks = " | ".join("yes" if role in holders else "" for role in ROLES)
        lines.append(f"| `{name}` | {marks} | {description} |")
    lines += [
        "",
        "## Every operation",
        "",
        "*Users* is the permission a user's roles must carry; where it says *every user*, any user may",
        "use the operation for their own rows, and the rules below decide about anyone else's. *Clients*",
        "is the scope an integration client needs.",
        "",
        "| Operation | Request | Users | Roles with the permission | Clients |",
        "|---|---|---|---|---|",
    ]
    for op in operation_access(app):
        if op.own and not op.permission:
            users, with_it = f"every user: {op.own}", "-"
        else:
            others = f"`{op.permission}`"
            users = f"every user: {op.own}; anyone else's: {others}" if op.own else others
            with_it = ", ".join(roles.roles_with(op.permission)) or "none"
        lines.append(f"| `{op.operation_id}` | `{op.method} {op.path}` | {users} | {with_it} | `{op.scope}` |")
    lines += ["", "## Whose rows", "", inspect.cleandoc(pl_api.domain.access.__doc__ or ""), ""]
    return "\n".join(lines)
