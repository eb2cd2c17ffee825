"""When a series' occurrences fall: the recurrence (``dateutil.rrule``), less the days the calendar rules out."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from functools import cache
from itertools import islice
from typing import Any
from zoneinfo import ZoneInfo, available_timezones

from dateutil import rrule

from pl_api.domain.series.models import ActivitySeries
from pl_api.domain.terms.service import SchoolCalendar
from pl_api.http.problems import Unprocessable, field_problem

MAX_OCCURRENCES = 200
MAX_SERIES_DAYS = 400
"""A series runs within an academic year or so; longer ones are planned year by year."""

_FREQUENCIES: dict[str, Any] = {"daily": rrule.DAILY, "weekly": rrule.WEEKLY, "monthly": rrule.MONTHLY}
_WEEKDAYS = {
    "MO": rrule.MO,
    "TU": rrule.TU,
    "WE": rrule.WE,
    "TH": rrule.TH,
    "FR": rrule.FR,
    "SA": rrule.SA,
    "SU": rrule.SU,
}


EARLIEST_YEAR, LATEST_YEAR = 2000, 2199
"""Series fall in these years, far from the edges where converting local times to UTC overflows."""


@cache
def _zone_names() -> frozenset[str]:
    return frozenset(available_timezones())


def zone(name: str) -> ZoneInfo:
    """The IANA time zone ``name``; a 422 naming ``timezone`` when there is none by that name."""
    if name not in _zone_names():
        raise field_problem(Unprocessable, "timezone", f"{name!r} is not an IANA time zone such as Europe/London")
    return ZoneInfo(name)


def check_recurrence(series: ActivitySeries) -> None:
    """The rules across a series' recurrence fields that a schema cannot state; 422 naming the field."""
    if not EARLIEST_YEAR <= series.starts_on.year <= LATEST_YEAR:
        raise field_problem(Unprocessable, "starts_on", f"must fall in the years {EARLIEST_YEAR} to {LATEST_YEAR}")
    if series.ends_on < series.starts_on:
        raise field_problem(
            Unprocessable, "ends_on", f"ends on {series.ends_on}, before it starts on {series.starts_on}"
        )
    if (series.ends_on - series.starts_on).days >= MAX_SERIES_DAYS:
        raise field_problem(Unprocessable, "ends_on", f"a series may span at most {MAX_SERIES_DAYS} days")
    if series.week_of_month is not None and series.frequency != "monthly":
        raise field_problem(Unprocessable, "week_of_month", "only a monthly series falls on a week of the month")
    if series.week_of_month == 0:
        raise field_problem(Unprocessable, "week_of_month", "give 1 to 4, or -1 for the last week")
    if series.frequency == "monthly" and series.weekdays and series.week_of_month is None:
        raise field_problem(Unprocessable, "week_of_month", "a monthly series on a weekday needs its week, e.g. 1")
    zone(series.timezone)


def recurrence(series: ActivitySeries) -> list[date]:
    """Every date the recurrence gives from ``starts_on`` to ``ends_on``, before the calendar has its say."""
    weekdays: list[Any] = [_WEEKDAYS[d] for d in series.weekdays]
    if series.frequency == "monthly" and series.week_of_month is not None:
        days = weekdays or [_WEEKDAYS[list(_WEEKDAYS)[series.starts_on.weekday()]]]
        weekdays = [d(series.week_of_month) for d in days]
    rule = rrule.rrule(
        _FREQUENCIES[series.frequency],
        dtstart=datetime.combine(series.starts_on, time()),
        until=datetime.combine(series.ends_on, time()),
        interval=series.interval,
        byweekday=weekdays or None,
    )
    # A span of at most 400 days gives at most 400 daily dates; the cap below still bounds the work.
    return [moment.date() for moment in islice(rule, MAX_SERIES_DAYS + 1)]


@dataclass(slots=True)
class Plan:
    """The dates a series' occurrences fall on, and those the calendar ruled out (with why)."""

    dates: list[date] = field(default_factory=list)
    skipped: list[dict[str, Any]] = field(default_factory=list)


def plan(series: ActivitySeries, calendar: SchoolCalendar) -> Plan:
    """The recurrence's dates less those between terms (when ``term_time_only``) and on closures."""
    result = Plan()
    for day in recurrence(series):
        closure = calendar.closure_on(day)
        if series.term_time_only and calendar.term_of(day) is None:
            result.skipped.append({"date": day.isoformat(), "reason": "outside_term", "closure_id": None})
        elif closure is not None:
            result.skipped.append({"date": day.isoformat(), "reason": closure.kind, "closure_id": str(closure.id)})
        else:
            result.dates.append(day)
    if not result.dates:
        where = "in term time and " if series.term_time_only else ""
        raise field_problem(
            Unprocessable, "starts_on", f"no date of the series falls {where}outside closures; check the terms"
        )
    if len(result.dates) > MAX_OCCURRENCES:
        raise field_problem(Unprocessable, "ends_on", f"a series may have at most {MAX_OCCURRENCES} occurrences")
    return result


def starts_at(series: ActivitySeries, day: date) -> datetime:
    """When the occurrence on ``day`` starts, in UTC: the series' local start time in its time zone."""
    hour, minute = (int(part) for part in series.start_time.split(":"))
    return datetime.combine(day, time(hour, minute), tzinfo=zone(series.timezone)).astimezone(UTC)
