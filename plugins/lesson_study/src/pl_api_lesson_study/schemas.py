"""Request and response bodies of the lesson study plugin."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal
from uuid import UUID

import msgspec

from pl_api.plugin import LongText, Name, Page, Schema, ShortText, Timestamp

StudyStatus = Literal["forming", "focus_agreed", "case_pupils_chosen", "lessons", "sharing", "complete"]
LessonStatus = Literal["planning", "taught", "interviewed", "discussed"]
Typifies = Literal["higher", "middle", "lower", "other"]
AgainstPrediction = Literal["exceeded", "as_predicted", "below"]
OutputKind = Literal["presentation", "written_report", "open_research_lesson", "staff_briefing"]
Url = Annotated[
    str,
    msgspec.Meta(
        max_length=500,
        # Spaces spelled out: `\s` means other characters in Python than in the JSON Schema (ECMA) regex.
        pattern=r"^https?://[^\x00-\x20\x7f-\xa0<>\"'\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]+$",
        description="An http(s) link without spaces, control characters, `<`, `>` or quotes",
    ),
]
SessionMinutes = Annotated[int, msgspec.Meta(ge=1, le=600)]
ClassRef = Annotated[str, msgspec.Meta(min_length=1, max_length=50, pattern=r"^[^\x00-\x1f\x7f]*$")]
Pseudonym = Annotated[str, msgspec.Meta(min_length=1, max_length=20)]
MisReference = Annotated[str, msgspec.Meta(min_length=1, max_length=50, pattern=r"^[^\x00-\x1f\x7f]*$")]


class EvidenceItem(Schema):
    """A piece of evidence the group reviewed: a title, and a link and/or a note."""

    title: Name
    url: Url | None = None
    note: ShortText | None = None


class Study(msgspec.Struct, kw_only=True):
    """A research lesson study (no case-pupil data: that has its own routes, for the group only)."""

    id: UUID
    school_id: UUID
    title: str
    focus: str | None
    approach: str | None
    evidence: list[EvidenceItem]
    priority_ids: list[UUID]
    element_ids: list[UUID]
    member_staff_ids: list[UUID]
    coach_staff_id: UUID | None
    status: StudyStatus
    created_at: datetime
    updated_at: datetime
    version: int


class StudyPage(Page[Study]):
    """A page of studies."""


class StudyCreate(Schema):
    """A new study, `forming`: its group (by default 2-4 teachers) and, if known, its focus."""

    school_id: UUID
    title: Name
    member_staff_ids: list[UUID]
    coach_staff_id: UUID | None = None
    focus: ShortText | None = None
    approach: ShortText | None = None
    evidence: list[EvidenceItem] = []
    priority_ids: list[UUID] = []
    element_ids: list[UUID] = []


class StudyUpdate(Schema):
    """Changes to a study: the focus, approach and group only while `forming`."""

    title: Name | msgspec.UnsetType = msgspec.UNSET
    focus: ShortText | msgspec.UnsetType | None = msgspec.UNSET
    approach: ShortText | msgspec.UnsetType | None = msgspec.UNSET
    member_staff_ids: list[UUID] | msgspec.UnsetType = msgspec.UNSET
    coach_staff_id: UUID | msgspec.UnsetType | None = msgspec.UNSET
    evidence: list[EvidenceItem] | msgspec.UnsetType = msgspec.UNSET
    priority_ids: list[UUID] | msgspec.UnsetType = msgspec.UNSET
    element_ids: list[UUID] | msgspec.UnsetType = msgspec.UNSET


class StudyTransition(Schema):
    """Move a study on: `focus_agreed`, `case_pupils_chosen`, `sharing` or `complete`
    (it enters `lessons` when its first research lesson is planned)."""

    to: StudyStatus


class CasePupil(msgspec.Struct, kw_only=True):
    """A case pupil, by pseudonym; whether an MIS reference is kept (as a keyed hash), never the reference."""

    id: UUID
    study_id: UUID
    pseudonym: str
    typifies: Typifies
    description: str | None
    has_mis_reference: bool
    created_at: datetime
    updated_at: datetime
    version: int


class CasePupilList(msgspec.Struct):
    """A study's case pupils."""

    items: list[CasePupil]


class CasePupilCreate(Schema):
    """A case pupil: a pseudonym such as `Pupil A`, `P1` or a code word — never a name — and the group
    they typify. `mis_reference` (optional) is kept only as a keyed hash, never as given."""

    pseudonym: Pseudonym
    typifies: Typifies
    description: ShortText | None = None
    mis_reference: MisReference | None = None


class Prediction(Schema):
    """How the group predicts a case pupil will respond to the lesson."""

    case_pupil_id: UUID
    prediction: LongText


class Lesson(msgspec.Struct, kw_only=True):
    """A research lesson. `plan`, `predictions` and `revisions_applied` are null unless you are in the group."""

    id: UUID
    study_id: UUID
    number: int
    teacher_staff_id: UUID
    class_ref: str
    planned_for: date
    status: LessonStatus
    taught_at: datetime | None
    minutes: int | None
    cites_discussion_id: UUID | None
    plan: str | None = None
    predictions: list[Prediction] | None = None
    revisions_applied: str | None = None
    created_at: datetime
    updated_at: datetime
    version: int


class LessonList(msgspec.Struct):
    """A study's research lessons, in order."""

    items: list[Lesson]


class LessonCreate(Schema):
    """Plan the next research lesson: a prediction for every case pupil, and (after the first lesson)
    the previous discussion it builds on and the revisions it takes up."""

    teacher_staff_id: UUID
    class_ref: ClassRef
    planned_for: date
    plan: LongText
    predictions: list[Prediction]
    cites_discussion_id: UUID | None = None
    revisions_applied: LongText | None = None


class LessonTaught(Schema):
    """When the research lesson was taught, and for how long."""

    taught_at: Timestamp
    minutes: SessionMinutes


class Observation(msgspec.Struct, kw_only=True):
    """What an observer saw a case pupil do."""

    id: UUID
    lesson_id: UUID
    case_pupil_id: UUID
    observer_staff_id: UUID
    notes: str | None
    created_at: datetime


class ObservationCreate(Schema):
    """Your observation of one case pupil (you are the observer)."""

    case_pupil_id: UUID
    notes: LongText


class Interview(msgspec.Struct, kw_only=True):
    """Notes of an interview with a case pupil."""

    id: UUID
    lesson_id: UUID
    case_pupil_id: UUID
    interviewer_staff_id: UUID
    notes: str | None
    created_at: datetime


class InterviewCreate(Schema):
    """Your interview with one case pupil after the lesson (you are the interviewer)."""

    case_pupil_id: UUID
    notes: LongText


class EvidenceList(msgspec.Struct):
    """A lesson's observations and interviews."""

    observations: list[Observation]
    interviews: list[Interview]


class PupilRecord(Schema):
    """For one case pupil: the progress seen, against the prediction, and whether it was enough."""

    case_pupil_id: UUID
    progress: LongText
    against_prediction: AgainstPrediction
    enough: bool


class Learning(Schema):
    """What one teacher of the group learned."""

    staff_id: UUID
    learned: LongText | None


class Discussion(msgspec.Struct, kw_only=True):
    """A post-lesson discussion."""

    id: UUID
    lesson_id: UUID
    held_at: datetime
    minutes: int
    pupil_records: list[PupilRecord]
    class_notes: str | None
    learning: list[Learning]
    revisions: str
    created_at: datetime
    version: int


class DiscussionCreate(Schema):
    """The discussion, in Dudley's order: every case pupil first, then the class, then what each teacher
    learned, then the revisions for the next lesson."""

    held_at: Timestamp
    minutes: SessionMinutes
    pupil_records: list[PupilRecord]
    revisions: LongText
    class_notes: LongText | None = None
    learning: list[Learning] = []


class PlanningSession(msgspec.Struct, kw_only=True):
    """A planning meeting of the group."""

    id: UUID
    study_id: UUID
    lesson_id: UUID | None
    held_at: datetime
    minutes: int
    notes: str | None
    recorded_by_staff_id: UUID | None
    activity_id: UUID | None
    created_at: datetime


class PlanningSessionList(msgspec.Struct):
    """A study's planning sessions."""

    items: list[PlanningSession]


class PlanningSessionCreate(Schema):
    """A planning meeting held by the whole group (each member is credited its minutes)."""

    held_at: Timestamp
    minutes: SessionMinutes
    lesson_id: UUID | None = None
    notes: LongText | None = None


class Output(msgspec.Struct, kw_only=True):
    """Something the study shared."""

    id: UUID
    study_id: UUID
    kind: OutputKind
    title: str
    url: str | None
    shared_on: date
    created_at: datetime


class OutputList(msgspec.Struct):
    """A study's outputs."""

    items: list[Output]


class OutputCreate(Schema):
    """A presentation, written report, open research lesson or staff briefing, with a link (http/https)."""

    kind: OutputKind
    title: Name
    shared_on: date
    url: Url | None = None
