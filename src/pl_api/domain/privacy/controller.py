"""``/v1/staff/{staff_id}/export`` and ``/v1/staff/{staff_id}/erase``: a staff member's rights over their data."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, Request, get, post
from litestar.params import FromPath

from pl_api.db.tenant_scope import TenantScope
from pl_api.domain.access import ensure_may_act_for, is_own
from pl_api.domain.audit.models import record_audit
from pl_api.domain.privacy import schemas
from pl_api.domain.privacy.service import erase_staff, export_staff
from pl_api.domain.staff.models import Staff
from pl_api.http.dependencies import Db
from pl_api.http.openapi import problems
from pl_api.http.problems import Conflict, Forbidden


async def _on_record_export(db: TenantScope, staff_id: UUID) -> None:
    """Someone other than the staff member exported their data: put it on the audit log."""
    record_audit(db.session, db.tenant_id, action="exported", subject_type="staff", subject_id=staff_id)
    await db.commit()


class PrivacyController(Controller):
    """A staff member's rights over their data under UK GDPR. The school (or trust) is the controller
    of the data and answers the requests; pl-api is its processor."""

    path = "/staff/{staff_id:uuid}"
    tags = ["Privacy"]
    opt = {"resource": "privacy"}

    @get(
        "/export",
        operation_id="ExportStaffData",
        responses=problems(404),
        opt={"permission": "privacy.read", "own": "their own"},
    )
    async def export_staff_data(
        self, request: Request[Any, Any, Any], db: Db, staff_id: FromPath[UUID]
    ) -> schemas.StaffExport:
        """Everything held about a staff member, core and plugins, as JSON: the staff record, team
        memberships, participations, activities they lead, feedback they gave, goals, every reflection
        (private ones too: they are the staff member's own) and priorities they own. For the staff
        member themselves, and for answering a subject access request (`privacy.read`, or a client's
        `privacy:read`); an export by anyone else than the staff member is put on record."""
        staff = await db.get(Staff, staff_id)
        await ensure_may_act_for(db, staff_id, "privacy.read", "data")
        export = await export_staff(db, request.app.state.plugin_host, staff)
        if not is_own(db, staff_id):
            await _on_record_export(db, staff_id)
        return export

    @post(
        "/erase",
        operation_id="EraseStaff",
        status_code=200,
        responses=problems(404, 409),
        opt={"permission": "privacy.write"},
    )
    async def erase_staff(
        self, request: Request[Any, Any, Any], db: Db, staff_id: FromPath[UUID]
    ) -> schemas.StaffErasure:
        """Erase a staff member, keeping the school's figures: their names become a placeholder, their
        email a unique address that is no one's; TRN, job title, identifiers and every role are cleared;
        reflections and goals are deleted and feedback keeps only its ratings. School and team
        memberships, attendance and minutes stay, no longer identifying anyone. Enabled plugins erase
        their own data in the same transaction. The staff member can no longer sign in. Cannot be
        undone; erasing an erased staff member is a 409, and nobody erases themselves (403)."""
        staff = await db.get(Staff, staff_id)
        if is_own(db, staff_id):
            raise Forbidden("nobody erases themselves: ask another holder of privacy.write")
        schools: set[UUID | None] = {m.school_id for m in staff.memberships}
        db.authorize(*(schools or {None}))
        if staff.status == "erased":
            raise Conflict(f"staff member {staff_id} is already erased")
        summary = await erase_staff(db, request.app.state.plugin_host, staff)
        await db.commit()
        return summary
