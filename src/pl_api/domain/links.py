"""Replacing a resource's links to framework elements or priorities, after checking they exist."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar
from uuid import UUID

from pl_api.db.base import TenantEntity
from pl_api.db.tenant_scope import TenantScope
from pl_api.http.problems import Unprocessable, field_problem

L = TypeVar("L")


async def build_links(
    db: TenantScope,
    target: type[TenantEntity],
    ids: Sequence[UUID],
    field: str,
    make: Callable[[UUID], L],
) -> list[L]:
    """Link rows for ``ids``: each once and in the tenant (a 422 naming ``field`` otherwise)."""
    if len(set(ids)) != len(ids):
        raise field_problem(Unprocessable, field, "lists the same id more than once")
    await db.require_all(target, ids, field)
    return [make(i) for i in ids]
