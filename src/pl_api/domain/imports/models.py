"""The import jobs table: one upload of a OneRoster set, its progress and its outcome."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from pl_api.db.base import TenantEntity


class ImportJob(TenantEntity):
    """An import running in the background: ``queued`` → ``running`` → ``succeeded`` / ``failed``."""

    __tablename__ = "import_jobs"

    kind: Mapped[str] = mapped_column(String(20), default="oneroster")
    status: Mapped[str] = mapped_column(String(10), default="queued")
    valid_only: Mapped[bool] = mapped_column(default=False)
    force: Mapped[bool] = mapped_column(default=False)
    phase: Mapped[str | None] = mapped_column(String(20))
    """``checking`` or ``importing`` while running."""
    rows_done: Mapped[int] = mapped_column(default=0)
    rows_total: Mapped[int] = mapped_column(default=0)
    """0 while still counting."""
    summary: Mapped[dict[str, Any] | None]
    """The outcome (counts per kind, problems with file and line) once finished."""
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
