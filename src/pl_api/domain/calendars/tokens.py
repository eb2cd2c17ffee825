"""Feed secrets: ``<tenant id in hex><random secret>``. The tenant part says where to look (so row-level
security stays on); only the SHA-256 of the whole token is stored, as for API keys."""

from __future__ import annotations

import hashlib
import secrets
from uuid import UUID

SUFFIX = ".ics"


def issue_token(tenant_id: UUID) -> str:
    """A new feed token of a tenant: 256 random bits after the tenant's id."""
    return f"{tenant_id.hex}{secrets.token_urlsafe(32)}"


def hash_token(token: str) -> str:
    """SHA-256 of a token (256 random bits: a fast hash keeps it safe at rest)."""
    return hashlib.sha256(token.encode()).hexdigest()


def tenant_of(token: str) -> UUID | None:
    """The tenant a token names, or None when it is not of our form."""
    if len(token) < 40 or len(token) > 100:
        return None
    try:
        return UUID(hex=token[:32])
    except ValueError:
        return None


def feed_path(token: str) -> str:
    """Where a feed is served."""
    return f"/calendars/{token}{SUFFIX}"
