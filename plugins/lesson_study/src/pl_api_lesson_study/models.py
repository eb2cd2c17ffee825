"""The lesson study plugin's tables: studies and their groups, case pupils, research lessons with their
observations, interviews and post-lesson discussions, planning sessions and sharing outputs."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pl_api.plugin import Base, TenantEntity, TenantOwned

JSON_LIST = JSON().with_variant(postgresql.JSONB(), "postgresql")
"""A JSON list of small objects (JSONB on PostgreSQL)."""


class LessonStudyStudy(TenantEntity):
    """A research lesson study: a group, a focus, an approach, and a status from forming to complete."""

    __tablename__ = "lesson_study_studies"
    event_subject = "lesson_study.study"

    school_id: Mapped[UUID] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    focus: Mapped[str | None] = mapped_column(String(2000))
    """"We want to learn how to improve the way we teach X to Y"."""
    approach: Mapped[str | None] = mapped_column(String(2000))
    """The technique or approach being tried."""
    evidence: Mapped[list[Any]] = mapped_column(JSON_LIST, default=list)
    """Evidence reviewed: ``{"title", "url", "note"}`` entries."""
    priority_ids: Mapped[list[str]] = mapped_column(default=list)
    element_ids: Mapped[list[str]] = mapped_column(default=list)
    coach_staff_id: Mapped[UUID | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="forming")

    members: Mapped[list[LessonStudyMember]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="LessonStudyMember.position"
    )

    @property
    def member_staff_ids(self) -> list[UUID]:
        return [m.staff_id for m in self.members]


class LessonStudyMember(TenantOwned, Base):
    """A teacher in a study's group."""

    __tablename__ = "lesson_study_members"

    study_id: Mapped[UUID] = mapped_column(ForeignKey("lesson_study_studies.id", ondelete="CASCADE"), primary_key=True)
    staff_id: Mapped[UUID] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), primary_key=True, index=True)
    position: Mapped[int]


class LessonStudyCasePupil(TenantEntity):
    """A case pupil: a pseudonym and the group they typify; an MIS reference only as a keyed hash."""

    __tablename__ = "lesson_study_case_pupils"
    __table_args__ = (
        UniqueConstraint("study_id", "pseudonym"),
        UniqueConstraint("study_id", "mis_reference_hash"),
    )
    event_subject = "lesson_study.case_pupil"

    study_id: Mapped[UUID] = mapped_column(ForeignKey("lesson_study_studies.id", ondelete="CASCADE"), index=True)
    pseudonym: Mapped[str] = mapped_column(String(20))
    typifies: Mapped[str] = mapped_column(String(10))
    """``higher``, ``middle`` or ``lower`` attaining in the strand taught, or ``other``."""
    description: Mapped[str | None] = mapped_column(String(500))
    mis_reference_hash: Mapped[str | None] = mapped_column(String(64))


class LessonStudyLesson(TenantEntity):
    """A research lesson: planning, taught, pupils interviewed, discussed."""

    __tablename__ = "lesson_study_lessons"
    __table_args__ = (UniqueConstraint("study_id", "number"),)
    event_subject = "lesson_study.lesson"

    study_id: Mapped[UUID] = mapped_column(ForeignKey("lesson_study_studies.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    teacher_staff_id: Mapped[UUID] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), index=True)
    class_ref: Mapped[str] = mapped_column(String(50))
    planned_for: Mapped[date]
    plan: Mapped[str | None] = mapped_column(String(20000))
    predictions: Mapped[list[Any]] = mapped_column(JSON_LIST, default=list)
    """``{"case_pupil_id", "prediction"}`` per case pupil."""
    cites_discussion_id: Mapped[UUID | None]
    """The previous lesson's discussion whose revisions this plan takes up (every lesson after the first)."""
    revisions_applied: Mapped[str | None] = mapped_column(String(20000))
    status: Mapped[str] = mapped_column(String(20), default="planning")
    taught_at: Mapped[datetime | None]
    minutes: Mapped[int | None]
    activity_id: Mapped[UUID | None] = mapped_column(ForeignKey("activities.id", ondelete="SET NULL"))


class LessonStudyObservation(TenantEntity):
    """What one observer saw one case pupil do in a research lesson."""

    __tablename__ = "lesson_study_observations"
    __table_args__ = (UniqueConstraint("lesson_id", "observer_staff_id", "case_pupil_id"),)

    lesson_id: Mapped[UUID] = mapped_column(ForeignKey("lesson_study_lessons.id", ondelete="CASCADE"), index=True)
    case_pupil_id: Mapped[UUID] = mapped_column(ForeignKey("lesson_study_case_pupils.id", ondelete="CASCADE"))
    observer_staff_id: Mapped[UUID] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), index=True)
    notes: Mapped[str | None] = mapped_column(String(20000))


class LessonStudyInterview(TenantEntity):
    """Notes of an interview with a case pupil after a research lesson."""

    __tablename__ = "lesson_study_interviews"
    __table_args__ = (UniqueConstraint("lesson_id", "case_pupil_id"),)

    lesson_id: Mapped[UUID] = mapped_column(ForeignKey("lesson_study_lessons.id", ondelete="CASCADE"), index=True)
    case_pupil_id: Mapped[UUID] = mapped_column(ForeignKey("lesson_study_case_pupils.id", ondelete="CASCADE"))
    interviewer_staff_id: Mapped[UUID] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), index=True)
    notes: Mapped[str | None] = mapped_column(String(20000))


class LessonStudyDiscussion(TenantEntity):
    """The post-lesson discussion: case pupils first, then the class, what each teacher learned, revisions."""

    __tablename__ = "lesson_study_discussions"
    event_subject = "lesson_study.discussion"

    lesson_id: Mapped[UUID] = mapped_column(
        ForeignKey("lesson_study_lessons.id", ondelete="CASCADE"), unique=True, index=True
    )
    held_at: Mapped[datetime]
    minutes: Mapped[int]
    pupil_records: Mapped[list[Any]] = mapped_column(JSON_LIST, default=list)
    """``{"case_pupil_id", "progress", "against_prediction", "enough"}`` per case pupil."""
    class_notes: Mapped[str | None] = mapped_column(String(20000))
    learning: Mapped[list[Any]] = mapped_column(JSON_LIST, default=list)
    """``{"staff_id", "learned"}`` per teacher."""
    revisions: Mapped[str] = mapped_column(String(20000))
    activity_id: Mapped[UUID | None] = mapped_column(ForeignKey("activities.id", ondelete="SET NULL"))


class LessonStudyPlanningSession(TenantEntity):
    """A meeting of the group to plan (or revise) a research lesson."""

    __tablename__ = "lesson_study_planning_sessions"

    study_id: Mapped[UUID] = mapped_column(ForeignKey("lesson_study_studies.id", ondelete="CASCADE"), index=True)
    lesson_id: Mapped[UUID | None] = mapped_column(ForeignKey("lesson_study_lessons.id", ondelete="SET NULL"))
    held_at: Mapped[datetime]
    minutes: Mapped[int]
    notes: Mapped[str | None] = mapped_column(String(20000))
    recorded_by_staff_id: Mapped[UUID | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"), index=True)
    activity_id: Mapped[UUID | None] = mapped_column(ForeignKey("activities.id", ondelete="SET NULL"))


class LessonStudyOutput(TenantEntity):
    """What a study shared: a presentation, written report, open research lesson or staff briefing."""

    __tablename__ = "lesson_study_outputs"
    event_subject = "lesson_study.output"

    study_id: Mapped[UUID] = mapped_column(ForeignKey("lesson_study_studies.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    title: Mapped[str] = mapped_column(String(200))
    url: Mapped[str | None] = mapped_column(String(500))
    shared_on: Mapped[date]


MODELS: list[type[Base]] = [
    LessonStudyStudy,
    LessonStudyMember,
    LessonStudyCasePupil,
    LessonStudyLesson,
    LessonStudyObservation,
    LessonStudyInterview,
    LessonStudyDiscussion,
    LessonStudyPlanningSession,
    LessonStudyOutput,
]
