"""The portfolio as a printable HTML page (A4), from a Jinja template that escapes every value it prints.

Autoescaping is on for the whole template, so nothing a user typed (titles, bodies, plugin sections) can
become markup; the only unescaped text is the page's own style sheet, whose hash the response's
Content-Security-Policy names. The page loads nothing and runs nothing.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from importlib.resources import files
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from pl_api.domain.portfolio.evidence import EVIDENCE_HEADINGS
from pl_api.domain.portfolio.schemas import Portfolio

STYLE = files("pl_api.domain.portfolio").joinpath("templates/portfolio.css").read_text(encoding="utf-8")
"""The page's style sheet, exactly as it appears in its ``<style>`` element."""

STREAM_LABELS = {"whole_school": "Whole school", "team": "Team", "individual": "Individual"}
VISIBILITY_LABELS = {"private": "private", "coach": "shared with coaches", "team": "shared with teams"}
_ISO_TIMESTAMP = re.compile(r"^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}")


def _day(value: date | datetime | str) -> str:
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    return f"{value.day} {value:%B %Y}"


def _label(name: str) -> str:
    return name.replace("_", " ").capitalize()


def _shown_items(mapping: dict[str, Any]) -> list[tuple[str, Any]]:
    """A plugin section's entries without its ids, which mean nothing on paper."""
    return [(k, v) for k, v in mapping.items() if not _is_id(k)]


def _columns(rows: list[Any]) -> list[str]:
    seen: dict[str, None] = {}
    for row in rows:
        if isinstance(row, dict):
            seen.update((k, None) for k in row if not _is_id(k))
    return list(seen)


def _is_id(key: str) -> bool:
    return key == "id" or key.endswith("_id") or key.endswith("_ids")


def _plain(value: Any) -> str:
    """A scalar of a plugin section as text: timestamps as their day."""
    text = str(value)
    match = _ISO_TIMESTAMP.match(text)
    return _day(match.group(1)) if match else text


def _hours(value: float) -> str:
    return "1 hour" if value == 1 else f"{value:g} hours"


def _share(minutes: int, total: int) -> str:
    return f"{round(100 * minutes / total)}%" if total else "—"


_environment = Environment(
    loader=PackageLoader("pl_api.domain.portfolio", "templates"),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
_environment.filters.update(
    day=_day,
    label=_label,
    shown_items=_shown_items,
    columns=_columns,
    plain=_plain,
    hours=_hours,
    as_hours=lambda minutes: round(minutes / 60, 1),
    share=_share,
    stream=lambda s: STREAM_LABELS.get(s, _label(s)),
    visibility=lambda v: VISIBILITY_LABELS.get(v, v),
)
_template = _environment.get_template("portfolio.html.j2")


def to_html(portfolio: Portfolio) -> str:
    """The portfolio as a standalone, printable HTML page."""
    unshared = sum(1 for r in portfolio.reflections if not r.shared_with_leaders)
    return _template.render(p=portfolio, style=Markup(STYLE), evidence_headings=EVIDENCE_HEADINGS, unshared=unshared)
