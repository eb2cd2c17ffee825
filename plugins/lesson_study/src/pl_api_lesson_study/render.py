"""A study's report as a readable document for a staff meeting: Markdown or HTML.

Everything a user typed is escaped: in HTML with ``html.escape``; in Markdown by turning ``& < >`` into
entities (so no raw HTML reaches a renderer) and backslash-escaping Markdown's punctuation, so notes can
neither inject markup nor forge headings, lists or links. Links come only from outputs and evidence,
whose URLs are checked to be http(s) when stored.
"""

from __future__ import annotations

import html
import re

from pl_api.plugin import escape_html as h
from pl_api_lesson_study.report import PupilNote, Report, ReportLesson

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~-])")
_MD_LINE_START = re.compile(r"^(\s*)(\d+)\.", re.MULTILINE)
KINDS = {
    "presentation": "Presentation",
    "written_report": "Written report",
    "open_research_lesson": "Open research lesson",
    "staff_briefing": "Staff briefing",
}
STAGES = {"higher": "higher attaining", "middle": "middle attaining", "lower": "lower attaining", "other": "other"}


def md(text: str | None) -> str:
    """User text made inert in Markdown: no HTML, no Markdown syntax; line breaks kept."""
    if not text:
        return ""
    escaped = html.escape(text, quote=False)
    escaped = _MD_SPECIAL.sub(r"\\\1", escaped)
    escaped = _MD_LINE_START.sub(r"\1\2\\.", escaped)
    return "  \n".join(line.strip() for line in escaped.splitlines())


def _md_url(url: str) -> str:
    return url.replace("(", "%28").replace(")", "%29")


def _md_notes(title: str, notes: list[PupilNote] | None) -> list[str]:
    if not notes:
        return []
    lines = [f"**{title}**", ""]
    for note in notes:
        by = f" ({md(note.by)})" if note.by else ""
        lines.append(f"- *{md(note.pseudonym)}*{by}: {md(note.text)}")
    return [*lines, ""]


def _md_lesson(lesson: ReportLesson) -> list[str]:
    when = lesson.taught_at.date().isoformat() if lesson.taught_at else f"planned for {lesson.planned_for.isoformat()}"
    lines = [
        f"### Research lesson {lesson.number}",
        "",
        f"{md(lesson.teacher)}, class {md(lesson.class_ref)}, {when} ({lesson.status})",
        "",
    ]
    if lesson.revisions_applied:
        lines += [f"**Revisions taken up:** {md(lesson.revisions_applied)}", ""]
    if lesson.plan:
        lines += [f"**Plan:** {md(lesson.plan)}", ""]
    lines += _md_notes("Predictions", lesson.predictions)
    lines += _md_notes("Observations", lesson.observations)
    lines += _md_notes("Pupil interviews", lesson.interviews)
    discussion = lesson.discussion
    if discussion is not None:
        lines += ["**Discussion: the case pupils**", ""]
        for p in discussion.case_pupils:
            enough = "enough" if p.enough else "not enough"
            against = p.against_prediction.replace("_", " ")
            lines.append(f"- *{md(p.pseudonym)}*: {md(p.progress)} ({against}; {enough})")
        lines += ["", f"**The class:** {md(discussion.class_notes)}", "", "**What we learned**", ""]
        lines += [f"- {md(x.teacher)}: {md(x.learned)}" for x in discussion.learning]
        lines += ["", f"**Revisions for the next lesson:** {md(discussion.revisions)}", ""]
    return lines


def to_markdown(report: Report) -> str:
    """The report as Markdown."""
    lines = [f"# {md(report.title)}", "", f"Status: {report.status.replace('_', ' ')}", ""]
    lines += [f"**Focus:** {md(report.focus)}", "", f"**Approach:** {md(report.approach)}", ""]
    group = ", ".join(md(m) for m in report.members)
    lines += [f"**Group:** {group}" + (f"; coach {md(report.coach)}" if report.coach else ""), ""]
    if report.evidence:
        lines += ["## Evidence reviewed", ""]
        for item in report.evidence:
            title = f"[{md(item.title)}]({_md_url(item.url)})" if item.url else md(item.title)
            lines.append(f"- {title}" + (f": {md(item.note)}" if item.note else ""))
        lines.append("")
    if report.case_pupils is not None:
        lines += ["## Case pupils", ""]
        lines += [
            f"- *{md(p.pseudonym)}*: {STAGES[p.typifies]}" + (f", {md(p.description)}" if p.description else "")
            for p in report.case_pupils
        ]
        lines.append("")
    lines += ["## Research lessons", ""]
    for lesson in report.lessons:
        lines += _md_lesson(lesson)
    if report.outputs:
        lines += ["## Shared", ""]
        for out in report.outputs:
            title = f"[{md(out.title)}]({_md_url(out.url)})" if out.url else md(out.title)
            lines.append(f"- {KINDS[out.kind]}: {title} ({out.shared_on.isoformat()})")
        lines.append("")
    return "\n".join(lines)


def _h_notes(title: str, notes: list[PupilNote] | None) -> str:
    if not notes:
        return ""
    items = "".join(f"<li><em>{h(n.pseudonym)}</em>{f' ({h(n.by)})' if n.by else ''}: {h(n.text)}</li>" for n in notes)
    return f"<h4>{title}</h4><ul>{items}</ul>"


def _h_lesson(lesson: ReportLesson) -> str:
    when = lesson.taught_at.date().isoformat() if lesson.taught_at else f"planned for {lesson.planned_for.isoformat()}"
    parts = [
        f"<h3>Research lesson {lesson.number}</h3>",
        f"<p>{h(lesson.teacher)}, class {h(lesson.class_ref)}, {when} ({lesson.status})</p>",
    ]
    if lesson.revisions_applied:
        parts.append(f"<p><strong>Revisions taken up:</strong> {h(lesson.revisions_applied)}</p>")
    if lesson.plan:
        parts.append(f"<p><strong>Plan:</strong> {h(lesson.plan)}</p>")
    parts += [_h_notes(t, n) for t, n in (("Predictions", lesson.predictions), ("Observations", lesson.observations))]
    parts.append(_h_notes("Pupil interviews", lesson.interviews))
    d = lesson.discussion
    if d is not None:
        pupils = "".join(
            f"<li><em>{h(p.pseudonym)}</em>: {h(p.progress)} ({p.against_prediction.replace('_', ' ')}; "
            f"{'enough' if p.enough else 'not enough'})</li>"
            for p in d.case_pupils
        )
        learned = "".join(f"<li>{h(x.teacher)}: {h(x.learned)}</li>" for x in d.learning)
        parts += [
            f"<h4>Discussion: the case pupils</h4><ul>{pupils}</ul>",
            f"<p><strong>The class:</strong> {h(d.class_notes)}</p>",
            f"<h4>What we learned</h4><ul>{learned}</ul>",
            f"<p><strong>Revisions for the next lesson:</strong> {h(d.revisions)}</p>",
        ]
    return "".join(parts)


def _link(title: str, url: str | None) -> str:
    return f'<a href="{html.escape(url, quote=True)}">{h(title)}</a>' if url else h(title)


def to_html(report: Report) -> str:
    """The report as a standalone HTML page."""
    coach = f"; coach {h(report.coach)}" if report.coach else ""
    parts = [
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
        f"<title>{h(report.title)}</title></head><body>",
        f"<h1>{h(report.title)}</h1><p>Status: {report.status.replace('_', ' ')}</p>",
        f"<p><strong>Focus:</strong> {h(report.focus)}</p><p><strong>Approach:</strong> {h(report.approach)}</p>",
        f"<p><strong>Group:</strong> {', '.join(h(m) for m in report.members)}{coach}</p>",
    ]
    if report.evidence:
        items = "".join(
            f"<li>{_link(e.title, e.url)}{': ' + h(e.note) if e.note else ''}</li>" for e in report.evidence
        )
        parts.append(f"<h2>Evidence reviewed</h2><ul>{items}</ul>")
    if report.case_pupils is not None:
        items = "".join(
            f"<li><em>{h(p.pseudonym)}</em>: {STAGES[p.typifies]}"
            f"{', ' + h(p.description) if p.description else ''}</li>"
            for p in report.case_pupils
        )
        parts.append(f"<h2>Case pupils</h2><ul>{items}</ul>")
    parts.append("<h2>Research lessons</h2>" + "".join(_h_lesson(lesson) for lesson in report.lessons))
    if report.outputs:
        items = "".join(
            f"<li>{KINDS[o.kind]}: {_link(o.title, o.url)} ({o.shared_on.isoformat()})</li>" for o in report.outputs
        )
        parts.append(f"<h2>Shared</h2><ul>{items}</ul>")
    return "".join([*parts, "</body></html>"])
