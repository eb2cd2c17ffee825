"""Constrained field types shared by the schemas of every area.

Free text refuses control characters (PostgreSQL cannot store NUL, and none belong in a name);
timestamps must carry a timezone and fall in a sensible range.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

import msgspec
from msgspec import Meta

_NO_CONTROL = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"
_NO_CONTROL_SINGLE_LINE = r"^[^\x00-\x1f\x7f]*$"

Name = Annotated[str, Meta(min_length=1, max_length=200, pattern=_NO_CONTROL_SINGLE_LINE)]
"""A name or title: one line, 1-200 characters."""
ShortText = Annotated[str, Meta(max_length=2000, pattern=_NO_CONTROL)]
"""A description."""
# Spelt out rather than `\s`, which Python and JSON Schema validators read differently.
_URL_CHARACTER = r"[^\x00-\x20\x7f-\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff<>\"']"
WEB_URL_PATTERN = rf"^https?://{_URL_CHARACTER}+$"
WebUrl = Annotated[str, Meta(max_length=500, pattern=WEB_URL_PATTERN)]
"""An http or https address: no spaces, control characters, quotes or angle brackets (percent-encode them)."""
LongText = Annotated[str, Meta(max_length=20_000, pattern=_NO_CONTROL)]
"""A journal entry or notes."""
EMAIL_PATTERN = r"^[^@ \x00-\x1f\x7f-\x9f]+@[^@ \x00-\x1f\x7f-\x9f]+\.[^@ \x00-\x1f\x7f-\x9f]+$"
URN_PATTERN = r"^[0-9]{6}$"
ACADEMIC_YEAR_PATTERN = r"^[0-9]{4}/[0-9]{2}$"

Email = Annotated[str, Meta(max_length=254, pattern=EMAIL_PATTERN)]
URN = Annotated[str, Meta(pattern=URN_PATTERN, description="Unique Reference Number: six digits")]
LAESTAB = Annotated[
    str, Meta(pattern=r"^[0-9]{7}$", description="Local authority (3 digits) and establishment (4 digits)")
]
TRN = Annotated[str, Meta(pattern=r"^[0-9]{7}$", description="Teacher Reference Number: seven digits")]
Source = Annotated[
    str,
    Meta(
        pattern=r"^[a-z0-9][a-z0-9_.-]{0,49}$",
        description="The system a record was synced from, e.g. `wonde` or `oneroster`",
    ),
]
ExternalId = Annotated[
    str,
    Meta(min_length=1, max_length=100, pattern=_NO_CONTROL_SINGLE_LINE, description="The record's id there"),
]
AcademicYear = Annotated[str, Meta(pattern=r"^[0-9]{4}/[0-9]{2}$", description="An academic year such as `2026/27`")]
# Non-negative bounds are written gt=-1: Litestar 2 leaves a zero `ge` out of the OpenAPI document.
Minutes = Annotated[int, Meta(gt=-1, le=100_000)]
Rating = Annotated[int, Meta(ge=1, le=5)]

Timestamp = Annotated[datetime, Meta(tz=True, description="RFC 3339 with a timezone; stored in UTC")]


def in_utc(value: datetime, field: str) -> datetime:
    """A timestamp converted to UTC, which is how pl-api stores and returns every time.

    Raises ValueError naming ``field`` (a 400 when raised while decoding) at the edges of
    year 1 and 9999, where the conversion overflows.
    """
    try:
        return value.astimezone(UTC)
    except OverflowError as exc:
        raise ValueError(f"`{field}` is out of range once converted to UTC") from exc


def check_academic_year(value: str | None, field: str = "academic_year") -> None:
    """``2026/27`` is valid; ``2026/29`` is not."""
    if value is not None and (int(value[:4]) + 1) % 100 != int(value[5:]):
        raise ValueError(f"`{field}` must name consecutive years, such as 2026/27")


def check_pair(source: Any, external_id: Any) -> None:
    """``source`` and ``external_id`` come together or not at all: a 422 problem otherwise.

    A rule across two fields, which a JSON schema cannot state, so it is checked after decoding.
    """
    from pl_api.http.problems import Unprocessable, field_problem

    if (source is None) != (external_id is None) and msgspec.UNSET not in (source, external_id):
        missing = "external_id" if external_id is None else "source"
        raise field_problem(Unprocessable, missing, "`source` and `external_id` must be given together")


class Schema(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """Base of every request body: unknown fields are refused, not silently dropped."""
