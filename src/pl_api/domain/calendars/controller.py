"""``/v1/calendar-feeds`` (make, rotate, revoke) and ``/calendars/{token}.ics`` (the feed itself)."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from litestar import Controller, Request, Response, Router, delete, get, post
from litestar.params import FromPath, FromQuery, JSONBody, Parameter
from sqlalchemy import exists

from pl_api.config import HttpSettings
from pl_api.db.tenant_scope import TenantScope
from pl_api.domain.access import ensure_may_act_for
from pl_api.domain.calendars import models, schemas
from pl_api.domain.calendars.feeds import render_feed
from pl_api.domain.calendars.tokens import SUFFIX, feed_path, hash_token, issue_token
from pl_api.domain.listing import page_response, where_given
from pl_api.domain.schemas import to_schema
from pl_api.domain.staff.models import Staff
from pl_api.domain.teams.models import Team, TeamMember
from pl_api.http.dependencies import Db, Paging
from pl_api.http.etag import check_if_match, with_etag
from pl_api.http.limits import rate_limit_config
from pl_api.http.openapi import problems, public_problems
from pl_api.http.problems import Forbidden, NotFound, Unprocessable, field_problem

PERMISSION = "calendars.write"
ICS_MEDIA_TYPE = "text/calendar"
"""Served as `text/calendar; charset=utf-8` (Litestar adds the charset of text types)."""


def _with_url(request: Request[Any, Any, Any], feed: models.CalendarFeed, token: str) -> schemas.CalendarFeedWithUrl:
    base = (request.app.state.settings.http.public_url or str(request.base_url)).rstrip("/")
    return schemas.CalendarFeedWithUrl(
        id=feed.id,
        staff_id=feed.staff_id,
        team_id=feed.team_id,
        url=f"{base}{feed_path(token)}",
        created_at=feed.created_at,
        updated_at=feed.updated_at,
        version=feed.version,
    )


def _secret(response: Response[schemas.CalendarFeedWithUrl]) -> Response[schemas.CalendarFeedWithUrl]:
    """An answer holding a feed's URL is kept by no cache, nor for ``Idempotency-Key`` replays."""
    response.headers["Cache-Control"] = "no-store"
    return response


async def _ensure_may_manage(db: TenantScope, staff_id: UUID | None, team_id: UUID | None) -> None:
    """A user manages their own feed and their teams' feeds; others' with ``calendars.write`` in their school."""
    principal = db.principal
    if staff_id is not None:
        await ensure_may_act_for(db, staff_id, PERMISSION, "calendar feed")
        return
    if principal is None or principal.grants is None or team_id is None:
        return
    member = exists().where(TeamMember.team_id == team_id, TeamMember.staff_id == principal.staff_id)
    if await db.session.scalar(db.select(TeamMember).where(member).limit(1)) is not None:
        return
    team = await db.session.get(Team, team_id)
    if team is None or not principal.grants.holds(PERMISSION, team.school_id):
        raise Forbidden(f"only feeds of teams you are in, or with {PERMISSION} in the team's school")


class CalendarFeedController(Controller):
    """iCalendar feeds a teacher can subscribe to from Outlook or Google Calendar: a staff member's activities
    (those they lead or are invited to) or a team's, at a URL carrying a secret. Rotating gives a new URL;
    the old one, like a revoked feed's, answers 404."""

    path = "/calendar-feeds"
    tags = ["Calendar"]
    opt = {
        "resource": "calendars",
        "own": "make, rotate and revoke their own feed and those of teams they are in",
        "permission": PERMISSION,
    }

    @get("/", operation_id="ListCalendarFeeds", responses=problems())
    async def list_feeds(
        self,
        request: Request[Any, Any, Any],
        db: Db,
        page: Paging,
        staff_id: FromQuery[UUID | None] = None,
        team_id: FromQuery[UUID | None] = None,
    ) -> Response[schemas.CalendarFeedPage]:
        """List the feeds the caller may manage, oldest first (never their URLs)."""
        model = models.CalendarFeed
        stmt = where_given(db.select(model), [(model.staff_id, staff_id), (model.team_id, team_id)])
        return await page_response(request, db, stmt, model, page, schemas.CalendarFeedPage)

    @post("/", operation_id="CreateCalendarFeed", responses=problems(409, 422))
    async def create_feed(
        self, request: Request[Any, Any, Any], db: Db, data: JSONBody[schemas.CalendarFeedCreate]
    ) -> Response[schemas.CalendarFeedWithUrl]:
        """Make the feed of a staff member or a team; the answer holds its URL, shown only this once."""
        if (data.staff_id is None) == (data.team_id is None):
            raise field_problem(Unprocessable, "staff_id", "give exactly one of `staff_id` and `team_id`")
        await db.require_one(Staff, data.staff_id, "staff_id")
        await db.require_one(Team, data.team_id, "team_id")
        await _ensure_may_manage(db, data.staff_id, data.team_id)
        token = issue_token(db.tenant_id)
        feed = models.CalendarFeed(
            tenant_id=db.tenant_id, staff_id=data.staff_id, team_id=data.team_id, token_hash=hash_token(token)
        )
        db.session.add(feed)
        await db.commit("that staff member or team has a feed already; rotate its URL instead")
        return _secret(with_etag(_with_url(request, feed, token), feed.version, 201))

    @get("/{feed_id:uuid}", operation_id="GetCalendarFeed", responses=problems(404))
    async def get_feed(self, db: Db, feed_id: FromPath[UUID]) -> Response[schemas.CalendarFeed]:
        """One feed (not its URL: rotate it for a new one)."""
        feed = await db.get(models.CalendarFeed, feed_id)
        return with_etag(to_schema(feed, schemas.CalendarFeed), feed.version)

    @post("/{feed_id:uuid}/rotate", operation_id="RotateCalendarFeed", status_code=200, responses=problems(404, 412))
    async def rotate_feed(
        self, request: Request[Any, Any, Any], db: Db, feed_id: FromPath[UUID]
    ) -> Response[schemas.CalendarFeedWithUrl]:
        """Give the feed a new URL; the old one answers 404 from now on."""
        feed = await db.get(models.CalendarFeed, feed_id)
        check_if_match(request, feed.version)
        token = issue_token(db.tenant_id)
        feed.token_hash = hash_token(token)
        await db.commit()
        return _secret(with_etag(_with_url(request, feed, token), feed.version))

    @delete("/{feed_id:uuid}", operation_id="RevokeCalendarFeed", responses=problems(404, 412))
    async def revoke_feed(self, request: Request[Any, Any, Any], db: Db, feed_id: FromPath[UUID]) -> None:
        """Revoke the feed: its URL answers 404 from now on."""
        feed = await db.get(models.CalendarFeed, feed_id)
        check_if_match(request, feed.version)
        await db.delete(feed, "the feed is still referred to")


@get(
    "/{token:str}",
    operation_id="GetCalendar",
    tags=["Calendar"],
    security=[],
    media_type=ICS_MEDIA_TYPE,
    responses=public_problems(400, 404),
    opt={"resource": "calendars"},
)
async def get_calendar(
    request: Request[Any, Any, Any],
    token: Annotated[str, Parameter(pattern=r"^[A-Za-z0-9_.-]{1,120}$", description="The feed's secret, then `.ics`")],
) -> Response[bytes]:
    """The iCalendar (RFC 5545) feed a calendar URL opens: no credentials, the secret in the URL is the key.
    Unknown, rotated and revoked URLs answer 404."""
    if not token.endswith(SUFFIX):
        raise NotFound("no calendar at this address")
    state = request.app.state
    body = await render_feed(state.sessions, state.role_permissions, token.removesuffix(SUFFIX))
    if body is None:
        raise NotFound("no calendar at this address")
    return Response(body, media_type=ICS_MEDIA_TYPE, headers={"Cache-Control": "private, max-age=300"})


def calendar_router(settings: HttpSettings) -> Router:
    """``/calendars``: outside the bearer-auth middleware, rate limited by address like any other caller."""
    rate_limit = rate_limit_config(settings)
    return Router(
        path="/calendars",
        route_handlers=[get_calendar],
        middleware=[rate_limit.middleware] if rate_limit else [],
    )
