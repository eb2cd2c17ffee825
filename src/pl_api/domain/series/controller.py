"""``/v1/activity-series``: planned series and their occurrences."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, Request, Response, delete, get, patch, post
from litestar.params import FromPath, FromQuery, JSONBody

from pl_api.domain.activities.kinds import ActivityKindRegistry
from pl_api.domain.listing import filter_updated_since, page_response, where_given
from pl_api.domain.schemas import changes_of, to_schema
from pl_api.domain.series import models, schemas
from pl_api.domain.series.service import (
    Outcome,
    apply_series_changes,
    cancel_from,
    delete_series,
    plan_dates,
    replan,
)
from pl_api.http.dependencies import Db, Paging, TimestampQuery
from pl_api.http.etag import check_if_match, with_etag
from pl_api.http.openapi import problems


def _kinds(request: Request[Any, Any, Any]) -> ActivityKindRegistry:
    registry: ActivityKindRegistry = request.app.state.activity_kinds
    return registry


def _changes(series: models.ActivitySeries, outcome: Outcome) -> schemas.SeriesChanges:
    return schemas.SeriesChanges(
        id=series.id,
        series=to_schema(series, schemas.Series),
        created=outcome.created,
        updated=outcome.updated,
        cancelled=outcome.cancelled,
        kept=outcome.kept,
    )


class SeriesController(Controller):
    """Planned series: a recurring activity (fortnightly on Wednesdays in term time, say) that creates its dated
    activities, skipping the days between terms, INSET days and holidays. Each occurrence is an ordinary
    activity with `series_id`: change or cancel one with `PATCH /v1/activities/{id}`; change or cancel this
    one and the rest here, with `apply_from`."""

    path = "/activity-series"
    tags = ["Activities"]
    opt = {"resource": "activities"}

    @get("/", operation_id="ListActivitySeries", responses=problems())
    async def list_series(
        self,
        request: Request[Any, Any, Any],
        db: Db,
        page: Paging,
        school_id: FromQuery[UUID | None] = None,
        team_id: FromQuery[UUID | None] = None,
        term_id: FromQuery[UUID | None] = None,
        status: FromQuery[schemas.SeriesStatus | None] = None,
        updated_since: TimestampQuery = None,
    ) -> Response[schemas.SeriesPage]:
        """List series, oldest first. Their occurrences: `GET /v1/activities?series_id=`."""
        model = models.ActivitySeries
        filters = [
            (model.school_id, school_id),
            (model.team_id, team_id),
            (model.term_id, term_id),
            (model.status, status),
        ]
        stmt = filter_updated_since(where_given(db.select(model), filters), model, updated_since)
        return await page_response(request, db, stmt, model, page, schemas.SeriesPage)

    @post("/", operation_id="CreateActivitySeries", responses=problems(422))
    async def create_series(
        self, request: Request[Any, Any, Any], db: Db, data: JSONBody[schemas.SeriesCreate]
    ) -> Response[schemas.Series]:
        """Plan a series and create its occurrences (planned activities, staff in `participant_ids` invited),
        in one transaction. `skipped` says which dates the calendar ruled out and why."""
        series = models.ActivitySeries(tenant_id=db.tenant_id)
        await apply_series_changes(db, _kinds(request), series, changes_of(data))
        planned = await plan_dates(db, series)
        db.session.add(series)
        await db.session.flush()  # the series first: its occurrences refer to it
        await replan(db, series, None, set(), planned)
        await db.commit()
        return with_etag(to_schema(series, schemas.Series), series.version, 201)

    @get("/{series_id:uuid}", operation_id="GetActivitySeries", responses=problems(404))
    async def get_series(self, db: Db, series_id: FromPath[UUID]) -> Response[schemas.Series]:
        """One series."""
        series = await db.get(models.ActivitySeries, series_id)
        return with_etag(to_schema(series, schemas.Series), series.version)

    @patch("/{series_id:uuid}", operation_id="UpdateActivitySeries", responses=problems(404, 409, 412, 422))
    async def update_series(
        self,
        request: Request[Any, Any, Any],
        db: Db,
        series_id: FromPath[UUID],
        data: JSONBody[schemas.SeriesUpdate],
    ) -> Response[schemas.SeriesChanges]:
        """Change a series and its occurrences from `apply_from` on ("this and the rest"; default: all). Dates
        the new recurrence or the calendar no longer allow are cancelled; new ones are created. Occurrences
        completed or with attendance recorded are kept as they are, and listed in `kept`."""
        series = await db.writable(models.ActivitySeries, series_id)
        check_if_match(request, series.version)
        changes = changes_of(data)
        apply_from = changes.pop("apply_from")
        await apply_series_changes(db, _kinds(request), series, changes)
        outcome = await replan(db, series, apply_from, set(changes))
        await db.commit()
        return with_etag(_changes(series, outcome), series.version)

    @post(
        "/{series_id:uuid}/cancel", operation_id="CancelActivitySeries", status_code=200, responses=problems(404, 412)
    )
    async def cancel_series(
        self,
        request: Request[Any, Any, Any],
        db: Db,
        series_id: FromPath[UUID],
        data: JSONBody[schemas.SeriesCancel],
    ) -> Response[schemas.SeriesChanges]:
        """Cancel this occurrence and the rest: planned occurrences from `apply_from` on become cancelled (calendars
        show them so); the series ends the day before. Completed ones and those with attendance are kept."""
        series = await db.writable(models.ActivitySeries, series_id)
        check_if_match(request, series.version)
        outcome = await cancel_from(db, series, data.apply_from)
        await db.commit()
        return with_etag(_changes(series, outcome), series.version)

    @delete("/{series_id:uuid}", operation_id="DeleteActivitySeries", responses=problems(404, 409, 412))
    async def delete_series(self, request: Request[Any, Any, Any], db: Db, series_id: FromPath[UUID]) -> None:
        """Delete a series and its occurrences; 409 if any is completed or has attendance (cancel the rest instead)."""
        series = await db.writable(models.ActivitySeries, series_id)
        check_if_match(request, series.version)
        await delete_series(db, series)
