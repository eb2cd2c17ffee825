"""Events delivered to plugins' ``handle_event`` hooks."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

import msgspec


class Event(msgspec.Struct, frozen=True, kw_only=True):
    """An immutable record of a committed change."""

    id: UUID
    type: str
    """``<area>.<verb>`` for the core (``activity.created``), ``<slug>.<noun>.<verb>`` for plugins."""
    tenant_id: UUID
    subject_id: UUID | None
    occurred_at: datetime
    data: dict[str, Any] = msgspec.field(default_factory=dict)
