"""The coaching plugin's tables: step libraries, relationships, drop-ins, feedback meetings and step assignments."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pl_api.plugin import Base, TenantEntity, TenantOwned


class CoachingLibrary(TenantEntity):
    """A versioned step library: strands of skills, each a sequence of action steps."""

    __tablename__ = "coaching_libraries"
    __table_args__ = (UniqueConstraint("tenant_id", "name", "edition"),)
    event_subject = "coaching.library"

    school_id: Mapped[UUID | None] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"), index=True)
    """The school that holds it; null for a library shared across the trust."""
    name: Mapped[str] = mapped_column(String(200))
    edition: Mapped[int]
    """The library's version number: a new edition of a library is imported beside the old one."""
    description: Mapped[str | None] = mapped_column(String(2000))

    items: Mapped[list[CoachingLibraryItem]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="CoachingLibraryItem.position"
    )


class CoachingLibraryItem(TenantEntity):
    """One node of a library's tree: a strand, a skill within a strand, or an action step within a skill."""

    __tablename__ = "coaching_library_items"

    library_id: Mapped[UUID] = mapped_column(ForeignKey("coaching_libraries.id", ondelete="CASCADE"), index=True)
    parent_id: Mapped[UUID | None] = mapped_column(
        ForeignKey("coaching_library_items.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(10))
    """``strand``, ``skill`` or ``step``."""
    position: Mapped[int]
    """Order in the whole library (depth first), so the sequence of steps is the order of the framework."""
    code: Mapped[str | None] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200))
    text: Mapped[str | None] = mapped_column(String(2000))
    success_criteria: Mapped[list[str]] = mapped_column(default=list)
    video_url: Mapped[str | None] = mapped_column(String(500))

    element_links: Mapped[list[CoachingStepElement]] = relationship(cascade="all, delete-orphan", lazy="selectin")

    @property
    def element_ids(self) -> list[UUID]:
        return [link.element_id for link in self.element_links]


class CoachingStepElement(TenantOwned, Base):
    """A core framework element an action step puts into practice."""

    __tablename__ = "coaching_step_elements"

    step_id: Mapped[UUID] = mapped_column(ForeignKey("coaching_library_items.id", ondelete="CASCADE"), primary_key=True)
    element_id: Mapped[UUID] = mapped_column(
        ForeignKey("framework_elements.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class CoachingRelationship(TenantEntity):
    """A coach and a coachee working together at a cadence: setup, active, paused, closed."""

    __tablename__ = "coaching_relationships"
    event_subject = "coaching.relationship"

    school_id: Mapped[UUID] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"), index=True)
    coach_staff_id: Mapped[UUID] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), index=True)
    coachee_staff_id: Mapped[UUID] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), index=True)
    library_id: Mapped[UUID | None] = mapped_column(ForeignKey("coaching_libraries.id", ondelete="SET NULL"))
    cadence_days: Mapped[int]
    starts_on: Mapped[date]
    status: Mapped[str] = mapped_column(String(10), default="setup")
    notes_shared: Mapped[bool] = mapped_column(default=False)
    """The coachee's consent: leaders with ``coaching.shared`` may read the notes."""
    record_shared: Mapped[bool] = mapped_column(default=False)
    """The coachee's consent: mastered steps appear in their CPD record (which leaders see)."""
    follow_up_on: Mapped[date | None]
    """When the last feedback meeting's follow-up is due; cleared by the next drop-in."""
    follow_up_set_at: Mapped[datetime | None]
    """When that meeting was held."""
    follow_up_alerted: Mapped[bool] = mapped_column(default=False)
    """Whether the overdue check has already announced this follow-up."""


class CoachingStepAssignment(TenantEntity):
    """An action step set for a coachee, moving from proposed through practice to mastered."""

    __tablename__ = "coaching_step_assignments"
    event_subject = "coaching.assignment"

    relationship_id: Mapped[UUID] = mapped_column(
        ForeignKey("coaching_relationships.id", ondelete="CASCADE"), index=True
    )
    coachee_staff_id: Mapped[UUID] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), index=True)
    step_id: Mapped[UUID] = mapped_column(ForeignKey("coaching_library_items.id", ondelete="RESTRICT"), index=True)
    status: Mapped[str] = mapped_column(String(10), default="proposed")
    set_at: Mapped[datetime | None]
    """When it first became active."""
    mastered_at: Mapped[datetime | None]
    evidence_drop_in_ids: Mapped[list[str]] = mapped_column(default=list)
    """The drop-ins the coach cited when confirming mastery."""
    revision: Mapped[str | None] = mapped_column(String(2000))
    """How the step was reworded when revised (a note: private like the others)."""


class CoachingDropIn(TenantEntity):
    """A short, frequent, non-judgemental observation of the coachee's lesson."""

    __tablename__ = "coaching_drop_ins"
    event_subject = "coaching.drop_in"

    relationship_id: Mapped[UUID] = mapped_column(
        ForeignKey("coaching_relationships.id", ondelete="CASCADE"), index=True
    )
    observed_at: Mapped[datetime]
    minutes: Mapped[int]
    evidence: Mapped[str | None] = mapped_column(String(20000))
    assignment_id: Mapped[UUID | None] = mapped_column(
        ForeignKey("coaching_step_assignments.id", ondelete="SET NULL"), index=True
    )
    """The step in focus."""
    activity_id: Mapped[UUID | None] = mapped_column(ForeignKey("activities.id", ondelete="SET NULL"))


class CoachingMeeting(TenantEntity):
    """A feedback meeting: see it (praise, probe), name it (the step), do it (model, rehearse, plan)."""

    __tablename__ = "coaching_meetings"
    event_subject = "coaching.meeting"

    relationship_id: Mapped[UUID] = mapped_column(
        ForeignKey("coaching_relationships.id", ondelete="CASCADE"), index=True
    )
    held_at: Mapped[datetime]
    minutes: Mapped[int]
    praise: Mapped[str | None] = mapped_column(String(20000))
    probe: Mapped[str | None] = mapped_column(String(20000))
    assignment_id: Mapped[UUID | None] = mapped_column(
        ForeignKey("coaching_step_assignments.id", ondelete="SET NULL"), index=True
    )
    step_outcome: Mapped[str | None] = mapped_column(String(10))
    """``set`` (a new step) or ``continued``; null when no step was discussed."""
    model_notes: Mapped[str | None] = mapped_column(String(20000))
    rehearsal_rounds: Mapped[int] = mapped_column(default=0)
    plan: Mapped[str | None] = mapped_column(String(20000))
    follow_up_on: Mapped[date]
    activity_id: Mapped[UUID | None] = mapped_column(ForeignKey("activities.id", ondelete="SET NULL"))


MODELS: list[type[Base]] = [
    CoachingLibrary,
    CoachingLibraryItem,
    CoachingStepElement,
    CoachingRelationship,
    CoachingStepAssignment,
    CoachingDropIn,
    CoachingMeeting,
]
