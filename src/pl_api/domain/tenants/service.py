"""Creating tenants and clients, and recognising a client by its key."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from pl_api.db.row_security import bind_tenant
from pl_api.domain.tenants.keys import issue_key, key_matches, split_prefix
from pl_api.domain.tenants.models import DEFAULT_RETENTION_YEARS, ApiClient, Tenant
from pl_api.domain.tenants.scopes import ALL_SCOPES, CORE_RESOURCES, validate_scopes


@dataclass(frozen=True, slots=True)
class NewClient:
    """A client just created, with the key that is shown only now."""

    client_id: UUID
    tenant_id: UUID
    key: str
    scopes: list[str]


MAX_RETENTION_YEARS = 100


async def create_tenant(
    session: AsyncSession,
    name: str,
    kind: Literal["trust", "school"] = "trust",
    retention_years: int = DEFAULT_RETENTION_YEARS,
) -> Tenant:
    """Add a tenant and commit."""
    if not name.strip():
        raise ValueError("a tenant needs a name")
    _check_retention(retention_years)
    tenant = Tenant(name=name.strip(), kind=kind, retention_years=retention_years)
    session.add(tenant)
    await session.commit()
    return tenant


async def set_retention(session: AsyncSession, tenant_id: UUID, years: int) -> Tenant:
    """Change how many years after leaving a tenant's staff are erased, and commit."""
    _check_retention(years)
    tenant = await session.get(Tenant, tenant_id)
    if tenant is None:
        raise LookupError(f"no tenant with id {tenant_id}")
    tenant.retention_years = years
    await session.commit()
    return tenant


def _check_retention(years: int) -> None:
    if not 1 <= years <= MAX_RETENTION_YEARS:
        raise ValueError(f"the retention period must be 1 to {MAX_RETENTION_YEARS} years, not {years}")


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
    await bind_tenant(session, tenant_id)  # its audit entry is the tenant's row
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
