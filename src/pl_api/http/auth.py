"""Who is calling: bearer API keys resolved to a ``Principal``, and the scope guard on every route."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler
from litestar.middleware import AbstractAuthenticationMiddleware, AuthenticationResult
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from pl_api.domain.tenants.scopes import Access, allows
from pl_api.domain.tenants.service import find_client_by_key
from pl_api.http.problems import Forbidden, Unauthenticated

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True, slots=True)
class Principal:
    """The authenticated caller: which tenant it acts in, who it is, and what it may do.

    An integration client (``client_id``) carries scopes; a user (``staff_id``) acts as a staff
    member with that staff member's roles.
    """

    tenant_id: UUID
    client_id: UUID | None = None
    scopes: frozenset[str] = frozenset()
    staff_id: UUID | None = None

    @property
    def actor(self) -> str:
        """Who is acting, as the audit log and rate limits name them: ``client:<id>`` or ``staff:<id>``."""
        return f"client:{self.client_id}" if self.client_id else f"staff:{self.staff_id}"


class BearerKeyMiddleware(AbstractAuthenticationMiddleware):
    """Resolve ``Authorization: Bearer <key>`` to a ``Principal``; 401 when missing or wrong."""

    async def authenticate_request(self, connection: ASGIConnection[Any, Any, Any, Any]) -> AuthenticationResult:
        header = connection.headers.get("authorization")
        if not header:
            raise Unauthenticated("send the API key as 'Authorization: Bearer <key>'")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise Unauthenticated("the Authorization header must be 'Bearer <key>'")
        sessions: async_sessionmaker[AsyncSession] = connection.app.state.sessions
        async with sessions() as session:
            client = await find_client_by_key(session, token.strip())
        if client is None:
            raise Unauthenticated("the API key is not valid; ask your administrator for a new one")
        principal = Principal(tenant_id=client.tenant_id, client_id=client.id, scopes=frozenset(client.scopes))
        return AuthenticationResult(user=principal, auth=None)


def require_scope(connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler) -> None:
    """Guard: the caller's scopes must allow the route's resource (``opt['resource']``) for its method."""
    if connection.scope.get("method") == "OPTIONS":
        return  # answered by the framework (and CORS); carries no data
    resource: str | None = handler.opt.get("resource")
    if resource is None:
        raise RuntimeError(f"route {handler} declares no opt['resource'] for its scope check")
    access: Access = "read" if connection.scope.get("method", "GET") in READ_METHODS else "write"
    principal: Principal = connection.user
    if not allows(principal.scopes, resource, access):
        raise Forbidden(f"this API key lacks the scope {resource}:{access}")
