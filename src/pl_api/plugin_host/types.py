"""What plugins declare: their manifest, permissions and event types."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import msgspec

SLUG_PATTERN = re.compile(r"^[a-z][a-z0-9_]{1,30}$")


class NoSettings(msgspec.Struct, forbid_unknown_fields=True):
    """The settings type of a plugin that has none."""


@dataclass(frozen=True)
class PluginManifest:
    """Who a plugin is and what it needs, checked before any of its code runs.

    - ``slug``: short name, ``^[a-z][a-z0-9_]{1,30}$``; its routes live under ``/v1/<slug with - for _>/``,
      its tables are prefixed ``<slug>_``, its config is ``[plugins.<slug>]``.
    - ``api``: the core API versions it supports, as a PEP 440 specifier such as ``">=1.0,<2"``.
    - ``settings``: a msgspec Struct type; config is decoded into it (unknown keys refused).
    - ``migrations``: the folder of its Alembic revisions, or None if it has no tables.
    - ``requires``: slugs of plugins that must be enabled too.
    """

    slug: str
    name: str
    version: str
    api: str
    settings: type[msgspec.Struct] = NoSettings
    migrations: str | None = None
    requires: tuple[str, ...] = ()
    description: str = ""

    @property
    def route_prefix(self) -> str:
        """Where its routes are mounted: ``/v1/lesson-study`` for slug ``lesson_study``."""
        return "/v1/" + self.slug.replace("_", "-")

    @property
    def table_prefix(self) -> str:
        """What each of its table names must start with."""
        return self.slug + "_"


class Permission(msgspec.Struct, frozen=True):
    """Something a role may be allowed to do, named ``<slug>.<action>``, and the roles that get it.

    A route asks for one with ``opt={"permission": "<slug>.<action>"}``; without it a plugin's route
    needs ``<slug>.read`` (GET) or ``<slug>.write``, which every plugin has even if it declares neither:
    read for every role, write for ``pd_lead``, ``school_leader`` and ``trust_admin``.
    """

    name: str
    description: str
    roles: tuple[str, ...] = ()
    """Roles (``teacher``, ``team_lead``, ``coach``, ``pd_lead``, ``school_leader``, ``trust_admin``) that hold it."""


class EventType(msgspec.Struct, frozen=True):
    """A kind of event, named ``<slug>.<noun>.<verb in past tense>`` (``tlc.meeting.closed``)."""

    name: str
    description: str


@dataclass
class LoadedPlugin:
    """An enabled plugin after its manifest and settings were checked."""

    manifest: PluginManifest
    module: Any
    settings: msgspec.Struct
    distribution: str | None = None
    extras: dict[str, Any] = field(default_factory=dict)
