"""Import job schemas."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal
from uuid import UUID

import msgspec


class ImportJob(msgspec.Struct):
    """An import running in the background, its progress, and once finished its outcome."""

    id: UUID
    kind: Literal["oneroster"]
    status: Literal["queued", "running", "succeeded", "failed"]
    """`succeeded`: the set was imported (see `summary` for rows with problems); `failed`: nothing or not all of
    it was, and `summary.problems` says why, with file and line."""
    valid_only: bool
    force: bool
    phase: str | None
    """`checking` then `importing`, while running."""
    rows_done: int
    rows_total: int
    """0 while still counting."""
    summary: dict[str, Any] | None
    """Counts per kind (schools, terms, teams, staff, memberships), rows of pupils dropped unread, and every
    problem with `file`, `line`, `field` and `detail`."""
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
