"""``/v1/staff/{staff_id}/record``."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from uuid import UUID

from litestar import Controller, Request, get
from litestar.params import FromPath, QueryParameter

from pl_api.domain.access import ensure_may_act_for
from pl_api.domain.records import schemas
from pl_api.domain.records.service import build_record, requested_period
from pl_api.domain.staff.reads import staff_by_id
from pl_api.http.dependencies import Db
from pl_api.http.openapi import problems


class StaffRecordController(Controller):
    """A staff member's CPD record, for the performance-management conversation."""

    path = "/staff/{staff_id:uuid}/record"
    tags = ["Staff"]
    opt = {"resource": "staff", "permission": "records.read", "own": "their own"}

    @get("/", operation_id="GetStaffRecord", responses=problems(404))
    async def get_record(
        self,
        request: Request[Any, Any, Any],
        db: Db,
        staff_id: FromPath[UUID],
        from_date: Annotated[date | None, QueryParameter(name="from", description="First day, inclusive")] = None,
        to_date: Annotated[date | None, QueryParameter(name="to", description="Last day, inclusive")] = None,
    ) -> schemas.StaffRecord:
        """Activities attended with the minutes credited, totals by stream, kind and priority, current goals,
        and the reflections the caller may see. The period defaults to the current academic year
        (1 September to 31 August)."""
        await staff_by_id(db, staff_id)  # a 404 for a staff member the caller cannot see
        await ensure_may_act_for(db, staff_id, "records.read", "record")
        start, end = requested_period(from_date, to_date)
        return await build_record(db, request.user, request.app.state.plugin_host, staff_id, start, end)
