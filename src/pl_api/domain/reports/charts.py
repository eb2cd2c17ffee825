"""Reports as SVG charts: a small writer for bar charts, all text escaped.

Each bar is a ``<g class="bar">`` carrying ``data-label`` and ``data-value`` (empty when withheld) so a
frontend, or a test, can read the figures back; each also has a ``<title>`` for screen readers and tooltips."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from pl_api.domain.reports import schemas

SVG_MEDIA_TYPE = "image/svg+xml"
STREAM_COLOURS = {"whole_school": "#1b6ca8", "team": "#e07b39", "individual": "#3c9d5d"}
BAR_COLOUR = "#1b6ca8"
FONT = 'font-family="sans-serif" font-size="12"'


@dataclass(frozen=True, slots=True)
class Bar:
    """One bar: its label, its value (None: withheld or unknown) and the text shown beside it."""

    label: str
    value: float | None
    text: str


def _svg(width: int, height: int, title: str, body: list[str]) -> str:
    return "\n".join(
        [
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" role="img" aria-label={quoteattr(title)}>',
            f"<title>{escape(title)}</title>",
            f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
            f'<text x="10" y="22" font-family="sans-serif" font-size="15" font-weight="bold">{escape(title)}</text>',
            *body,
            "</svg>",
            "",
        ]
    )


def bar_chart(title: str, bars: Sequence[Bar]) -> str:
    """Horizontal bars, one per row, scaled to the largest value."""
    label_width, bar_width, row = 220, 380, 26
    height = 50 + row * max(len(bars), 1)
    top = max((b.value or 0 for b in bars), default=0) or 1
    body = []
    if not bars:
        body.append(f'<text x="10" y="50" {FONT}>Nothing to show for this period</text>')
    for i, bar in enumerate(bars):
        y = 40 + i * row
        length = 0.0 if bar.value is None else round(bar_width * bar.value / top, 1)
        value = "" if bar.value is None else f"{bar.value:g}"
        body.append(
            f'<g class="bar" data-label={quoteattr(bar.label)} data-value="{value}">'
            f"<title>{escape(f'{bar.label}: {bar.text}')}</title>"
            f'<text x="{label_width - 6}" y="{y + 15}" text-anchor="end" {FONT}>{escape(bar.label[:40])}</text>'
            f'<rect x="{label_width}" y="{y + 3}" width="{length}" height="{row - 8}" fill="{BAR_COLOUR}"/>'
            f'<text x="{label_width + length + 6}" y="{y + 15}" {FONT}>{escape(bar.text)}</text></g>'
        )
    return _svg(label_width + bar_width + 120, height, title, body)


def _hours_text(minutes: int | None) -> str:
    return "withheld (small group)" if minutes is None else f"{minutes / 60:g} h"


def hours_chart(report: schemas.HoursReport) -> str:
    """Hours by stream per month: a column per month, stacked by stream, with a legend."""
    months = report.total.by_month
    column, gap, plot_height, left, top = 36, 14, 220, 50, 60
    width = left + len(months) * (column + gap) + 160
    height = top + plot_height + 50
    totals = [sum(getattr(m, s) or 0 for s in STREAM_COLOURS) for m in months]
    peak = max(totals, default=0) or 1
    body = [f'<line x1="{left}" y1="{top + plot_height}" x2="{width - 150}" y2="{top + plot_height}" stroke="#444"/>']
    for i, month in enumerate(months):
        x, base = left + i * (column + gap), float(top + plot_height)
        for stream, colour in STREAM_COLOURS.items():
            minutes = getattr(month, stream)
            size = 0.0 if not minutes else round(plot_height * minutes / peak, 1)
            base -= size
            value = "" if minutes is None else f"{minutes / 60:g}"
            body.append(
                f'<g class="bar" data-label="{month.month} {stream}" data-value="{value}">'
                f"<title>{escape(f'{month.month} {stream}: {_hours_text(minutes)}')}</title>"
                f'<rect x="{x}" y="{round(base, 1)}" width="{column}" height="{size}" fill="{colour}"/></g>'
            )
        body.append(
            f'<text x="{x + column / 2}" y="{top + plot_height + 16}" text-anchor="middle" {FONT}>{month.month}</text>'
        )
    for j, (stream, colour) in enumerate(STREAM_COLOURS.items()):
        y = top + j * 20
        body.append(
            f'<g class="legend"><rect x="{width - 140}" y="{y}" width="12" height="12" fill="{colour}"/>'
            f'<text x="{width - 122}" y="{y + 11}" {FONT}>{stream.replace("_", " ")}</text></g>'
        )
    title = f"Hours by stream per month, {report.total.label}, {report.from_date} to {report.to_date}"
    return _svg(width, height, title, body)


def coverage_chart(report: schemas.CoverageReport) -> str:
    """People reached per priority."""
    bars = [
        Bar(p.title, p.people_reached, f"{p.people_reached} people, {p.activities} activities")
        for part in report.schools
        for p in part.priorities
    ]
    return bar_chart(f"Priority coverage: people reached, {report.from_date} to {report.to_date}", bars)


def attendance_chart(report: schemas.AttendanceReport) -> str:
    """Attendance rate per school, and the total."""
    bars = [
        Bar(
            part.overall.label,
            None if part.overall.rate is None else round(part.overall.rate * 100, 1),
            "no rate" if part.overall.rate is None else f"{part.overall.rate * 100:.1f}%",
        )
        for part in [*report.schools, report.total]
    ]
    return bar_chart(f"Attendance rate (%), {report.from_date} to {report.to_date}", bars)


def cost_chart(report: schemas.CostReport) -> str:
    """Spent and planned cost against the budget, per school, in pounds."""
    bars: list[Bar] = []
    for row in [*report.schools, report.total]:
        used = (row.spent_pence + row.planned_pence) / 100
        budget = "no budget" if row.budget_pence is None else f"of £{row.budget_pence / 100:,.2f}"
        bars.append(Bar(f"{row.label}: cost", used, f"£{used:,.2f} {budget}"))
        if row.budget_pence is not None:
            bars.append(Bar(f"{row.label}: budget", row.budget_pence / 100, f"£{row.budget_pence / 100:,.2f}"))
    return bar_chart(f"CPD cost against budget (£), {report.academic_year}", bars)


def unrecorded_chart(report: schemas.UnrecordedReport) -> str:
    """Staff with no recorded learning, per school."""
    bars = [Bar(r.label, r.unrecorded, f"{r.unrecorded} of {r.staff}") for r in [*report.schools, report.total]]
    return bar_chart(f"Staff with no recorded learning, {report.from_date} to {report.to_date}", bars)
