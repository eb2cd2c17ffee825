"""Who may see and do what in the plugin: the one place its privacy rules live.

- Programmes, groups and meetings (without notes) are seen by ``tlc.read`` holders in the programme's
  school, and by the group's own leader and members.
- A group runs its meetings through its leader; a ``tlc.write`` holder in the school may stand in.
- Meeting notes, reports and plan items are the group's: its leader and members read them; nobody else
  does (not leaders, not integration clients). Leaders see counts through the progress operations.
- A plan is written only by its owner; a report by the member or the group's leader.
- Observation notes are for the observer and the observee, and for the group once the observee shares them.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from sqlalchemy import select

from pl_api.plugin import Forbidden, NotFound, TenantScope, acting_staff_id, holds_permission
from pl_api_tlc.models import TlcGroup, TlcGroupMember, TlcMeeting, TlcProgramme


@dataclass
class GroupView:
    """A group, its programme and its members, as one caller sees them."""

    group: TlcGroup
    programme: TlcProgramme
    member_ids: list[UUID]
    caller: UUID | None

    @property
    def participants(self) -> set[UUID]:
        """The leader and the members."""
        return {self.group.leader_staff_id, *self.member_ids}

    @property
    def is_participant(self) -> bool:
        """Whether the caller is the group's leader or one of its members."""
        return self.caller is not None and self.caller in self.participants

    @property
    def is_leader(self) -> bool:
        """Whether the caller leads the group."""
        return self.caller is not None and self.caller == self.group.leader_staff_id


def may_read_programme(db: TenantScope, programme: TlcProgramme) -> bool:
    """``tlc.read`` for the programme's school."""
    return holds_permission(db, "tlc.read", programme.school_id)


async def member_ids(db: TenantScope, group_id: UUID) -> list[UUID]:
    """The members of a group (not its leader), in staff id order."""
    rows = await db.session.scalars(
        select(TlcGroupMember.staff_id)
        .where(TlcGroupMember.tenant_id == db.tenant_id, TlcGroupMember.group_id == group_id)
        .order_by(TlcGroupMember.staff_id)
    )
    return list(rows)


async def group_view(db: TenantScope, group_id: UUID) -> GroupView:
    """A group the caller may see (a participant, or ``tlc.read`` in its school); 404 otherwise."""
    group = await db.get(TlcGroup, group_id)
    programme = await db.get(TlcProgramme, group.programme_id)
    view = GroupView(group, programme, await member_ids(db, group.id), acting_staff_id(db))
    if not (view.is_participant or may_read_programme(db, programme)):
        raise NotFound(f"no tlc group with id {group_id}")
    return view


async def meeting_view(db: TenantScope, meeting_id: UUID) -> tuple[TlcMeeting, GroupView]:
    """A meeting and its group, if the caller may see them; 404 otherwise."""
    meeting = await db.get(TlcMeeting, meeting_id)
    try:
        return meeting, await group_view(db, meeting.group_id)
    except NotFound:
        raise NotFound(f"no tlc meeting with id {meeting_id}") from None


def ensure_runs(db: TenantScope, view: GroupView) -> None:
    """Only the group's leader, or a ``tlc.write`` holder in its school, runs its meetings; 403 otherwise."""
    if view.is_leader or holds_permission(db, "tlc.write", view.programme.school_id):
        return
    raise Forbidden("only the group's leader (or a tlc.write holder in its school) runs its meetings")


def ensure_group_reader(view: GroupView, what: str) -> None:
    """Only the group's leader and members read ``what``; 403 for anyone else, naming what they may see."""
    if not view.is_participant:
        raise Forbidden(
            f"{what} belong to the group: only its leader and members read them; "
            "see GET /v1/tlc/groups/{group_id}/progress for counts"
        )


def ensure_user(db: TenantScope, what: str) -> UUID:
    """The staff member calling; 403 for an API key, since staff members write their own ``what``."""
    caller = acting_staff_id(db)
    if caller is None:
        raise Forbidden(f"only the staff member writes their own {what}: call with their token, not an API key")
    return caller


def ensure_self(db: TenantScope, staff_id: UUID, what: str) -> UUID:
    """The caller must be the staff member ``staff_id`` themselves (a user, not an API key); 403 otherwise."""
    caller = ensure_user(db, what)
    if caller != staff_id:
        raise Forbidden(f"a staff member writes only their own {what}")
    return caller


def ensure_sees_progress(db: TenantScope, programme: TlcProgramme, view: GroupView | None = None) -> None:
    """Progress is for ``tlc.progress`` holders in the programme's school and for the group's leader."""
    if view is not None and view.is_leader:
        return
    if not holds_permission(db, "tlc.progress", programme.school_id):
        raise Forbidden("progress is for tlc.progress holders in the programme's school (and a group's leader)")
