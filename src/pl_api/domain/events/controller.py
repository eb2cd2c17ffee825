"""``/v1/events``: the change feed, in commit order."""

from __future__ import annotations

import re
from typing import Annotated, Any
from urllib.parse import urlencode

from litestar import Controller, Request, Response, get
from litestar.params import QueryParameter

from pl_api.domain.events import schemas
from pl_api.domain.events.models import EventRecord
from pl_api.domain.schemas import to_schema
from pl_api.http.dependencies import Db
from pl_api.http.openapi import problems
from pl_api.http.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from pl_api.http.problems import InvalidRequest, field_problem

EVENT_TYPE_PATTERN = r"^[a-z0-9_]+(\.[a-z0-9_]+){1,3}$"
TYPES_PATTERN = r"^[a-z0-9_]+(\.[a-z0-9_]+){1,3}(,[a-z0-9_]+(\.[a-z0-9_]+){1,3}){0,49}$"


def parse_types(value: str | None) -> list[str] | None:
    """``staff.created,team.updated`` as a list; 400 naming ``types`` for a malformed one."""
    if value is None:
        return None
    types = [t for t in value.split(",") if t]
    bad = [t for t in types if not re.match(EVENT_TYPE_PATTERN, t)]
    if bad:
        raise field_problem(InvalidRequest, "types", f"not an event type: {', '.join(bad)}", "query")
    return types


MAX_POSITION = 2**53 - 1
"""The largest ``after`` accepted: the largest integer JSON readers (JavaScript's included) hold exactly, and
one the OpenAPI document can print without rounding."""


class EventController(Controller):
    """The change feed: every committed change as an event, in the order the changes were committed."""

    path = "/events"
    tags = ["Events"]
    opt = {"resource": "events", "permission": "events.read"}

    @get("/", operation_id="ListEvents", responses=problems())
    async def list_events(
        self,
        request: Request[Any, Any, Any],
        db: Db,
        after: Annotated[
            int,
            QueryParameter(
                gt=-1, le=MAX_POSITION, description="The `position` of the last event you processed; 0 for all"
            ),
        ] = 0,
        types: Annotated[
            str | None,
            QueryParameter(pattern=TYPES_PATTERN, description="Only these event types, comma-separated"),
        ] = None,
        limit: Annotated[
            int, QueryParameter(ge=1, le=MAX_PAGE_SIZE, description=f"Events per answer, 1 to {MAX_PAGE_SIZE}")
        ] = DEFAULT_PAGE_SIZE,
    ) -> Response[schemas.EventFeed]:
        """Events after a position, in commit order. Keep `next_after` and ask again with it: an event
        committed later always gets a higher position, so none is skipped. Events carry ids, never content:
        fetch the object to see it (you see it only if you may). Only trust-wide `events.read` holders and
        clients with `events:read` read the feed."""
        stmt = db.select(EventRecord).where(EventRecord.position > after)
        if (wanted := parse_types(types)) is not None:
            stmt = stmt.where(EventRecord.type.in_(wanted))
        rows = list(await db.session.scalars(stmt.order_by(EventRecord.position).limit(limit + 1)))
        has_more = len(rows) > limit
        rows = rows[:limit]
        next_after = rows[-1].position if rows else after
        headers: dict[str, str] = {}
        if has_more:
            params = [(k, v) for k, v in request.query_params.multi_items() if k != "after"]
            query = urlencode([*params, ("after", str(next_after))])
            headers["Link"] = f'<{request.url.path}?{query}>; rel="next"'
        feed = schemas.EventFeed([to_schema(r, schemas.Event) for r in rows], next_after, has_more)
        return Response(feed, headers=headers)
