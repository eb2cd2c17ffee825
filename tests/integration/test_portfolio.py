"""The portfolio of a fixture teacher: its figures as JSON, and the same portfolio as a printable HTML page."""

from __future__ import annotations

import base64
import hashlib
import html
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from litestar import Litestar

from pl_api.domain.portfolio.evidence import EVIDENCE_HEADINGS
from pl_api.domain.portfolio.schemas import EvidenceKind
from tests.conftest import TenantClient
from tests.integration.test_activities import activity_body

YEAR = {"from": "2026-09-01", "to": "2027-08-31"}
TRICKY = "<script>alert(1)</script> & co"


def visible_text(page: str) -> str:
    """What a reader of the page sees, as one line of text."""
    body = re.sub(r"<(style|title)>.*?</\1>", " ", page, flags=re.DOTALL)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body)))


@dataclass
class Fixture:
    """Priya, a teacher at Oakfield, with a year of learning; ids by name."""

    api: TenantClient
    priya: TenantClient
    ids: dict[str, str]

    def url(self, name: str = "priya") -> str:
        return f"/v1/staff/{self.ids[name]}/portfolio"


@pytest.fixture
async def year(app: Litestar, api: TenantClient) -> Fixture:
    """Four activities attended in 2026/27 (7 hours: 4.5 whole school, 1 team, 1.5 individual), others that do
    not count, one activity led, feedback, goals and one reflection of each visibility."""
    school = await api.create("/v1/schools", {"name": "Oakfield"})
    framework = await api.create("/v1/frameworks", {"name": "Teachers' Standards"})
    element: dict[str, str] = {}
    for code, title in (
        ("TS2", "Promote progress"),
        ("TS4", "Plan and teach well-structured lessons"),
        ("TS5", "Adapt"),
    ):
        element[code] = (
            await api.create(f"/v1/frameworks/{framework['id']}/elements", {"code": code, "title": title})
        )["id"]
    reading = await api.create("/v1/priorities", {"academic_year": "2026/27", "title": "Reading"})
    staff = {
        "given_name": "Priya",
        "family_name": "Shah",
        "email": "priya@oakfield.example",
        "job_title": "Teacher of English",
        "memberships": [{"school_id": school["id"], "roles": ["teacher"]}],
    }
    priya = await api.create("/v1/staff", staff)
    attended = [{"staff_id": priya["id"], "status": "attended"}]

    async def activity(**fields: Any) -> str:
        body = activity_body(school_id=school["id"], status="completed", participants=attended) | fields
        return str((await api.create("/v1/activities", body))["id"])

    inset = await activity(
        title="INSET: retrieval practice",
        starts_at="2026-09-02T08:00:00Z",
        element_ids=[element["TS4"]],
        priority_ids=[reading["id"]],
    )
    await activity(
        title="INSET: feedback",
        starts_at="2027-01-04T09:00:00Z",
        duration_minutes=120,
        element_ids=[element["TS2"]],
        participants=[attended[0] | {"minutes_credited": 90}],
    )
    await activity(
        title="English department: reading aloud",
        kind="team_meeting",
        stream="team",
        starts_at="2026-10-07T15:30:00Z",
        duration_minutes=60,
        element_ids=[element["TS5"]],
        priority_ids=[reading["id"]],
    )
    await activity(
        title="Online course: phonics",
        kind="online_course",
        stream="individual",
        starts_at="2026-11-03T16:00:00Z",
        duration_minutes=120,
        element_ids=[element["TS4"]],
        participants=[attended[0] | {"minutes_credited": 90}],
    )
    await activity(title="Missed", starts_at="2026-11-04T15:30:00Z", participants=[attended[0] | {"status": "absent"}])
    await activity(title="Called off", status="cancelled")
    await activity(title="Last year", starts_at="2026-06-01T09:00:00Z")
    others = [await api.create("/v1/staff", staff | {"email": f"o{i}@oakfield.example"}) for i in range(3)]
    await activity(
        title="Year 7 reading workshop",
        stream="team",
        kind="team_meeting",
        starts_at="2026-12-02T15:30:00Z",
        duration_minutes=45,
        leader_staff_id=priya["id"],
        participants=[
            {"staff_id": o["id"], "status": s} for o, s in zip(others, ("attended", "attended", "absent"), strict=True)
        ],
    )
    feedback = {"staff_id": priya["id"], "reaction": 2, "learning": 4, "comment": "Far too long, sorry"}
    await api.create(f"/v1/activities/{inset}/feedback", feedback)
    as_priya = api.as_staff(app, priya["id"])
    goal = {"staff_id": priya["id"], "title": "Questioning & checking understanding", "element_ids": [element["TS4"]]}
    await as_priya.create("/v1/goals", goal | {"review_on": "2027-02-01", "description": TRICKY})
    await as_priya.create("/v1/goals", {"staff_id": priya["id"], "title": "Abandoned", "status": "dropped"})
    ids = {"priya": priya["id"], "inset": inset, "school": school["id"], "reading": reading["id"], **element}
    for visibility in ("private", "coach", "team", "leaders"):
        reflection = {
            "staff_id": priya["id"],
            "title": TRICKY if visibility == "leaders" else f"My {visibility} thought",
            "body": f"Line one\nA {visibility} thought & <b>more</b>",
            "visibility": visibility,
            "written_at": "2026-10-08T20:00:00Z",
        }
        ids[visibility] = (await as_priya.create("/v1/reflections", reflection))["id"]
    old = {"staff_id": priya["id"], "body": "Old", "visibility": "leaders", "written_at": "2026-05-01T20:00:00Z"}
    await as_priya.create("/v1/reflections", old)
    return Fixture(api, as_priya, ids)


async def test_the_portfolio_adds_up(year: Fixture) -> None:
    response = await year.api.get(year.url(), params=YEAR)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    assert response.headers["cache-control"] == "private, no-store" and response.headers["vary"] == "Accept"
    p = response.json()
    assert p["staff"] | {"id": None} == {
        "id": None,
        "given_name": "Priya",
        "family_name": "Shah",
        "job_title": "Teacher of English",
        "status": "active",
        "schools": [{"id": year.ids["school"], "name": "Oakfield"}],
    }
    assert (p["from"], p["to"]) == ("2026-09-01", "2027-08-31")
    learning = p["learning"]
    assert (learning["minutes"], learning["hours"], learning["activities"]) == (420, 7.0, 4)
    streams = {s["stream"]: s for s in learning["streams"]}
    assert list(streams) == ["whole_school", "team", "individual"]
    assert {k: (s["minutes"], s["hours"]) for k, s in streams.items()} == {
        "whole_school": (270, 4.5),
        "team": (60, 1.0),
        "individual": (90, 1.5),
    }
    assert [a["title"] for a in streams["whole_school"]["activities"]] == [
        "INSET: retrieval practice",
        "INSET: feedback",
    ]
    assert [(e["element"]["code"], e["minutes"]) for e in streams["whole_school"]["elements"]] == [
        ("TS4", 180),
        ("TS2", 90),
    ]
    assert streams["whole_school"]["elements"][0]["element"]["framework"] == "Teachers' Standards"
    assert [(e["element"]["code"], e["minutes"]) for e in streams["team"]["elements"]] == [("TS5", 60)]
    assert [(e["element"]["code"], e["minutes"]) for e in streams["individual"]["elements"]] == [("TS4", 90)]
    assert [(x["title"], x["minutes"]) for x in streams["whole_school"]["priorities"]] == [("Reading", 180)]
    assert [(x["title"], x["minutes"]) for x in streams["team"]["priorities"]] == [("Reading", 60)]
    assert streams["individual"]["priorities"] == []

    [goal] = p["goals"]  # the dropped goal never appears
    assert (goal["title"], goal["status"], goal["review_on"]) == (
        "Questioning & checking understanding",
        "active",
        "2027-02-01",
    )
    assert [(e["code"], e["title"]) for e in goal["elements"]] == [("TS4", "Plan and teach well-structured lessons")]

    assert [(e["kind"], e["on"], e["title"], e["detail"]) for e in p["evidence"]] == [
        ("feedback_given", "2026-09-02", "INSET: retrieval practice", "learning rated 4 of 5"),
        ("activity_led", "2026-12-02", "Year 7 reading workshop", "completed, 2 attended"),
    ]
    assert p["evidence"][0]["guskey_level"] == 2
    assert "Far too long" not in response.text  # feedback comments judge the activity, not the teacher

    assert [(r["id"], r["shared_with_leaders"]) for r in p["reflections"]] == [(year.ids["leaders"], True)]
    assert p["includes_unshared_reflections"] is False
    assert p["plugins"] == []


async def test_the_period_defaults_to_this_academic_year_and_achieved_goals_join_in_theirs(year: Fixture) -> None:
    today = datetime.now(UTC).date()
    goals = (await year.priya.get("/v1/goals")).json()["items"]
    questioning = next(g for g in goals if g["status"] == "active")
    changed = await year.priya.patch(
        f"/v1/goals/{questioning['id']}",
        json={"status": "achieved"},
        headers={"If-Match": f'"{questioning["version"]}"'},
    )
    assert changed.status_code == 200, changed.text
    default = (await year.api.get(year.url())).json()
    start = today.year if today.month >= 9 else today.year - 1
    assert (default["from"], default["to"]) == (f"{start}-09-01", f"{start + 1}-08-31")
    assert [g["status"] for g in default["goals"]] == ["achieved"]  # achieved in this period
    earlier = {"from": "2025-09-01", "to": str(today - timedelta(days=2))}
    assert (await year.api.get(year.url(), params=earlier)).json()["goals"] == []
    backwards = await year.api.get(year.url(), params={"from": "2026-10-01", "to": "2026-09-01"})
    assert backwards.status_code == 400 and backwards.json()["errors"][0]["field"] == "to"
    bad_date = await year.api.get(year.url(), params={"from": "2026-13-01"})
    assert bad_date.status_code == 400


async def test_the_printable_page_shows_the_same_portfolio(year: Fixture) -> None:
    response = await year.api.get(year.url(), params=YEAR, headers={"Accept": "text/html"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    page = response.text
    text = visible_text(page)
    assert "CPD portfolio: Priya Shah" in text and "Teacher of English, Oakfield" in text
    assert "From 1 September 2026 to 31 August 2027" in text
    assert "7 hours of professional learning in 4 activities" in text
    for row in ("Whole school 4.5 2 64%", "Team 1.0 1 14%", "Individual 1.5 1 21%"):
        assert row in text
    assert "Whole school: 4.5 hours" in text and "Team: 1 hour" in text and "Individual: 1.5 hours" in text
    assert "TS4 Plan and teach well-structured lessons (Teachers' Standards) : 3 hours" in text
    assert "Reading: 3 hours" in text and "Reading: 1 hour" in text
    assert "2 September 2026 INSET: retrieval practice Inset session 3.0" in text
    assert "Active; review on 1 February 2027" in text
    assert "Activities led 2 December 2026: Year 7 reading workshop (completed, 2 attended)" in text
    assert "INSET: retrieval practice (learning rated 4 of 5)" in text
    assert "My private thought" not in page and "My coach thought" not in page and "My team thought" not in page
    assert "Far too long" not in page and "Abandoned" not in page and "Not shared with leaders" not in page


async def test_the_page_escapes_what_users_typed_and_can_run_and_load_nothing(year: Fixture) -> None:
    response = await year.api.get(year.url(), params=YEAR, headers={"Accept": "text/html"})
    page = response.text
    assert "<script" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in page  # the reflection's title and the goal's text
    assert "Questioning &amp; checking understanding" in page
    assert "A leaders thought &amp; &lt;b&gt;more&lt;/b&gt;" in page
    assert not re.search(r"\b(src|href|action)=|@import|url\(", page, re.IGNORECASE)
    [style] = re.findall(r"<style>(.*?)</style>", page, re.DOTALL)
    assert "@page { size: A4;" in style
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    policy = response.headers["content-security-policy"]
    assert policy == (
        f"default-src 'none'; style-src 'sha256-{digest}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    )
    assert response.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize(
    ("accept", "page"),
    [
        (None, False),
        ("*/*", False),
        ("application/json", False),
        ("text/csv", False),
        ("text/html", True),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", True),
        ("application/json, text/html;q=0.5", False),
    ],
)
async def test_accept_chooses_the_page_only_when_html_is_preferred(
    year: Fixture, accept: str | None, page: bool
) -> None:
    headers = {"Accept": accept} if accept else {}
    response = await year.api.get(year.url(), params=YEAR, headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html" if page else "application/json")


def test_every_kind_of_evidence_has_a_heading() -> None:
    from typing import get_args

    assert list(EVIDENCE_HEADINGS) == list(get_args(EvidenceKind))
