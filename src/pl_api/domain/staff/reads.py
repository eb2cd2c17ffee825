"""Staff on the lean read path (``pl_api.db.reads``), falling back to the ORM when it does not serve the caller."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import msgspec
from sqlalchemy import Select, Table, bindparam, select

from pl_api.db.reads import ReadStatement
from pl_api.db.tenant_scope import TenantScope, label_of
from pl_api.domain.schemas import to_schema
from pl_api.domain.staff import schemas
from pl_api.domain.staff.models import Staff, StaffMembership
from pl_api.http.problems import NotFound


def _staff_by_id() -> Select[Any]:
    table: Table = Staff.__table__  # type: ignore[assignment]
    columns = [c for c in table.c if c.key != "tenant_id"]
    return select(*columns).where(table.c.tenant_id == bindparam("tenant_id"), table.c.id == bindparam("id"))


def _memberships_of() -> Select[Any]:
    table: Table = StaffMembership.__table__  # type: ignore[assignment]
    return (
        select(table.c.school_id, table.c.roles)
        .where(table.c.tenant_id == bindparam("tenant_id"), table.c.staff_id == bindparam("id"))
        .order_by(table.c.created_at, table.c.school_id)
    )


STAFF_BY_ID = ReadStatement(_staff_by_id)
MEMBERSHIPS_OF = ReadStatement(_memberships_of)


async def staff_by_id(db: TenantScope, staff_id: UUID) -> schemas.Staff:
    """One staff member, as ``GET /v1/staff/{id}`` answers it; a 404 if the caller cannot see them."""
    reads = db.lean_reads(Staff)
    if reads is None:
        return to_schema(await db.get(Staff, staff_id), schemas.Staff)
    found, memberships = await reads.fetch(
        db.tenant_id, (STAFF_BY_ID, {"id": staff_id}), (MEMBERSHIPS_OF, {"id": staff_id})
    )
    if not found:
        raise NotFound(f"no {label_of(Staff)} with id {staff_id}")
    return msgspec.convert({**found[0], "memberships": memberships}, schemas.Staff)
