"""Into the core record: a closed meeting and a peer observation each become a core activity with
participations, so the staff CPD record counts their minutes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from uuid import UUID

from pl_api.plugin import Activity, Participation, TenantScope
from pl_api_tlc.models import TlcGroup, TlcObservation, TlcProgramme

MEETING_KIND = "tlc.meeting"
OBSERVATION_KIND = "tlc.observation"
MEETING_MECHANISMS = ["action_planning", "context_specific_repetition", "monitor_feedback", "social_support"]
OBSERVATION_MECHANISMS = ["monitor_feedback", "social_support"]


def record_activity(
    db: TenantScope,
    *,
    kind: str,
    stream: str,
    title: str,
    starts_at: datetime,
    minutes: int,
    school_id: UUID | None,
    team_id: UUID | None,
    leader_staff_id: UUID | None,
    mechanisms: list[str],
    attended: list[UUID],
    absent: Sequence[UUID] = (),
) -> Activity:
    """A completed activity, with each attendee credited the whole duration and the absent recorded as such."""
    activity = Activity(
        tenant_id=db.tenant_id,
        school_id=school_id,
        team_id=team_id,
        title=title,
        description=None,
        kind=kind,
        stream=stream,
        starts_at=starts_at,
        duration_minutes=minutes,
        location=None,
        leader_staff_id=leader_staff_id,
        mechanisms=sorted(mechanisms),
        cost_pence=None,
        status="completed",
    )
    db.session.add(activity)
    for staff_id in dict.fromkeys(attended):
        db.session.add(
            Participation(
                tenant_id=db.tenant_id,
                activity_id=activity.id,
                staff_id=staff_id,
                status="attended",
                minutes_credited=minutes,
            )
        )
    for staff_id in absent:
        db.session.add(
            Participation(
                tenant_id=db.tenant_id, activity_id=activity.id, staff_id=staff_id, status="absent", minutes_credited=0
            )
        )
    return activity


def meeting_activity(
    db: TenantScope,
    programme: TlcProgramme,
    group: TlcGroup,
    sequence: int,
    starts_at: datetime,
    minutes: int,
    present: list[UUID],
    absent: list[UUID],
) -> Activity:
    """The team activity a closed meeting becomes: the leader and the members present attended."""
    return record_activity(
        db,
        kind=MEETING_KIND,
        stream="team",
        title=f"{group.name}: TLC meeting {sequence}",
        starts_at=starts_at,
        minutes=minutes,
        school_id=programme.school_id,
        team_id=group.team_id,
        leader_staff_id=group.leader_staff_id,
        mechanisms=MEETING_MECHANISMS,
        attended=[group.leader_staff_id, *present],
        absent=absent,
    )


def observation_activity(db: TenantScope, programme: TlcProgramme, observation: TlcObservation) -> Activity:
    """The individual activity a peer observation becomes, attended by the observer and the observee."""
    return record_activity(
        db,
        kind=OBSERVATION_KIND,
        stream="individual",
        title="TLC peer observation",
        starts_at=observation.observed_at,
        minutes=observation.duration_minutes,
        school_id=programme.school_id,
        team_id=None,
        leader_staff_id=observation.observer_staff_id,
        mechanisms=OBSERVATION_MECHANISMS,
        attended=[observation.observer_staff_id, observation.observee_staff_id],
    )
