"""``/v1/tlc/plan-items``: members' personal action plans, and ``/v1/tlc/meetings/{id}/reports``: their
"how's it going?" reports."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import msgspec
from sqlalchemy import or_, select

from pl_api.plugin import (
    Controller,
    Db,
    Forbidden,
    FromPath,
    FromQuery,
    JSONBody,
    NotFound,
    Paging,
    Request,
    Response,
    TenantScope,
    Unprocessable,
    acting_staff_id,
    check_if_match,
    emit_event,
    field_problem,
    get,
    patch,
    post,
    problems,
    put,
    with_etag,
)
from pl_api_tlc import meeting_schemas as ms
from pl_api_tlc.access import GroupView, ensure_group_reader, ensure_self, ensure_user, group_view, meeting_view
from pl_api_tlc.controllers.meetings import attendance_of, in_progress_meeting
from pl_api_tlc.models import TlcGroup, TlcGroupMember, TlcMeeting, TlcPlanChange, TlcPlanItem, TlcReport, TlcTechnique
from pl_api_tlc.rules import InvalidTransition, item_move, require_in_progress

OWN_PLAN = {"own": "their own action plan", "permission": ""}
GROUP_READS = {"own": "those of the groups they lead or belong to", "permission": ""}


async def item_schema(db: TenantScope, item: TlcPlanItem) -> ms.PlanItem:
    changes = await db.session.scalars(
        select(TlcPlanChange)
        .where(TlcPlanChange.tenant_id == db.tenant_id, TlcPlanChange.item_id == item.id)
        .order_by(TlcPlanChange.id)
    )
    return ms.PlanItem(
        id=item.id,
        group_id=item.group_id,
        staff_id=item.staff_id,
        technique_id=item.technique_id,
        intention=item.intention,
        starts_on=item.starts_on,
        status=item.status,  # type: ignore[arg-type]
        changes=[
            ms.PlanChange(
                id=c.id,
                meeting_id=c.meeting_id,
                from_status=c.from_status,  # type: ignore[arg-type]
                to_status=c.to_status,  # type: ignore[arg-type]
                intention_changed=c.intention_changed,
                changed_at=c.created_at,
            )
            for c in changes
        ],
        created_at=item.created_at,
        updated_at=item.updated_at,
        version=item.version,
    )


async def meeting_for_change(db: TenantScope, view: GroupView, meeting_id: UUID | None) -> UUID | None:
    """The meeting a plan change happens in: the one named (this group's, in progress), else the group's
    meeting in progress, else none (a change between meetings)."""
    if meeting_id is None:
        current = await in_progress_meeting(db, view.group.id)
        return current.id if current else None
    meeting = await db.session.scalar(db.select(TlcMeeting).where(TlcMeeting.id == meeting_id))
    if meeting is None or meeting.group_id != view.group.id:
        raise field_problem(Unprocessable, "meeting_id", f"no meeting {meeting_id} of this group")
    require_in_progress(meeting.status, "a plan change with a meeting")
    return meeting.id


def _changed(db: TenantScope, item: TlcPlanItem, before: str | None, meeting_id: UUID | None, intention: bool) -> None:
    db.session.add(
        TlcPlanChange(
            tenant_id=db.tenant_id,
            item_id=item.id,
            meeting_id=meeting_id,
            from_status=before,
            to_status=item.status,
            intention_changed=intention,
        )
    )
    data = {"group_id": str(item.group_id), "staff_id": str(item.staff_id), "from_status": before}
    data |= {"to_status": item.status, "meeting_id": str(meeting_id) if meeting_id else None}
    emit_event(db.session, db.tenant_id, "tlc.plan_item.changed", item.id, data)


async def visible_item(db: TenantScope, item_id: UUID) -> tuple[TlcPlanItem, GroupView]:
    """A plan item, for its group's leader and members; 404 for anyone else."""
    item = await db.get(TlcPlanItem, item_id)
    view = await group_view(db, item.group_id)
    if not view.is_participant:
        raise NotFound(f"no tlc plan item with id {item_id}")
    return item, view


class PlanItemController(Controller):
    """Personal action plans: each member writes their own; their group reads them."""

    path = "/tlc/plan-items"

    @get("/", operation_id="TlcListPlanItems", responses=problems(), opt=GROUP_READS)
    async def list_items(
        self,
        db: Db,
        page: Paging,
        group_id: FromQuery[UUID | None] = None,
        staff_id: FromQuery[UUID | None] = None,
    ) -> ms.PlanItemPage:
        """Plan items of the groups the caller leads or belongs to; filter by group or member."""
        caller = acting_staff_id(db)
        if caller is None:
            raise Forbidden("action plans are their group's: act as a member, or read counts in …/progress")
        mine = select(TlcGroupMember.group_id).where(
            TlcGroupMember.tenant_id == db.tenant_id, TlcGroupMember.staff_id == caller
        )
        led = select(TlcGroup.id).where(TlcGroup.tenant_id == db.tenant_id, TlcGroup.leader_staff_id == caller)
        stmt = db.select(TlcPlanItem).where(or_(TlcPlanItem.group_id.in_(mine), TlcPlanItem.group_id.in_(led)))
        if group_id is not None:
            stmt = stmt.where(TlcPlanItem.group_id == group_id)
        if staff_id is not None:
            stmt = stmt.where(TlcPlanItem.staff_id == staff_id)
        rows, cursor = await db.page(stmt, TlcPlanItem, page)
        return ms.PlanItemPage([await item_schema(db, item) for item in rows], cursor)

    @post("/", operation_id="TlcCreatePlanItem", responses=problems(404, 409, 422), opt=OWN_PLAN)
    async def create_item(self, db: Db, data: JSONBody[ms.PlanItemCreate]) -> Response[ms.PlanItem]:
        """Add an item to the caller's own plan in a group they belong to: a technique from the programme's
        library, an intention and a start date. It starts as `proposed`."""
        caller = ensure_user(db, "action plan")
        await db.require_one(TlcGroup, data.group_id, "group_id")
        view = await group_view(db, data.group_id)
        if caller not in view.member_ids:
            raise field_problem(Unprocessable, "group_id", "you are not a member of this group")
        if view.programme.status != "active":
            raise InvalidTransition("the programme is closed: plans cannot change")
        technique = await db.session.scalar(db.select(TlcTechnique).where(TlcTechnique.id == data.technique_id))
        if technique is None or technique.programme_id != view.programme.id:
            raise field_problem(Unprocessable, "technique_id", "not a technique in this programme's library")
        meeting_id = await meeting_for_change(db, view, data.meeting_id)
        item = TlcPlanItem(
            tenant_id=db.tenant_id,
            group_id=view.group.id,
            staff_id=caller,
            technique_id=technique.id,
            intention=data.intention,
            starts_on=data.starts_on,
            status="proposed",
        )
        db.session.add(item)
        await db.session.flush()
        _changed(db, item, None, meeting_id, False)
        await db.commit()
        return with_etag(await item_schema(db, item), item.version, 201)

    @get("/{item_id:uuid}", operation_id="TlcGetPlanItem", responses=problems(404), opt=GROUP_READS)
    async def get_item(self, db: Db, item_id: FromPath[UUID]) -> Response[ms.PlanItem]:
        """One plan item with its history of changes."""
        item, _ = await visible_item(db, item_id)
        return with_etag(await item_schema(db, item), item.version)

    @patch("/{item_id:uuid}", operation_id="TlcUpdatePlanItem", responses=problems(404, 409, 412, 422), opt=OWN_PLAN)
    async def update_item(
        self, request: Request[Any, Any, Any], db: Db, item_id: FromPath[UUID], data: JSONBody[ms.PlanItemUpdate]
    ) -> Response[ms.PlanItem]:
        """Move one's own item on (proposed → active → tried → embedded, adapted back to active, or dropped) or
        change its intention; the change is recorded with the meeting it happened in."""
        item, view = await visible_item(db, item_id)
        ensure_self(db, item.staff_id, "action plan")
        check_if_match(request, item.version)
        if view.programme.status != "active":
            raise InvalidTransition("the programme is closed: plans cannot change")
        before = item.status
        if not isinstance(data.status, msgspec.UnsetType):
            item_move(item.status, data.status)
            item.status = data.status
        intention_changed = not isinstance(data.intention, msgspec.UnsetType) and data.intention != item.intention
        if intention_changed:
            item.intention = str(data.intention)
        if item.status == before and not intention_changed:
            raise field_problem(Unprocessable, "status", "changes nothing: give a new status or intention")
        meeting_id = await meeting_for_change(
            db, view, None if isinstance(data.meeting_id, msgspec.UnsetType) else data.meeting_id
        )
        _changed(db, item, before, meeting_id, intention_changed)
        await db.commit()
        return with_etag(await item_schema(db, item), item.version)


class ReportController(Controller):
    """Reports at a meeting: each member present says how their plan is going, or passes."""

    path = "/tlc/meetings/{meeting_id:uuid}/reports"

    @get("/", operation_id="TlcListReports", responses=problems(404), opt=GROUP_READS)
    async def list_reports(self, db: Db, meeting_id: FromPath[UUID]) -> ms.ReportPage:
        """The meeting's reports: for the group's leader and members only."""
        _, view = await meeting_view(db, meeting_id)
        ensure_group_reader(view, "reports")
        rows = await db.session.scalars(
            db.select(TlcReport).where(TlcReport.meeting_id == meeting_id).order_by(TlcReport.staff_id)
        )
        return ms.ReportPage([msgspec.convert(r, ms.Report, from_attributes=True) for r in rows], None)

    @put(
        "/{staff_id:uuid}",
        operation_id="TlcPutReport",
        responses=problems(404, 409, 422),
        opt={"own": "their own report; a group's leader, any member's", "permission": ""},
        status_code=200,
    )
    async def put_report(
        self, db: Db, meeting_id: FromPath[UUID], staff_id: FromPath[UUID], data: JSONBody[ms.ReportPut]
    ) -> Response[ms.Report]:
        """Record a member's report on how their plan is going, or their pass. The member or the group's
        leader records it, while the meeting is in progress; repeating replaces it."""
        meeting, view = await meeting_view(db, meeting_id)
        if not view.is_leader:
            ensure_self(db, staff_id, "report")
        if staff_id not in view.member_ids:
            raise field_problem(Unprocessable, "staff_id", "not a member of the meeting's group", "path")
        require_in_progress(meeting.status, "reports")
        if data.passed == bool(data.text):
            raise field_problem(Unprocessable, "text", "give the report's text, or `passed: true` without text")
        absent = {a.staff_id for a in await attendance_of(db, meeting.id) if not a.present}
        if staff_id in absent:
            raise field_problem(Unprocessable, "staff_id", "was recorded absent from this meeting", "path")
        if data.plan_item_id is not None:
            item = await db.session.scalar(db.select(TlcPlanItem).where(TlcPlanItem.id == data.plan_item_id))
            if item is None or item.staff_id != staff_id or item.group_id != view.group.id:
                raise field_problem(Unprocessable, "plan_item_id", "not an item of this member's plan in this group")
        report = await db.session.scalar(
            db.select(TlcReport).where(TlcReport.meeting_id == meeting.id, TlcReport.staff_id == staff_id)
        )
        if report is None:
            report = TlcReport(tenant_id=db.tenant_id, meeting_id=meeting.id, staff_id=staff_id)
            db.session.add(report)
        report.passed, report.text, report.plan_item_id = data.passed, data.text, data.plan_item_id
        await db.commit("a report for this member was recorded at the same moment; try again")
        return with_etag(msgspec.convert(report, ms.Report, from_attributes=True), report.version)
