"""``/v1/sync/…``: batches of MIS records, upserted by ``(source, external_id)``."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import msgspec
from litestar import Controller, Litestar, Request, post
from litestar.openapi.spec import Reference
from litestar.openapi.spec import Schema as OpenAPISchema
from litestar.params import JSONBody

from pl_api.db.tenant_scope import TenantScope
from pl_api.domain.sync import schemas, service
from pl_api.http.dependencies import Db
from pl_api.http.openapi import problems

R = TypeVar("R", bound=msgspec.Struct)
CONFLICT = "another request changed the same records at the same time; send the batch again"

Apply = Callable[
    [TenantScope, schemas.SyncBatch, list[tuple[int, Any]], service.Report, set[str], float], Awaitable[None]
]


async def run_batch(
    request: Request[Any, Any, Any],
    db: TenantScope,
    batch: schemas.SyncBatch,
    record_type: type[Any],
    apply: Apply,
) -> schemas.SyncReport:
    """Check every record, apply the good ones in one transaction, answer record by record."""
    db.authorize(None)  # a sync reaches across the tenant: a user needs the permission trust-wide
    report = service.Report()
    records = service.decode(batch.records, record_type, report)
    present = service.sent_keys(batch.records)
    await apply(db, batch, records, report, present, request.app.state.settings.sync.max_deactivate_share)
    await db.commit(CONFLICT)
    return report.as_schema(batch.source, batch.mode)


async def _memberships(
    db: TenantScope,
    batch: schemas.SyncBatch,
    records: list[tuple[int, Any]],
    report: service.Report,
    _present: set[str],
    _share: float,
) -> None:
    await service.sync_memberships(db, batch, records, report)


_RESPONSES = problems(409, 422)


class SyncController(Controller):
    """Sync from an MIS or a hub: send records keyed by `(source, external_id)`; each is created, updated or
    left unchanged, and a record that cannot be applied is reported without stopping the others. Sending the
    same batch again changes nothing (every record answers `unchanged`)."""

    path = "/sync"
    tags = ["Sync"]

    @post("/schools", operation_id="SyncSchools", status_code=200, responses=_RESPONSES, opt={"resource": "schools"})
    async def sync_schools(
        self, request: Request[Any, Any, Any], db: Db, data: JSONBody[schemas.SchoolSyncBatch]
    ) -> schemas.SyncReport:
        """Upsert schools (records: `SchoolSyncRecord`). `full` closes the source's schools not sent. 422 when a full
        sync would close more than the configured share of them, unless `force`."""
        return await run_batch(request, db, data, schemas.SchoolSyncRecord, service.sync_schools)

    @post("/staff", operation_id="SyncStaff", status_code=200, responses=_RESPONSES, opt={"resource": "staff"})
    async def sync_staff(
        self, request: Request[Any, Any, Any], db: Db, data: JSONBody[schemas.StaffSyncBatch]
    ) -> schemas.SyncReport:
        """Upsert staff and their school memberships (records: `StaffSyncRecord`). `full` marks the source's staff
        not sent as `left` (never deletes them). 422 when that would take more than the configured share (10%
        by default) of a school's active staff, unless `force`."""
        return await run_batch(request, db, data, schemas.StaffSyncRecord, service.sync_staff)

    @post("/teams", operation_id="SyncTeams", status_code=200, responses=_RESPONSES, opt={"resource": "teams"})
    async def sync_teams(
        self, request: Request[Any, Any, Any], db: Db, data: JSONBody[schemas.TeamSyncBatch]
    ) -> schemas.SyncReport:
        """Upsert teams (records: `TeamSyncRecord`). `full` archives the source's teams not sent (within
        `school_external_id` when given)."""
        return await run_batch(request, db, data, schemas.TeamSyncRecord, service.sync_teams)

    @post(
        "/memberships", operation_id="SyncMemberships", status_code=200, responses=_RESPONSES, opt={"resource": "teams"}
    )
    async def sync_memberships(
        self, request: Request[Any, Any, Any], db: Db, data: JSONBody[schemas.MembershipSyncBatch]
    ) -> schemas.SyncReport:
        """Put staff in teams (records: `MembershipSyncRecord`). `full` removes, from each team the batch names, the
        members it does not list."""
        return await run_batch(request, db, data, schemas.MembershipSyncRecord, _memberships)


RECORD_TYPES: dict[str, type[msgspec.Struct]] = {
    "SchoolSyncBatch": schemas.SchoolSyncRecord,
    "StaffSyncBatch": schemas.StaffSyncRecord,
    "TeamSyncBatch": schemas.TeamSyncRecord,
    "MembershipSyncBatch": schemas.MembershipSyncRecord,
}


def document_records(app: Litestar) -> None:
    """Name each batch's record type in the OpenAPI document. The handlers take records as plain objects, so
    that one bad record is answered on its own instead of failing the batch; the document still says what a
    good record looks like."""
    components = app.openapi_schema.components.schemas
    if components is None:
        return

    handlers = [
        post(f"/{name}", operation_id=f"Shape{name}", sync_to_thread=False)(
            _shape_handler(record)  # one route per record type
        )
        for name, record in RECORD_TYPES.items()
    ]
    shapes = Litestar(route_handlers=handlers, logging_config=None)  # configures nothing, serves nothing
    generated = shapes.openapi_schema.components.schemas or {}
    for name, schema in generated.items():
        if components.setdefault(name, schema) != schema:
            raise RuntimeError(f"two schemas are named {name} in the OpenAPI document; rename one")
    for batch, record in RECORD_TYPES.items():
        envelope = components[batch]
        records = (envelope.properties or {}).get("records") if isinstance(envelope, OpenAPISchema) else None
        if isinstance(records, OpenAPISchema):
            records.items = Reference(ref=f"#/components/schemas/{record.__name__}")


def _shape_handler(record: type[msgspec.Struct]) -> Callable[..., None]:
    def handler(data: Any) -> None:
        """Only here so that Litestar writes the record's schema."""

    handler.__annotations__ = {"data": JSONBody[record], "return": None}  # type: ignore[misc,valid-type]
    return handler
