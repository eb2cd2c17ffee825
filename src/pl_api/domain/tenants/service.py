"""Creating tenants and clients, and recognising a client by its key."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from pl_api.domain.tenants.keys import issue_key, key_matches, split_prefix
from pl_api.domain.tenants.models import ApiClient, Tenant
from pl_api.domain.tenants.scopes import ALL_SCOPES, CORE_RESOURCES, validate_scopes


@dataclass(frozen=True, slots=True)
class NewClient:
    """A client just created, with the key that is shown only now."""

    client_id: UUID
    tenant_id: UUID
    key: str
    scopes: list[str]


async def create_tenant(session: AsyncSession, name: str, kind: Literal["trust", "school"] = "trust") -> Tenant:
    """Add a tenant and commit."""
    if not name.strip():
        raise ValueError("a tenant needs a name")
    tenant = Tenant(name=name.strip(), kind=kind)
    session.add(tenant)
    await session.commit()
    return tenant


async def create_client(
    session: AsyncSession,
    tenant_id: UUID,
    name: str,
    scopes: list[str] | None = None,
    resources: Iterable[str] = CORE_RESOURCES,
) -> NewClient:
    """Add an API client to a tenant and commit; without scopes it may read and write everything.

    ``resources`` are those scopes may name: the core's, and the enabled plugins' slugs.
    """
    if await session.get(Tenant, tenant_id) is None:
        raise LookupError(f"no tenant with id {tenant_id}")
    granted = validate_scopes(scopes, resources) if scopes else [ALL_SCOPES]
    issued = issue_key()
    client = ApiClient(tenant_id=tenant_id, name=name, key_prefix=issued.prefix, key_hash=issued.hash, scopes=granted)
    session.add(client)
    await session.commit()
    return NewClient(client_id=client.id, tenant_id=tenant_id, key=issued.key, scopes=granted)


async def find_client_by_key(session: AsyncSession, key: str) -> ApiClient | None:
    """The active client whose key this is, or None."""
    prefix = split_prefix(key)
    if prefix is None:
        return None
    client = await session.scalar(select(ApiClient).where(ApiClient.key_prefix == prefix))
    if client is None or client.revoked_at is not None or not key_matches(key, client.key_hash):
        return None
    return client
