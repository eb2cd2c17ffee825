"""The sample plugin's one table."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from pl_api.plugin import TenantEntity


class SampleNote(TenantEntity):
    """A note about a staff member's reading."""

    __tablename__ = "sample_notes"
    event_subject = "sample.note"

    staff_id: Mapped[UUID] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(String(500))
