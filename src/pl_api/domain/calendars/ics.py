"""Rendering activities as an iCalendar (RFC 5545) feed with the ``icalendar`` library.

Each activity is one ``VEVENT``: its ``UID`` is stable (the activity's id), ``DTSTAMP`` and
``LAST-MODIFIED`` are when it last changed, ``SEQUENCE`` counts its changes, times are in UTC, and a
cancelled activity stays in the feed with ``STATUS:CANCELLED`` so that subscribed calendars strike it out.
Nothing names other staff: no organiser, no attendees.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

import icalendar

from pl_api.domain.activities.models import Activity

PRODID = "-//pl-api//CPD calendar feed//EN"
UID_DOMAIN = "pl-api"
REFRESH = timedelta(hours=1)


def event_of(activity: Activity) -> icalendar.Event:
    """One activity as a ``VEVENT``."""
    event = icalendar.Event()
    event.add("uid", f"{activity.id}@{UID_DOMAIN}")
    event.add("dtstamp", activity.updated_at)
    event.add("created", activity.created_at)
    event.add("last-modified", activity.updated_at)
    event.add("sequence", activity.version - 1)
    event.add("dtstart", activity.starts_at)
    event.add("dtend", activity.starts_at + timedelta(minutes=activity.duration_minutes))
    event.add("summary", activity.title)
    if activity.description:
        event.add("description", activity.description)
    if activity.location:
        event.add("location", activity.location)
    event.add("status", "CANCELLED" if activity.status == "cancelled" else "CONFIRMED")
    event.add("transp", "TRANSPARENT" if activity.status == "cancelled" else "OPAQUE")
    event.add("categories", [activity.kind])
    return event


def feed_of(name: str, activities: Iterable[Activity]) -> bytes:
    """A whole feed: a ``VCALENDAR`` named ``name`` holding one event per activity."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", REFRESH)
    for activity in activities:
        calendar.add_component(event_of(activity))
    text: bytes = calendar.to_ical()
    return text
