"""JSON Web Tokens: those pl-api signs itself, and those of a tenant's identity providers.

Both are checked on the same path (``authenticate`` in ``service``): signature, expiry, issuer and
audience, then the staff member or client the token names must exist and be active.
"""

from __future__ import annotations

import asyncio
import json
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import jwt

from pl_api.config import AuthSettings
from pl_api.domain.identity.signing import signing_key

OWN_ALGORITHM = "HS256"
PROVIDER_ALGORITHMS = ["RS256", "RS384", "RS512", "ES256", "ES384", "PS256"]
STAFF_SUBJECT = "staff:"
CLIENT_SUBJECT = "client:"


class InvalidToken(Exception):
    """A token that must not be accepted; the message says why, without echoing the token."""


@dataclass(frozen=True, slots=True)
class IssuedToken:
    """A token just signed, and when it expires."""

    token: str
    expires_in: int


def issue_token(
    settings: AuthSettings, tenant_id: UUID, subject: str, minutes: int, scopes: list[str] | None = None
) -> IssuedToken:
    """Sign a token for ``staff:<id>`` or ``client:<id>`` in ``tenant_id``, valid for ``minutes``."""
    now = datetime.now(UTC)
    claims: dict[str, Any] = {
        "iss": settings.issuer,
        "aud": settings.issuer,
        "sub": subject,
        "tid": str(tenant_id),
        "iat": now,
        "exp": now + timedelta(minutes=minutes),
    }
    if scopes is not None:
        claims["scope"] = " ".join(scopes)
    token = jwt.encode(claims, signing_key(settings), algorithm=OWN_ALGORITHM)
    return IssuedToken(token=token, expires_in=minutes * 60)


def unverified_issuer(token: str) -> str:
    """The ``iss`` a token claims, read before any check so the right keys can be chosen."""
    try:
        claims = jwt.decode(token, options={"verify_signature": False})
    except jwt.PyJWTError as exc:
        raise InvalidToken("the credential is not valid: neither an API key nor a well-formed JWT") from exc
    issuer = claims.get("iss")
    if not isinstance(issuer, str) or not issuer:
        raise InvalidToken("the token names no issuer (iss)")
    return issuer


def verify_own_token(settings: AuthSettings, token: str) -> dict[str, Any]:
    """The claims of a token pl-api signed, checked."""
    return _decode(token, signing_key(settings), [OWN_ALGORITHM], settings.issuer, settings.issuer, settings)


def verify_provider_token(settings: AuthSettings, token: str, key: Any, issuer: str, audience: str) -> dict[str, Any]:
    """The claims of an identity provider's token, checked against one of its keys."""
    return _decode(token, key, PROVIDER_ALGORITHMS, issuer, audience, settings)


def _decode(
    token: str, key: Any, algorithms: list[str], issuer: str, audience: str, settings: AuthSettings
) -> dict[str, Any]:
    try:
        return jwt.decode(
            token,
            key,
            algorithms=algorithms,
            issuer=issuer,
            audience=audience,
            leeway=settings.clock_skew_seconds,
            options={"require": ["exp", "iss", "aud", "sub"]},
        )
    except jwt.ExpiredSignatureError as exc:
        raise InvalidToken("the token has expired; sign in again") from exc
    except jwt.InvalidAudienceError as exc:
        raise InvalidToken("the token was issued for another audience") from exc
    except jwt.InvalidSignatureError as exc:
        raise InvalidToken("the token's signature does not verify") from exc
    except jwt.PyJWTError as exc:
        raise InvalidToken(f"the token is not valid: {exc}") from exc


class ProviderKeys:
    """Signing keys of identity providers, fetched from their JWKS (found by OIDC discovery if need be)
    and cached, so a request seldom waits on the network."""

    def __init__(self, cache_seconds: int = 3600) -> None:
        self._clients: dict[str, jwt.PyJWKClient] = {}
        self._discovered: dict[str, str] = {}
        self.cache_seconds = cache_seconds

    async def key_for(self, token: str, issuer: str, jwks_uri: str | None) -> Any:
        """The provider's key that signed ``token``."""
        try:
            return await asyncio.to_thread(self._key_for, token, issuer, jwks_uri)
        except (jwt.PyJWKClientError, jwt.PyJWTError, OSError, ValueError, KeyError) as exc:
            raise InvalidToken(f"no signing key of the issuer {issuer} matches the token") from exc

    def _key_for(self, token: str, issuer: str, jwks_uri: str | None) -> Any:
        uri = jwks_uri or self._discover(issuer)
        client = self._clients.get(uri)
        if client is None:
            client = self._clients[uri] = jwt.PyJWKClient(uri, cache_keys=True, lifespan=self.cache_seconds)
        return client.get_signing_key_from_jwt(token).key

    def _discover(self, issuer: str) -> str:
        if issuer not in self._discovered:
            url = issuer.rstrip("/") + "/.well-known/openid-configuration"
            with urllib.request.urlopen(url, timeout=10) as response:
                self._discovered[issuer] = str(json.load(response)["jwks_uri"])
        return self._discovered[issuer]
