"""``/v1/tlc/observations``: peer observations between meetings, each a core activity of both colleagues."""

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
    emit_event,
    field_problem,
    get,
    plugin_settings,
    post,
    problems,
    put,
    with_etag,
)
from pl_api_tlc import meeting_schemas as ms
from pl_api_tlc.access import GroupView, ensure_user, group_view
from pl_api_tlc.core_record import observation_activity
from pl_api_tlc.models import TlcGroup, TlcGroupMember, TlcObservation, TlcPlanItem
from pl_api_tlc.rules import InvalidTransition
from pl_api_tlc.settings import TlcSettings

GROUP_READS = {"own": "those of the groups they lead or belong to", "permission": ""}


def observation_schema(observation: TlcObservation, caller: UUID | None, view_participant: bool) -> ms.Observation:
    """An observation as the caller may see it: notes for the observer and observee, and for the group once
    the observee shares them."""
    schema = msgspec.convert(observation, ms.Observation, from_attributes=True)
    own = caller in (observation.observer_staff_id, observation.observee_staff_id)
    if not (own or (observation.shared_with_group and view_participant)):
        schema.notes = None
    return schema


async def visible_observation(db: TenantScope, observation_id: UUID) -> tuple[TlcObservation, GroupView]:
    """An observation, for its group's leader and members; 404 for anyone else."""
    observation = await db.get(TlcObservation, observation_id)
    view = await group_view(db, observation.group_id)
    if not view.is_participant:
        raise NotFound(f"no tlc observation with id {observation_id}")
    return observation, view


class ObservationController(Controller):
    """Peer observations: a member watches a colleague in their group try a technique from their plan."""

    path = "/tlc/observations"

    @get("/", operation_id="TlcListObservations", responses=problems(), opt=GROUP_READS)
    async def list_observations(
        self, db: Db, page: Paging, group_id: FromQuery[UUID | None] = None
    ) -> ms.ObservationPage:
        """Observations in the groups the caller leads or belongs to; filter by group."""
        caller = ensure_user(db, "observations")
        mine = select(TlcGroupMember.group_id).where(
            TlcGroupMember.tenant_id == db.tenant_id, TlcGroupMember.staff_id == caller
        )
        led = select(TlcGroup.id).where(TlcGroup.tenant_id == db.tenant_id, TlcGroup.leader_staff_id == caller)
        stmt = db.select(TlcObservation).where(or_(TlcObservation.group_id.in_(mine), TlcObservation.group_id.in_(led)))
        if group_id is not None:
            stmt = stmt.where(TlcObservation.group_id == group_id)
        rows, cursor = await db.page(stmt, TlcObservation, page)
        return ms.ObservationPage([observation_schema(o, caller, True) for o in rows], cursor)

    @post(
        "/",
        operation_id="TlcRecordObservation",
        responses=problems(404, 409, 422),
        opt={"own": "observations they made of a colleague in their group", "permission": ""},
    )
    async def record_observation(
        self, request: Request[Any, Any, Any], db: Db, data: JSONBody[ms.ObservationCreate]
    ) -> Response[ms.Observation]:
        """Record an observation the caller made of a colleague in their group, focused on one of the
        colleague's plan items. Both are credited the minutes in their core record."""
        caller = ensure_user(db, "observations")
        await db.require_one(TlcGroup, data.group_id, "group_id")
        view = await group_view(db, data.group_id)
        if not view.is_participant:
            raise field_problem(Unprocessable, "group_id", "you are not in this group: observe colleagues in yours")
        if data.observee_staff_id == caller:
            raise field_problem(Unprocessable, "observee_staff_id", "observe a colleague, not yourself")
        if data.observee_staff_id not in view.participants:
            raise field_problem(Unprocessable, "observee_staff_id", "not in this group: observe colleagues in yours")
        item = await db.session.scalar(db.select(TlcPlanItem).where(TlcPlanItem.id == data.plan_item_id))
        if item is None or item.staff_id != data.observee_staff_id or item.group_id != view.group.id:
            raise field_problem(Unprocessable, "plan_item_id", "not an item of the observee's plan in this group")
        if view.programme.status != "active":
            raise InvalidTransition("the programme is closed: no more observations")
        settings: TlcSettings = plugin_settings(request, "tlc")
        observation = TlcObservation(
            tenant_id=db.tenant_id,
            group_id=view.group.id,
            observer_staff_id=caller,
            observee_staff_id=data.observee_staff_id,
            plan_item_id=item.id,
            observed_at=data.observed_at,
            duration_minutes=data.duration_minutes or settings.observation_minutes,
            notes=data.notes,
            shared_with_group=False,
        )
        activity = await observation_activity(db, view.programme, observation)
        await db.session.flush()
        observation.activity_id = activity.id
        db.session.add(observation)
        emit_event(
            db.session,
            db.tenant_id,
            "tlc.observation.recorded",
            observation.id,
            {"group_id": str(view.group.id), "plan_item_id": str(item.id), "activity_id": str(activity.id)},
        )
        await db.commit()
        return with_etag(observation_schema(observation, caller, True), observation.version, 201)

    @get("/{observation_id:uuid}", operation_id="TlcGetObservation", responses=problems(404), opt=GROUP_READS)
    async def get_observation(self, db: Db, observation_id: FromPath[UUID]) -> Response[ms.Observation]:
        """One observation; its notes only for the observer, the observee and (if shared) the group."""
        observation, view = await visible_observation(db, observation_id)
        return with_etag(observation_schema(observation, view.caller, True), observation.version)

    @put(
        "/{observation_id:uuid}/sharing",
        operation_id="TlcShareObservation",
        responses=problems(404),
        opt={"own": "observations of them", "permission": ""},
        status_code=200,
    )
    async def share(
        self, db: Db, observation_id: FromPath[UUID], data: JSONBody[ms.ObservationShare]
    ) -> Response[ms.Observation]:
        """The observee shares the notes with the group (or stops sharing them)."""
        observation, view = await visible_observation(db, observation_id)
        if view.caller != observation.observee_staff_id:
            raise Forbidden("only the observee decides whether the group reads an observation's notes")
        observation.shared_with_group = data.shared_with_group
        await db.commit()
        return with_etag(observation_schema(observation, view.caller, True), observation.version)
