"""The lesson study plugin's settings, under ``[plugins.lesson_study]``."""

from __future__ import annotations

from typing import Annotated

import msgspec

GREEK_LETTERS = (
    "Alpha",
    "Beta",
    "Gamma",
    "Delta",
    "Epsilon",
    "Zeta",
    "Eta",
    "Theta",
    "Iota",
    "Kappa",
    "Lambda",
    "Mu",
    "Nu",
    "Xi",
    "Omicron",
    "Pi",
    "Rho",
    "Sigma",
    "Tau",
    "Upsilon",
    "Phi",
    "Chi",
    "Psi",
    "Omega",
)
CodeWord = Annotated[str, msgspec.Meta(pattern=r"^[A-Z][a-z]{1,19}$")]
Count = Annotated[int, msgspec.Meta(ge=1, le=12)]


class LessonStudySettings(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    """Defaults a deployment may change; each is validated at start-up."""

    min_members: Count = 2
    """The fewest teachers in a study's group (Dudley: two to four)."""
    max_members: Count = 4
    """The most teachers in a study's group."""
    case_pupils: Annotated[int, msgspec.Meta(ge=1, le=6)] = 3
    """How many case pupils a study chooses before its first research lesson."""
    min_lessons: Annotated[int, msgspec.Meta(ge=1, le=6)] = 2
    """Research lessons taught and discussed before a study moves to sharing."""
    max_lessons: Annotated[int, msgspec.Meta(ge=1, le=6)] = 3
    """The most research lessons a study plans."""
    code_words: tuple[CodeWord, ...] = GREEK_LETTERS
    """Words a case pupil's pseudonym may be (besides ``Pupil A`` … and ``P1`` …). Never add given names."""
    mis_reference_key: Annotated[str, msgspec.Meta(min_length=32)] | None = None
    """Secret for the keyed hash (HMAC-SHA256) of case pupils' MIS references; without it none is kept.
    It lives in configuration only (e.g. ``PL_API_PLUGINS_LESSON_STUDY_MIS_REFERENCE_KEY``), never in the database."""

    def __post_init__(self) -> None:
        if self.min_members > self.max_members:
            raise ValueError("min_members must not exceed max_members")
        if self.min_lessons > self.max_lessons:
            raise ValueError("min_lessons must not exceed max_lessons")
