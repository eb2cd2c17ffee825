"""Change feed schemas."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import msgspec


class Event(msgspec.Struct):
    """A committed change: what happened to which object, never the object's content."""

    id: UUID
    """Stable for the life of the event: the `webhook-id` of its deliveries too."""
    position: int
    """The event's place in the tenant's feed, increasing in commit order; pass the last one you processed as
    `after`."""
    type: str
    """`<subject>.created|updated|deleted` (`staff.updated`), or a plugin's `<slug>.<noun>.<verb>`."""
    subject_id: UUID | None
    """The object that changed; fetch it to see how it is now."""
    occurred_at: datetime
    data: dict[str, object]
    """Extra ids a plugin's event carries; empty for the core's."""


class EventFeed(msgspec.Struct):
    """A run of the feed after a position."""

    items: list[Event]
    next_after: int
    """The position to ask for next (`after=`): the last item's, or the `after` you sent when there is none."""
    has_more: bool
    """Whether more events are already waiting after `next_after`."""
