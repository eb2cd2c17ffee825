"""The registry of activity kinds: the core's, and (later) those plugins add."""

from __future__ import annotations

import re
from collections.abc import Iterator

import msgspec

from pl_api.domain.activities.schemas import Stream
from pl_api.http.pagination import Page

SLUG = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)?$")


class ActivityKind(msgspec.Struct, frozen=True):
    """A kind of learning activity."""

    slug: str
    """``inset_session``, or ``<plugin>.<kind>`` for a plugin's kinds."""
    name: str
    description: str
    default_stream: Stream


CORE_KINDS = (
    ActivityKind("inset_session", "INSET session", "A whole-staff training day or session.", "whole_school"),
    ActivityKind(
        "expert_input", "Expert input", "A talk or workshop by an outside or in-house expert.", "whole_school"
    ),
    ActivityKind("team_meeting", "Team CPD meeting", "A department, year-group or phase learning meeting.", "team"),
    ActivityKind("external_course", "External course", "A course run by another provider.", "individual"),
    ActivityKind("online_course", "Online course", "A self-paced or live online course.", "individual"),
    ActivityKind("peer_observation", "Peer observation", "Observing or being observed by a colleague.", "individual"),
    ActivityKind("reading_research", "Reading research", "Reading and discussing research or evidence.", "individual"),
    ActivityKind(
        "self_directed_enquiry", "Self-directed enquiry", "A teacher's own enquiry into their practice.", "individual"
    ),
    ActivityKind("school_visit", "School visit", "Visiting another school to learn from its practice.", "individual"),
    ActivityKind("mentoring", "Mentoring", "A mentoring conversation, e.g. for an early career teacher.", "individual"),
)


class ActivityKindRegistry:
    """Every activity kind the running app knows, in registration order."""

    def __init__(self) -> None:
        self._kinds: dict[str, ActivityKind] = {}

    @classmethod
    def with_core_kinds(cls) -> ActivityKindRegistry:
        """A registry holding the core's kinds."""
        registry = cls()
        for kind in CORE_KINDS:
            registry.register(kind)
        return registry

    def register(self, kind: ActivityKind) -> None:
        """Add a kind; a malformed or already registered slug is a ValueError naming it."""
        if not SLUG.match(kind.slug):
            raise ValueError(f"activity kind slug {kind.slug!r} must look like 'name' or 'plugin.name' (a-z, 0-9, _)")
        if kind.slug in self._kinds:
            raise ValueError(f"activity kind {kind.slug!r} is already registered")
        self._kinds[kind.slug] = kind

    def __contains__(self, slug: object) -> bool:
        return slug in self._kinds

    def __iter__(self) -> Iterator[ActivityKind]:
        return iter(self._kinds.values())


class ActivityKindPage(Page[ActivityKind]):
    """Every activity kind, on one page."""
