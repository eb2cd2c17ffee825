"""Pages of activities on the lean read path (``pl_api.db.reads``): the unfiltered list, in id order."""

from __future__ import annotations

from collections import defaultdict
from functools import partial
from typing import Any
from uuid import UUID

import msgspec
from sqlalchemy import ColumnElement, Select, Table, bindparam, select

from pl_api.db.reads import ReadStatement
from pl_api.db.tenant_scope import TenantScope
from pl_api.domain.activities import schemas
from pl_api.domain.activities.models import Activity, ActivityElement, ActivityPriority
from pl_api.http.pagination import PageRequest, encode_cursor

ACTIVITIES: Table = Activity.__table__  # type: ignore[assignment]


def _in_page(after: bool) -> ColumnElement[bool]:
    condition = ACTIVITIES.c.tenant_id == bindparam("tenant_id")
    return condition & (ACTIVITIES.c.id > bindparam("after")) if after else condition


def _page(after: bool) -> Select[Any]:
    columns = [c for c in ACTIVITIES.c if c.key != "tenant_id"]
    return select(*columns).where(_in_page(after)).order_by(ACTIVITIES.c.id).limit(bindparam("limit"))


def _links(link_table: Any, column: str, after: bool) -> Select[Any]:
    table: Table = link_table.__table__
    page_ids = select(ACTIVITIES.c.id).where(_in_page(after)).order_by(ACTIVITIES.c.id).limit(bindparam("limit"))
    return (
        select(table.c.activity_id, table.c[column])
        .where(table.c.tenant_id == bindparam("tenant_id"), table.c.activity_id.in_(page_ids.scalar_subquery()))
        .order_by(table.c.activity_id, table.c[column])
    )


STATEMENTS = {
    after: (
        ReadStatement(partial(_page, after)),
        ReadStatement(partial(_links, ActivityPriority, "priority_id", after)),
        ReadStatement(partial(_links, ActivityElement, "element_id", after)),
    )
    for after in (False, True)
}
"""The page, its priority links and its element links: for the first page, and for one after a cursor."""


async def lean_activity_page(db: TenantScope, page: PageRequest) -> tuple[list[schemas.Activity], str | None] | None:
    """One page of all the tenant's activities, as ``GET /v1/activities`` with no filter answers it; None when
    the lean path does not serve this caller (the ORM path answers then)."""
    reads = db.lean_reads(Activity)
    if reads is None:
        return None
    values: dict[str, Any] = {"limit": page.limit + 1, "after": page.after}
    rows, priorities, elements = await reads.fetch(
        db.tenant_id, *((statement, values) for statement in STATEMENTS[page.after is not None])
    )
    priority_ids: defaultdict[UUID, list[UUID]] = defaultdict(list)
    for link in priorities:
        priority_ids[link["activity_id"]].append(link["priority_id"])
    element_ids: defaultdict[UUID, list[UUID]] = defaultdict(list)
    for link in elements:
        element_ids[link["activity_id"]].append(link["element_id"])
    page_rows = rows[: page.limit]
    for row in page_rows:
        row["priority_ids"], row["element_ids"] = priority_ids[row["id"]], element_ids[row["id"]]
    items = msgspec.convert(page_rows, list[schemas.Activity])  # one call for the page: the loop stays in C
    cursor = encode_cursor(items[-1].id) if len(rows) > page.limit else None
    return items, cursor
