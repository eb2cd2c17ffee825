"""``/v1/tlc/groups/{group_id}/meetings`` and ``/v1/tlc/meetings/{meeting_id}``: scheduling and running a
meeting, from the agenda to closing it into the core record."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

from sqlalchemy import delete as sql_delete
from sqlalchemy import func, select

from pl_api.plugin import (
    Controller,
    Db,
    FromPath,
    JSONBody,
    Paging,
    Response,
    TenantScope,
    Unprocessable,
    emit_event,
    field_problem,
    get,
    post,
    problems,
    put,
    with_etag,
)
from pl_api_tlc import meeting_schemas as ms
from pl_api_tlc.access import GroupView, ensure_runs, group_view, meeting_view
from pl_api_tlc.core_record import meeting_activity
from pl_api_tlc.models import TlcAttendance, TlcMeeting, TlcPlanChange, TlcPlanItem, TlcReport
from pl_api_tlc.rules import InvalidTransition, MeetingIncomplete, meeting_move, missing_for_close, require_in_progress

RUNS = {"own": "meetings of groups they lead", "permission": "tlc.write"}


async def attendance_of(db: TenantScope, meeting_id: UUID) -> list[TlcAttendance]:
    """The attendance taken at a meeting, by staff id."""
    rows = await db.session.scalars(
        select(TlcAttendance)
        .where(TlcAttendance.tenant_id == db.tenant_id, TlcAttendance.meeting_id == meeting_id)
        .order_by(TlcAttendance.staff_id)
    )
    return list(rows)


async def meeting_schema(db: TenantScope, meeting: TlcMeeting, view: GroupView) -> ms.Meeting:
    """A meeting as the caller may see it: section notes only for the group's leader and members."""
    show_notes = view.is_participant
    agenda = [
        ms.Section(title=s["title"], minutes=s["minutes"], notes=s.get("notes") if show_notes else None)
        for s in meeting.agenda
    ]
    return ms.Meeting(
        id=meeting.id,
        group_id=meeting.group_id,
        sequence=meeting.sequence,
        scheduled_at=meeting.scheduled_at,
        rescheduled_from=meeting.rescheduled_from,
        status=meeting.status,  # type: ignore[arg-type]
        agenda=agenda,
        planned_minutes=sum(s.minutes for s in agenda),
        attendance=[ms.Attendee(a.staff_id, a.present) for a in await attendance_of(db, meeting.id)],
        started_at=meeting.started_at,
        closed_at=meeting.closed_at,
        cancel_reason=meeting.cancel_reason,
        activity_id=meeting.activity_id,
        created_at=meeting.created_at,
        updated_at=meeting.updated_at,
        version=meeting.version,
    )


async def _respond(db: TenantScope, meeting: TlcMeeting, view: GroupView, status: int = 200) -> Response[ms.Meeting]:
    return with_etag(await meeting_schema(db, meeting, view), meeting.version, status)


async def running(db: TenantScope, meeting_id: UUID) -> tuple[TlcMeeting, GroupView]:
    """A meeting the caller runs, in an active programme."""
    meeting, view = await meeting_view(db, meeting_id)
    ensure_runs(db, view)
    if view.programme.status != "active":
        raise InvalidTransition("the programme is closed: its meetings cannot change")
    return meeting, view


class GroupMeetingController(Controller):
    """A group's meetings."""

    path = "/tlc/groups/{group_id:uuid}/meetings"

    @get("/", operation_id="TlcListMeetings", responses=problems(404))
    async def list_meetings(self, db: Db, page: Paging, group_id: FromPath[UUID]) -> ms.MeetingPage:
        """The group's meetings, in the order they were scheduled."""
        view = await group_view(db, group_id)
        rows, cursor = await db.page(db.select(TlcMeeting).where(TlcMeeting.group_id == group_id), TlcMeeting, page)
        return ms.MeetingPage([await meeting_schema(db, m, view) for m in rows], cursor)

    @post("/", operation_id="TlcScheduleMeeting", responses=problems(404, 409, 422), opt=RUNS)
    async def schedule_meeting(
        self, db: Db, group_id: FromPath[UUID], data: JSONBody[ms.MeetingCreate]
    ) -> Response[ms.Meeting]:
        """Schedule the group's next meeting; its agenda is the programme's template unless given."""
        view = await group_view(db, group_id)
        ensure_runs(db, view)
        if view.programme.status != "active":
            raise InvalidTransition("the programme is closed: start a new one to schedule meetings")
        last = await db.session.scalar(
            select(func.max(TlcMeeting.sequence)).where(
                TlcMeeting.tenant_id == db.tenant_id, TlcMeeting.group_id == group_id
            )
        )
        template = (
            [{"title": s.title, "minutes": s.minutes} for s in data.agenda]
            if data.agenda
            else list(view.programme.agenda_template)
        )
        meeting = TlcMeeting(
            tenant_id=db.tenant_id,
            group_id=group_id,
            sequence=(last or 0) + 1,
            scheduled_at=data.scheduled_at,
            status="scheduled",
            agenda=[{**section, "notes": None} for section in template],
        )
        db.session.add(meeting)
        await db.commit("another meeting of this group was scheduled at the same moment; try again")
        return await _respond(db, meeting, view, 201)


class MeetingController(Controller):
    """One meeting: its life from scheduled to closed (or cancelled)."""

    path = "/tlc/meetings/{meeting_id:uuid}"

    @get("/", operation_id="TlcGetMeeting", responses=problems(404))
    async def get_meeting(self, db: Db, meeting_id: FromPath[UUID]) -> Response[ms.Meeting]:
        """One meeting; section notes only for the group's leader and members."""
        meeting, view = await meeting_view(db, meeting_id)
        return await _respond(db, meeting, view)

    @post("/reschedule", operation_id="TlcRescheduleMeeting", responses=problems(404, 409), opt=RUNS, status_code=200)
    async def reschedule(
        self, db: Db, meeting_id: FromPath[UUID], data: JSONBody[ms.MeetingReschedule]
    ) -> Response[ms.Meeting]:
        """Move a scheduled meeting to another time; the first time it was planned for is kept."""
        meeting, view = await running(db, meeting_id)
        meeting_move(meeting.status, "reschedule")
        meeting.rescheduled_from = meeting.rescheduled_from or meeting.scheduled_at
        meeting.scheduled_at = data.scheduled_at
        await db.commit()
        return await _respond(db, meeting, view)

    @post("/cancel", operation_id="TlcCancelMeeting", responses=problems(404, 409), opt=RUNS, status_code=200)
    async def cancel(
        self, db: Db, meeting_id: FromPath[UUID], data: JSONBody[ms.MeetingCancel]
    ) -> Response[ms.Meeting]:
        """Cancel a scheduled meeting."""
        meeting, view = await running(db, meeting_id)
        meeting.status = meeting_move(meeting.status, "cancel")
        meeting.cancel_reason = data.reason
        await db.commit()
        return await _respond(db, meeting, view)

    @post("/start", operation_id="TlcStartMeeting", responses=problems(404, 409), opt=RUNS, status_code=200)
    async def start(self, db: Db, meeting_id: FromPath[UUID]) -> Response[ms.Meeting]:
        """Start a scheduled meeting; a group holds one meeting at a time."""
        meeting, view = await running(db, meeting_id)
        target = meeting_move(meeting.status, "start")
        other = await db.session.scalar(
            select(TlcMeeting.sequence).where(
                TlcMeeting.tenant_id == db.tenant_id,
                TlcMeeting.group_id == meeting.group_id,
                TlcMeeting.status == "in_progress",
            )
        )
        if other is not None:
            raise InvalidTransition(f"meeting {other} of this group is still in progress: close it first")
        meeting.status, meeting.started_at = target, datetime.now(UTC)
        await db.commit()
        return await _respond(db, meeting, view)

    @put("/attendance", operation_id="TlcPutAttendance", responses=problems(404, 409, 422), opt=RUNS, status_code=200)
    async def put_attendance(
        self, db: Db, meeting_id: FromPath[UUID], data: JSONBody[ms.AttendancePut]
    ) -> Response[ms.Meeting]:
        """Take attendance: every member of the group, present or not (the leader is not listed)."""
        meeting, view = await running(db, meeting_id)
        require_in_progress(meeting.status, "attendance")
        listed = [entry.staff_id for entry in data.attendance]
        if len(set(listed)) != len(listed):
            raise field_problem(Unprocessable, "attendance", "lists the same staff member more than once")
        strangers = sorted(str(s) for s in set(listed) - set(view.member_ids))
        if strangers:
            raise field_problem(Unprocessable, "attendance", f"not members of the group: {', '.join(strangers)}")
        missing = sorted(str(s) for s in set(view.member_ids) - set(listed))
        if missing:
            raise field_problem(
                Unprocessable, "attendance", f"say whether each member was present: {', '.join(missing)}"
            )
        await db.session.execute(
            sql_delete(TlcAttendance).where(
                TlcAttendance.tenant_id == db.tenant_id, TlcAttendance.meeting_id == meeting.id
            )
        )
        for entry in data.attendance:
            db.session.add(
                TlcAttendance(
                    tenant_id=db.tenant_id, meeting_id=meeting.id, staff_id=entry.staff_id, present=entry.present
                )
            )
        await db.commit()
        return await _respond(db, meeting, view)

    @put(
        "/sections/{position:int}/notes",
        operation_id="TlcPutSectionNotes",
        responses=problems(404, 409),
        opt=RUNS,
        status_code=200,
    )
    async def put_notes(
        self, db: Db, meeting_id: FromPath[UUID], position: FromPath[int], data: JSONBody[ms.SectionNotes]
    ) -> Response[ms.Meeting]:
        """Write the notes of agenda section `position` (1 for the first); only the group reads them."""
        meeting, view = await running(db, meeting_id)
        require_in_progress(meeting.status, "notes")
        if not 1 <= position <= len(meeting.agenda):
            raise field_problem(
                Unprocessable, "position", f"the agenda has sections 1 to {len(meeting.agenda)}", "path"
            )
        agenda = [dict(section) for section in meeting.agenda]
        agenda[position - 1]["notes"] = data.notes
        meeting.agenda = agenda
        await db.commit()
        return await _respond(db, meeting, view)

    @post("/close", operation_id="TlcCloseMeeting", responses=problems(404, 409), opt=RUNS, status_code=200)
    async def close(self, db: Db, meeting_id: FromPath[UUID]) -> Response[ms.Meeting]:
        """Close a meeting: it needs attendance, and from each member present a report (or pass) and an updated
        plan. It then becomes a core activity (kind `tlc.meeting`) crediting everyone present."""
        meeting, view = await running(db, meeting_id)
        target = meeting_move(meeting.status, "close")
        attendance = await attendance_of(db, meeting.id)
        present = [a.staff_id for a in attendance if a.present]
        reported = await db.session.scalars(
            select(TlcReport.staff_id).where(TlcReport.tenant_id == db.tenant_id, TlcReport.meeting_id == meeting.id)
        )
        updated = await db.session.scalars(
            select(TlcPlanItem.staff_id)
            .join(TlcPlanChange, TlcPlanChange.item_id == TlcPlanItem.id)
            .where(TlcPlanChange.tenant_id == db.tenant_id, TlcPlanChange.meeting_id == meeting.id)
        )
        reason = missing_for_close(map(str, present), map(str, reported), map(str, updated), bool(attendance))
        if reason:
            raise MeetingIncomplete(f"meeting {meeting.sequence} cannot close yet: it {reason}")
        minutes = sum(int(section["minutes"]) for section in meeting.agenda)
        absent = [a.staff_id for a in attendance if not a.present]
        activity = await meeting_activity(
            db,
            view.programme,
            view.group,
            meeting.sequence,
            meeting.started_at or meeting.scheduled_at,
            minutes,
            present,
            absent,
        )
        await db.session.flush()
        meeting.status, meeting.closed_at, meeting.activity_id = target, datetime.now(UTC), activity.id
        emit_event(
            db.session,
            db.tenant_id,
            "tlc.meeting.closed",
            meeting.id,
            {
                "group_id": str(view.group.id),
                "programme_id": str(view.programme.id),
                "sequence": meeting.sequence,
                "present": len(present),
                "activity_id": str(activity.id),
            },
        )
        await db.commit()
        return await _respond(db, meeting, view)


async def in_progress_meeting(db: TenantScope, group_id: UUID) -> TlcMeeting | None:
    """The group's meeting in progress, if any."""
    stmt = db.select(TlcMeeting).where(TlcMeeting.group_id == group_id, TlcMeeting.status == "in_progress")
    result: TlcMeeting | None = await db.session.scalar(stmt)
    return result
