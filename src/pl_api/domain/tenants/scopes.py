"""Client scopes: ``<resource>:read`` or ``<resource>:write`` (write includes read), or ``*`` for all.

``privacy`` is the exception: ``*`` does not cover it. Its export includes private reflections and its
erasure cannot be undone, so a client gets ``privacy:read`` or ``privacy:write`` only by name.

``reports:names`` is another: a client given it sees, in reports, the names of staff with no recorded
learning in a term; ``*`` does not cover it either.

``audit``, ``events`` and ``reports`` are read only: no client writes the audit log or the change feed, so
``audit:write``, ``events:write`` and ``reports:write`` are not scopes.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

CORE_RESOURCES = (
    "schools",
    "staff",
    "teams",
    "frameworks",
    "priorities",
    "terms",
    "activities",
    "calendars",
    "goals",
    "reflections",
    "privacy",
    "audit",
    "events",
    "imports",
    "webhooks",
    "evaluation",
    "budgets",
    "reports",
)
READ_ONLY_RESOURCES = frozenset({"audit", "events", "reports"})
ALL_SCOPES = "*"
NAMED_ONLY = frozenset({"privacy"})
"""Resources ``*`` does not cover: a client needs their scopes by name."""
NAMED_SCOPES = frozenset({"reports:names"})
"""Scopes beyond read and write that ``*`` does not cover: ``reports:names`` lets reports list staff by name."""

Access = Literal["read", "write"]


def known_scopes(resources: Iterable[str] = CORE_RESOURCES) -> list[str]:
    """Every scope a client may be given."""
    return (
        [ALL_SCOPES]
        + [f"{r}:{a}" for r in resources for a in ("read", "write") if a == "read" or r not in READ_ONLY_RESOURCES]
        + sorted(NAMED_SCOPES)
    )


def validate_scopes(scopes: Iterable[str], resources: Iterable[str] = CORE_RESOURCES) -> list[str]:
    """Return the scopes, de-duplicated and sorted; raise ValueError naming any unknown one."""
    allowed = set(known_scopes(resources))
    result = sorted(set(scopes))
    unknown = [s for s in result if s not in allowed]
    if unknown:
        raise ValueError(
            f"unknown scope(s) {', '.join(unknown)}; use {ALL_SCOPES} or <resource>:read|write "
            f"with a resource among {', '.join(resources)} ({', '.join(sorted(READ_ONLY_RESOURCES))}: read only)"
        )
    return result


def allows(granted: frozenset[str], resource: str, access: Access) -> bool:
    """Whether ``granted`` scopes permit ``access`` to ``resource``."""
    if f"{resource}:write" in granted or (ALL_SCOPES in granted and resource not in NAMED_ONLY):
        return True
    return access == "read" and f"{resource}:read" in granted


def within(scope: str, granted: Iterable[str]) -> bool:
    """Whether one scope is covered by ``granted`` (``staff:read`` is covered by ``staff:write`` and by ``*``)."""
    granted = frozenset(granted)
    if scope in NAMED_SCOPES:
        return scope in granted
    if scope == ALL_SCOPES:
        return ALL_SCOPES in granted
    resource, _, access = scope.partition(":")
    return access in ("read", "write") and allows(granted, resource, access)  # type: ignore[arg-type]
