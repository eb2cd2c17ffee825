"""Rate limits per API client (429 with RateLimit-* headers), counted in memory or in Redis."""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.middleware.rate_limit import RateLimitConfig, get_remote_address
from litestar.stores.base import Store
from litestar.stores.memory import MemoryStore
from litestar.stores.redis import RedisStore

from pl_api.config import HttpSettings

RATE_LIMIT_STORE = "rate_limit"


def caller_identity(request: Request[Any, Any, Any]) -> str:
    """Whom a request counts against: its API client or user, or its address before authentication."""
    principal = request.scope.get("user")
    return principal.actor if principal is not None else f"address:{get_remote_address(request)}"


def rate_limit_store(settings: HttpSettings) -> Store:
    """The store of request counts: per process, or shared through Redis by every worker."""
    if settings.rate_limit_store == "redis":
        return RedisStore.with_client(url=settings.redis_url, namespace="pl_api")
    return MemoryStore()


def rate_limit_config(settings: HttpSettings) -> RateLimitConfig | None:
    """The rate limit, or None when turned off."""
    if settings.rate_limit_per_minute == 0:
        return None
    return RateLimitConfig(
        rate_limit=("minute", settings.rate_limit_per_minute),
        identifier_for_request=caller_identity,
        store=RATE_LIMIT_STORE,
    )
