"""``/v1/audit``: the audit log, read only."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, Response, get
from litestar.params import QueryParameter

from pl_api.domain.audit import models, schemas
from pl_api.domain.audit.models import ACTION_PATTERN
from pl_api.domain.listing import where_given
from pl_api.domain.schemas import to_schema
from pl_api.http.dependencies import Db, FromTimestampQuery, Paging, ToTimestampQuery, query_timestamp
from pl_api.http.openapi import problems
from pl_api.http.pagination import encode_cursor, next_link

ACTOR_PATTERN = r"^((client|staff):[0-9a-fA-F-]{36}|system(:[a-z0-9_.-]{1,60})?)$"
SUBJECT_TYPE_PATTERN = r"^[a-z0-9_.]{1,80}$"
SUBJECT_ID_PATTERN = r"^[^\x00-\x1f\x7f]{1,200}$"


class AuditController(Controller):
    """The audit log: every change to the tenant's data, and who made it. Nobody changes or deletes it."""

    path = "/audit"
    tags = ["Audit"]
    opt = {"resource": "audit", "permission": "audit.read"}

    @get("/", operation_id="ListAuditEntries", responses=problems())
    async def list_audit_entries(
        self,
        request: Request[Any, Any, Any],
        db: Db,
        page: Paging,
        actor: Annotated[
            str | None, QueryParameter(pattern=ACTOR_PATTERN, description="`client:<id>`, `staff:<id>` or `system`")
        ] = None,
        subject_type: Annotated[
            str | None, QueryParameter(pattern=SUBJECT_TYPE_PATTERN, description="e.g. `staff` or `team_members`")
        ] = None,
        subject_id: Annotated[
            str | None, QueryParameter(pattern=SUBJECT_ID_PATTERN, description="An id, or link ids joined by `/`")
        ] = None,
        action: Annotated[
            str | None, QueryParameter(pattern=ACTION_PATTERN.pattern, description="e.g. `created` or `updated`")
        ] = None,
        occurred_from: FromTimestampQuery = None,
        occurred_to: ToTimestampQuery = None,
    ) -> Response[schemas.AuditEntryPage]:
        """List audit entries, oldest first; `from` and `to` bound `occurred_at` (`to` exclusive). Only holders
        of `audit.read` across the trust see entries (the log belongs to no school)."""
        entry = models.AuditEntry
        filters = [
            (entry.actor, actor),
            (entry.subject_type, subject_type),
            (entry.subject_id, subject_id),
            (entry.action, action),
        ]
        stmt = where_given(db.select(entry), filters)
        if start := query_timestamp(occurred_from, "from"):
            stmt = stmt.where(entry.occurred_at >= start)
        if end := query_timestamp(occurred_to, "to"):
            stmt = stmt.where(entry.occurred_at < end)
        if page.after is not None:
            stmt = stmt.where(entry.id > page.after)
        rows = list(await db.session.scalars(stmt.order_by(entry.id).limit(page.limit + 1)))
        cursor = encode_cursor(rows[page.limit - 1].id) if len(rows) > page.limit else None
        items = [to_schema(row, schemas.AuditEntry) for row in rows[: page.limit]]
        return Response(schemas.AuditEntryPage(items, cursor), headers=next_link(request, cursor))
