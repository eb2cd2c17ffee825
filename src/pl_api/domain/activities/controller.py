"""``/v1/activities`` and ``/v1/activity-kinds``."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from litestar import Controller, Request, Response, delete, get, patch, post
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter
from sqlalchemy import exists

from pl_api.domain.activities import models, schemas
from pl_api.domain.activities.kinds import SLUG, ActivityKindPage, ActivityKindRegistry
from pl_api.domain.activities.reads import lean_activity_page
from pl_api.domain.activities.service import apply_activity_changes, check_distinct_staff, credited_minutes
from pl_api.domain.listing import filter_updated_since, page_response, where_given
from pl_api.domain.schemas import changes_of, to_schema
from pl_api.domain.staff.models import Staff
from pl_api.http.dependencies import (
    Db,
    FromTimestampQuery,
    Paging,
    TimestampQuery,
    ToTimestampQuery,
    query_timestamp,
)
from pl_api.http.etag import check_if_match, with_etag
from pl_api.http.openapi import problems
from pl_api.http.pagination import next_link


def _kinds(request: Request[Any, Any, Any]) -> ActivityKindRegistry:
    registry: ActivityKindRegistry = request.app.state.activity_kinds
    return registry


class ActivityController(Controller):
    """Learning activities: INSET, team meetings, courses, observations and the rest."""

    path = "/activities"
    tags = ["Activities"]
    opt = {"resource": "activities"}

    @get("/", operation_id="ListActivities", responses=problems())
    async def list_activities(
        self,
        request: Request[Any, Any, Any],
        db: Db,
        page: Paging,
        school_id: FromQuery[UUID | None] = None,
        team_id: FromQuery[UUID | None] = None,
        kind: Annotated[str | None, QueryParameter(pattern=SLUG.pattern, max_length=60)] = None,
        stream: FromQuery[schemas.Stream | None] = None,
        status: FromQuery[schemas.ActivityStatus | None] = None,
        staff_id: FromQuery[UUID | None] = None,
        priority_id: FromQuery[UUID | None] = None,
        series_id: FromQuery[UUID | None] = None,
        starts_from: FromTimestampQuery = None,
        starts_to: ToTimestampQuery = None,
        updated_since: TimestampQuery = None,
    ) -> Response[schemas.ActivityPage]:
        """List activities in id (creation) order. `from` and `to` bound `starts_at` (RFC 3339, `to` exclusive);
        `staff_id` keeps those the staff member takes part in; `series_id` the occurrences of a planned series."""
        given = (
            school_id,
            team_id,
            kind,
            stream,
            status,
            staff_id,
            priority_id,
            series_id,
            starts_from,
            starts_to,
            updated_since,
        )
        if all(value is None for value in given) and (lean := await lean_activity_page(db, page)) is not None:
            items, cursor = lean
            return Response(schemas.ActivityPage(items, cursor), headers=next_link(request, cursor))
        model = models.Activity
        filters = [
            (model.school_id, school_id),
            (model.team_id, team_id),
            (model.kind, kind),
            (model.stream, stream),
            (model.status, status),
            (model.series_id, series_id),
        ]
        stmt = where_given(db.select(model), filters)
        if staff_id is not None:
            part = models.Participation
            stmt = stmt.where(exists().where(part.activity_id == model.id, part.staff_id == staff_id))
        if priority_id is not None:
            link = models.ActivityPriority
            stmt = stmt.where(exists().where(link.activity_id == model.id, link.priority_id == priority_id))
        if start := query_timestamp(starts_from, "from"):
            stmt = stmt.where(model.starts_at >= start)
        if end := query_timestamp(starts_to, "to"):
            stmt = stmt.where(model.starts_at < end)
        stmt = filter_updated_since(stmt, model, updated_since)
        return await page_response(request, db, stmt, model, page, schemas.ActivityPage)

    @post("/", operation_id="CreateActivity", responses=problems(422))
    async def create_activity(
        self, request: Request[Any, Any, Any], db: Db, data: JSONBody[schemas.ActivityCreate]
    ) -> Response[schemas.Activity]:
        """Add an activity, with its participants if given, in one transaction."""
        changes = changes_of(data)
        participants: list[schemas.ParticipantCreate] = changes.pop("participants")
        check_distinct_staff([p.staff_id for p in participants], "participants")
        await db.require_all(Staff, [p.staff_id for p in participants], "participants")
        activity = models.Activity(tenant_id=db.tenant_id)
        await apply_activity_changes(db, _kinds(request), activity, changes)
        rows = [
            models.Participation(
                tenant_id=db.tenant_id,
                activity_id=activity.id,
                staff_id=p.staff_id,
                status=p.status,
                minutes_credited=credited_minutes(p.status, p.minutes_credited, activity.duration_minutes),
            )
            for p in participants
        ]
        db.session.add(activity)
        await db.session.flush()  # the activity row first: participations refer to it
        db.session.add_all(rows)
        await db.commit()
        return with_etag(to_schema(activity, schemas.Activity), activity.version, 201)

    @get("/{activity_id:uuid}", operation_id="GetActivity", responses=problems(404))
    async def get_activity(self, db: Db, activity_id: FromPath[UUID]) -> Response[schemas.Activity]:
        """One activity."""
        activity = await db.get(models.Activity, activity_id)
        return with_etag(to_schema(activity, schemas.Activity), activity.version)

    @patch("/{activity_id:uuid}", operation_id="UpdateActivity", responses=problems(404, 412, 422))
    async def update_activity(
        self,
        request: Request[Any, Any, Any],
        db: Db,
        activity_id: FromPath[UUID],
        data: JSONBody[schemas.ActivityUpdate],
    ) -> Response[schemas.Activity]:
        """Change an activity. Participants' minutes stay as credited."""
        activity = await db.writable(models.Activity, activity_id)
        check_if_match(request, activity.version)
        await apply_activity_changes(db, _kinds(request), activity, changes_of(data))
        await db.commit()
        return with_etag(to_schema(activity, schemas.Activity), activity.version)

    @delete("/{activity_id:uuid}", operation_id="DeleteActivity", responses=problems(404, 412))
    async def delete_activity(self, request: Request[Any, Any, Any], db: Db, activity_id: FromPath[UUID]) -> None:
        """Delete an activity with its participants and feedback. To keep the record, set `status: cancelled`."""
        activity = await db.writable(models.Activity, activity_id)
        check_if_match(request, activity.version)
        await db.delete(activity, "the activity is still referred to")


class ActivityKindController(Controller):
    """The kinds an activity may have."""

    path = "/activity-kinds"
    tags = ["Activities"]
    opt = {"resource": "activities"}

    @get("/", operation_id="ListActivityKinds", responses=problems())
    async def list_kinds(self, request: Request[Any, Any, Any]) -> ActivityKindPage:
        """Every activity kind: the core's and those enabled plugins add."""
        return ActivityKindPage(list(_kinds(request)), None)
