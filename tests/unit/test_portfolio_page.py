"""The portfolio page draws what plugins contribute as headed lists and tables, escaped, without their ids."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from pl_api.domain.portfolio import schemas
from pl_api.domain.portfolio.render import to_html
from pl_api.http.html import document_headers


def _portfolio(plugins: list[schemas.PortfolioContribution]) -> schemas.Portfolio:
    person = schemas.PortfolioPerson(
        id=uuid.uuid4(), given_name="Ana", family_name="Lima", job_title=None, status="active", schools=[]
    )
    return schemas.Portfolio(
        staff=person,
        from_date=date(2026, 9, 1),
        to_date=date(2027, 8, 31),
        generated_at=datetime(2026, 12, 1, tzinfo=UTC),
        learning=schemas.PortfolioLearning(minutes=0, hours=0.0, activities=0, streams=[]),
        goals=[],
        evidence=[],
        reflections=[],
        includes_unshared_reflections=False,
        plugins=plugins,
    )


def test_plugin_sections_are_escaped_named_and_shown_without_ids() -> None:
    step_id = str(uuid.uuid4())
    content = {
        "steps_mastered": [
            {"step_id": step_id, "code": "R1.1", "title": "<img src=x onerror=alert(1)>", "at": "2026-09-20T10:00:00Z"}
        ],
        "lead": True,
        "notes": None,
        "tags": ["a & b"],
    }
    contribution = schemas.PortfolioContribution(slug="sample", name="Sample <plugin>", content=content)
    page = to_html(_portfolio([contribution]))
    assert "<h3>Sample &lt;plugin&gt;</h3>" in page
    assert "<th>Code</th><th>Title</th><th>At</th>" in page and step_id not in page
    assert "<td>&lt;img src=x onerror=alert(1)&gt;</td><td>20 September 2026</td>" in page
    assert "<dt>Lead</dt><dd>yes</dd>" in page and "<dt>Notes</dt><dd>&mdash;</dd>" in page
    assert "<li>a &amp; b</li>" in page and "<img" not in page


def test_an_empty_portfolio_says_so() -> None:
    page = to_html(_portfolio([]))
    assert "No current goals." in page and "No evidence recorded in this period." in page
    assert "No reflections shared with leaders in this period." in page and "Contributions" not in page


def test_documents_without_a_style_allow_nothing_at_all() -> None:
    policy = document_headers()["Content-Security-Policy"]
    assert policy == "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
