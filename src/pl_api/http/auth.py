"""Who is calling: a bearer credential resolved to a ``Principal``, and whether they may call the route.

A route says what it touches with ``opt``: ``resource`` (what an integration client's scopes name,
read or write by the HTTP method) and, for users, ``permission`` (default ``<resource>.read`` or
``<resource>.write``). A route whose rows belong to people (goals, reflections, records) sets
``own = "<what a user may do with their own>"``: every user passes the route's check and the rows
themselves decide (see ``pl_api.domain.access``); ``permission = ""`` there says nobody else may.

The check runs in the authentication middleware, once the caller is known, rather than as a Litestar guard:
Litestar copies the route handler for every guard it calls, which costs a small read more than the check.
"""

from __future__ import annotations

from functools import partial
from typing import Any

import jwt
from litestar.connection import ASGIConnection
from litestar.datastructures import State
from litestar.handlers.base import BaseRouteHandler
from litestar.middleware import AbstractAuthenticationMiddleware, AuthenticationResult
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from pl_api.domain.identity.cache import CredentialCache
from pl_api.domain.identity.principal import Principal
from pl_api.domain.identity.service import authenticate
from pl_api.domain.identity.tokens import InvalidToken
from pl_api.domain.tenants.keys import KEY_SCHEME
from pl_api.domain.tenants.scopes import Access, allows
from pl_api.http.problems import Forbidden, Unauthenticated

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

__all__ = ["BearerAuthMiddleware", "Principal", "check_access", "route_permission"]


class BearerAuthMiddleware(AbstractAuthenticationMiddleware):
    """Resolve ``Authorization: Bearer <API key or token>`` to a ``Principal`` (401 when missing or wrong), then
    check that it may call the route (403 when not)."""

    async def authenticate_request(self, connection: ASGIConnection[Any, Any, Any, Any]) -> AuthenticationResult:
        scope = connection.scope
        header = next((value for name, value in scope["headers"] if name == b"authorization"), b"").decode("latin-1")
        if not header:
            raise Unauthenticated("send an API key or a token as 'Authorization: Bearer <credential>'")
        scheme, _, credential = header.partition(" ")
        if scheme.lower() != "bearer" or not credential.strip():
            raise Unauthenticated("the Authorization header must be 'Bearer <credential>'")
        credential = credential.strip()
        state = connection.app.state
        cache: CredentialCache = state.credentials
        principal = cache.get(credential)
        if principal is None:
            principal = await cache.verify(credential, partial(_verify, state, credential))
        scope["user"] = principal  # a refused request is still logged with its caller
        check_access(principal, scope["route_handler"], str(scope.get("method", "GET")))
        return AuthenticationResult(user=principal, auth=None)


async def _verify(state: State, credential: str) -> tuple[Principal, float | None]:
    """The caller a credential proves, from the database (or the identity provider's keys), and when a token
    expires; 401 when it proves nobody."""
    sessions: async_sessionmaker[AsyncSession] = state.sessions
    async with sessions() as session:
        try:
            principal = await authenticate(
                session, credential, state.settings.auth, state.provider_keys, state.role_permissions
            )
        except InvalidToken as exc:
            raise Unauthenticated(str(exc)) from exc
    return principal, _expiry(credential)


def _expiry(credential: str) -> float | None:
    """When a (verified) token expires; None for an API key, which does not."""
    if credential.startswith(f"{KEY_SCHEME}_"):
        return None
    expires = jwt.decode(credential, options={"verify_signature": False}).get("exp")
    return float(expires) if isinstance(expires, int | float) else 0.0


def access_of(method: str) -> Access:
    """Reading or writing, by HTTP method."""
    return "read" if method in READ_METHODS else "write"


def route_permission(handler: BaseRouteHandler, method: str) -> str:
    """The permission a user needs for a route: its ``opt['permission']``, else ``<resource>.<access>``.

    An empty ``opt['permission']`` on an ``own`` route means no permission extends it to others' rows."""
    if "permission" in handler.opt:
        return str(handler.opt["permission"])
    return f"{route_resource(handler)}.{access_of(method)}"


def route_resource(handler: BaseRouteHandler) -> str:
    """The resource a route's scope check names (``opt['resource']``)."""
    resource: str | None = handler.opt.get("resource")
    if resource is None:
        raise RuntimeError(f"route {handler} declares no opt['resource'] for its access check")
    return resource


def check_access(principal: Principal, handler: BaseRouteHandler, method: str) -> None:
    """A client's scopes must allow the route's resource; a user must hold its permission somewhere (which rows
    they may touch is checked with the rows). 403 when not."""
    if principal.grants is None:
        resource, access = route_resource(handler), access_of(method)
        if not allows(principal.scopes, resource, access):
            raise Forbidden(f"this API key lacks the scope {resource}:{access}")
        return
    if handler.opt.get("own"):
        return
    permission = route_permission(handler, method)
    if not principal.grants.anywhere(permission):
        raise Forbidden(f"your roles do not include the permission {permission}")
