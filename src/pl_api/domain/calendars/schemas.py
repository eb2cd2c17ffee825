"""Calendar feed schemas."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import msgspec

from pl_api.domain.types import Schema
from pl_api.http.pagination import Page


class CalendarFeed(msgspec.Struct):
    """The iCalendar feed of a staff member's activities (those they lead or are invited to) or of a team's."""

    id: UUID
    staff_id: UUID | None
    team_id: UUID | None
    created_at: datetime
    updated_at: datetime
    version: int


class CalendarFeedWithUrl(msgspec.Struct):
    """A feed and its subscription URL, shown only when the feed is made or its URL rotated."""

    id: UUID
    staff_id: UUID | None
    team_id: UUID | None
    url: str
    """Subscribe to this from Outlook or Google Calendar; it carries the feed's secret, so keep it private."""
    created_at: datetime
    updated_at: datetime
    version: int


class CalendarFeedPage(Page[CalendarFeed]):
    """A page of calendar feeds."""


class CalendarFeedCreate(Schema):
    """A feed for one staff member or one team: give exactly one of the two."""

    staff_id: UUID | None = None
    team_id: UUID | None = None
