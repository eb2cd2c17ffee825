"""``POST /oauth/token``: the OAuth 2.0 client-credentials grant, for integration hubs that expect it."""

from __future__ import annotations

import base64
import binascii
from typing import Annotated, Any, Literal

import msgspec
from litestar import Controller, Request, Response, post
from litestar.enums import RequestEncodingType
from litestar.params import Body

from pl_api.domain.identity.tokens import CLIENT_SUBJECT, issue_token
from pl_api.domain.tenants.scopes import within
from pl_api.domain.tenants.service import find_client_by_key
from pl_api.http.openapi import problems
from pl_api.http.problems import TokenRequestRejected


class TokenRequest(msgspec.Struct, kw_only=True):
    """An OAuth 2.0 token request (RFC 6749 section 4.4), form-encoded. The client may authenticate with
    HTTP Basic instead of ``client_id`` and ``client_secret`` in the form."""

    grant_type: Literal["client_credentials"]
    """The only grant offered."""
    client_id: str | None = None
    """The client's id, as ``pl-api clients create`` printed it."""
    client_secret: str | None = None
    """The client's API key."""
    scope: str | None = None
    """Space-separated scopes, each within the client's own; default: all of the client's."""


class TokenResponse(msgspec.Struct):
    """A short-lived bearer token for the ``/v1`` API."""

    access_token: str
    token_type: str
    expires_in: int
    scope: str


def _basic_credentials(request: Request[Any, Any, Any]) -> tuple[str | None, str | None]:
    scheme, _, encoded = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "basic":
        return None, None
    try:
        client_id, _, secret = base64.b64decode(encoded, validate=True).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError) as exc:
        raise TokenRequestRejected("invalid_request", "the Basic credentials are not valid base64") from exc
    return client_id, secret


class TokenController(Controller):
    """Tokens for integration clients."""

    path = "/oauth/token"
    tags = ["Authentication"]

    @post(
        "/",
        operation_id="IssueClientToken",
        status_code=200,
        security=[],
        responses=problems(400, 401),
    )
    async def issue_client_token(
        self,
        request: Request[Any, Any, Any],
        data: Annotated[TokenRequest, Body(media_type=RequestEncodingType.URL_ENCODED)],
    ) -> Response[TokenResponse]:
        """Exchange a client's id and API key for a short-lived token (client-credentials grant)."""
        basic_id, basic_secret = _basic_credentials(request)
        client_id, secret = data.client_id or basic_id, data.client_secret or basic_secret
        if not client_id or not secret:
            raise TokenRequestRejected("invalid_client", "send client_id and client_secret, in the form or as Basic")
        async with request.app.state.sessions() as session:
            client = await find_client_by_key(session, secret)
        if client is None or str(client.id) != client_id.strip():
            raise TokenRequestRejected("invalid_client", "the client id and secret do not match an active client")
        wanted = data.scope.split() if data.scope else list(client.scopes)
        beyond = [scope for scope in wanted if not within(scope, client.scopes)]
        if beyond:
            raise TokenRequestRejected("invalid_scope", f"the client may not have the scope(s) {', '.join(beyond)}")
        settings = request.app.state.settings.auth
        issued = issue_token(
            settings, client.tenant_id, f"{CLIENT_SUBJECT}{client.id}", settings.client_token_minutes, wanted
        )
        body = TokenResponse(
            access_token=issued.token, token_type="Bearer", expires_in=issued.expires_in, scope=" ".join(wanted)
        )
        return Response(body, headers={"Cache-Control": "no-store"})
