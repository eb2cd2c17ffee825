"""Pages of activities on the lean read path (``pl_api.db.reads``): the unfiltered list, in id order, each page
read as one JSON document (``pl_api.db.json_documents``) with its priority and element ids."""

from __future__ import annotations

from functools import partial
from typing import Any

import msgspec
from sqlalchemy import ColumnElement, Select, Subquery, Table, bindparam, select

from pl_api.db.json_documents import DOCUMENT, json_array_of_rows, json_list
from pl_api.db.reads import ReadStatement
from pl_api.db.tenant_scope import TenantScope
from pl_api.domain.activities import schemas
from pl_api.domain.activities.models import Activity, ActivityElement, ActivityPriority
from pl_api.http.pagination import PageRequest, encode_cursor

ACTIVITIES: Table = Activity.__table__  # type: ignore[assignment]


def _link_ids(link_model: Any, column: str, page: Subquery) -> Select[Any]:
    table: Table = link_model.__table__
    return (
        select(table.c[column])
        .where(table.c.tenant_id == bindparam("tenant_id"), table.c.activity_id == page.c.id)
        .order_by(table.c[column])
        .correlate(page)
    )


def _page(after: bool) -> Select[Any]:
    in_page = ACTIVITIES.c.tenant_id == bindparam("tenant_id")
    if after:
        in_page &= ACTIVITIES.c.id > bindparam("after")
    columns = [c for c in ACTIVITIES.c if c.key != "tenant_id"]
    page = select(*columns).where(in_page).order_by(ACTIVITIES.c.id).limit(bindparam("limit"))

    def lists(rows: Subquery) -> dict[str, ColumnElement[Any]]:
        return {
            "priority_ids": json_list(_link_ids(ActivityPriority, "priority_id", rows)),
            "element_ids": json_list(_link_ids(ActivityElement, "element_id", rows)),
        }

    return json_array_of_rows(page, "id", lists)


STATEMENTS = {after: ReadStatement(partial(_page, after)) for after in (False, True)}
"""The first page, and a page after a cursor."""

_ACTIVITIES = msgspec.json.Decoder(list[schemas.Activity])


async def lean_activity_page(db: TenantScope, page: PageRequest) -> tuple[list[schemas.Activity], str | None] | None:
    """One page of all the tenant's activities, as ``GET /v1/activities`` with no filter answers it; None when
    the lean path does not serve this caller (the ORM path answers then)."""
    reads = db.lean_reads(Activity)
    if reads is None:
        return None
    values = {"limit": page.limit + 1, "after": page.after}
    ((found,),) = await reads.fetch(db.tenant_id, (STATEMENTS[page.after is not None], values))
    items = _ACTIVITIES.decode(found[DOCUMENT])
    if len(items) <= page.limit:
        return items, None
    del items[page.limit :]
    return items, encode_cursor(items[-1].id)
