"""Into the core record: a closed meeting and a peer observation each become a core activity with
participations, so the staff CPD record counts their minutes."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pl_api.plugin import Activity, TenantScope, record_activity
from pl_api_tlc.models import TlcGroup, TlcObservation, TlcProgramme

MEETING_KIND = "tlc.meeting"
OBSERVATION_KIND = "tlc.observation"
MEETING_MECHANISMS = ["action_planning", "context_specific_repetition", "monitor_feedback", "social_support"]
OBSERVATION_MECHANISMS = ["monitor_feedback", "social_support"]


async def meeting_activity(
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
    return await record_activity(
        db,
        kind=MEETING_KIND,
        stream="team",
        title=f"{group.name}: TLC meeting {sequence}",
        starts_at=starts_at,
        duration_minutes=minutes,
        school_id=programme.school_id,
        team_id=group.team_id,
        leader_staff_id=group.leader_staff_id,
        mechanisms=MEETING_MECHANISMS,
        attendees=[group.leader_staff_id, *present],
        absent=absent,
    )


async def observation_activity(db: TenantScope, programme: TlcProgramme, observation: TlcObservation) -> Activity:
    """The individual activity a peer observation becomes, attended by the observer and the observee."""
    return await record_activity(
        db,
        kind=OBSERVATION_KIND,
        stream="individual",
        title="TLC peer observation",
        starts_at=observation.observed_at,
        duration_minutes=observation.duration_minutes,
        school_id=programme.school_id,
        leader_staff_id=observation.observer_staff_id,
        mechanisms=OBSERVATION_MECHANISMS,
        attendees=[observation.observer_staff_id, observation.observee_staff_id],
    )
