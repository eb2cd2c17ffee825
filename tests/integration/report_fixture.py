"""A two-school trust whose report figures are worked out by hand in the tests that use it.

Ashdown: staff a1-a7 (and d1, who is also at Brook), team Maths, priority Reading; Brook: staff b1-b4 (and
d1), priority Behaviour; one trust-wide activity. The period is 2026-09-01 to 2026-12-31 and the Autumn term
2026-09-01 to 2026-12-20; see each test for the arithmetic.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from litestar import Litestar

from pl_api.domain.terms.models import Term
from tests.conftest import TenantClient

PERIOD = {"from": "2026-09-01", "to": "2026-12-31"}
PRIVATE_TEXT = "PRIVATE-REFLECTION-7f3a"
COMMENT_TEXT = "COMMENT-NEVER-SHOWN-91c2"


@dataclass
class Trust:
    """Ids of everything the fixture made."""

    ashdown: str = ""
    brook: str = ""
    staff: dict[str, str] = field(default_factory=dict)
    activities: dict[str, str] = field(default_factory=dict)
    reading: str = ""
    behaviour: str = ""
    maths: str = ""
    element: str = ""
    term: str = ""
    plans: dict[str, str] = field(default_factory=dict)


def _activity(title: str, starts: str, minutes: int, **fields: Any) -> dict[str, Any]:
    return {"title": title, "starts_at": starts, "duration_minutes": minutes, "status": "completed", **fields}


async def build_trust(app: Litestar, api: TenantClient) -> Trust:
    """Create the fixture trust through the API (and its term straight in the database)."""
    t = Trust()
    t.ashdown = (await api.create("/v1/schools", {"name": "Ashdown"}))["id"]
    t.brook = (await api.create("/v1/schools", {"name": "Brook"}))["id"]
    members = {"a": [t.ashdown], "b": [t.brook], "d": [t.ashdown, t.brook]}
    names = [f"a{i}" for i in range(1, 8)] + [f"b{i}" for i in range(1, 5)] + ["d1"]
    for name in names:
        body = {
            "given_name": f"Given{name}",
            "family_name": f"Family{name}",
            "email": f"{name}@trust.example",
            "memberships": [{"school_id": s, "roles": ["teacher"]} for s in members[name[0]]],
        }
        t.staff[name] = (await api.create("/v1/staff", body))["id"]
    s = t.staff
    t.maths = (await api.create("/v1/teams", {"name": "Maths", "kind": "department", "school_id": t.ashdown}))["id"]
    framework = await api.create("/v1/frameworks", {"name": "Teaching standards"})
    t.element = (
        await api.create(f"/v1/frameworks/{framework['id']}/elements", {"code": "1.1", "title": "High expectations"})
    )["id"]
    year = {"academic_year": "2026/27"}
    t.reading = (await api.create("/v1/priorities", {**year, "title": "Reading", "school_id": t.ashdown}))["id"]
    t.behaviour = (
        await api.create("/v1/priorities", {**year, "title": "Behaviour & <routines>", "school_id": t.brook})
    )["id"]

    def att(*names: str, status: str = "attended") -> list[dict[str, Any]]:
        return [{"staff_id": s[n], "status": status} for n in names]

    a_all = ("a1", "a2", "a3", "a4", "a5")
    bodies = {
        "A1": _activity(
            "INSET", "2026-09-02T09:00:00Z", 180, kind="inset_session", stream="whole_school",
            school_id=t.ashdown, priority_ids=[t.reading], element_ids=[t.element],
            mechanisms=["instruct_technique", "model_technique"], cost_pence=50000, participants=att(*a_all),
        ),
        "A2": _activity(
            "Maths CPD", "2026-10-07T15:30:00Z", 60, kind="team_meeting", stream="team", school_id=t.ashdown,
            team_id=t.maths, priority_ids=[t.reading], mechanisms=["action_planning"],
            participants=att("a1", "a2", "a3") + att("a4", status="absent"),
        ),
        "A3": _activity(
            "Mentoring", "2026-10-14T16:00:00Z", 45, kind="mentoring", stream="individual", school_id=t.ashdown,
            cost_pence=12000, participants=att("a5"),
        ),
        "A4": {
            **_activity(
                "Spring INSET", "2026-11-05T09:00:00Z", 120, kind="inset_session", stream="whole_school",
                school_id=t.ashdown, priority_ids=[t.reading], cost_pence=30000,
                participants=att(*a_all, status="invited"),
            ),
            "status": "planned",
        },
        "A5": {
            **_activity(
                "Cancelled", "2026-10-20T09:00:00Z", 120, kind="expert_input", stream="whole_school",
                school_id=t.ashdown, cost_pence=99999, participants=att("a1", "a7"),
            ),
            "status": "cancelled",
        },
        "A6": _activity(
            "January", "2027-01-10T09:00:00Z", 60, kind="expert_input", stream="whole_school", school_id=t.ashdown,
            participants=att("a2"),
        ),
        "B1": _activity(
            "Brook INSET", "2026-09-03T09:00:00Z", 120, kind="inset_session", stream="whole_school",
            school_id=t.brook, priority_ids=[t.behaviour], mechanisms=["instruct_technique"], cost_pence=20000,
            participants=att("b1", "b2", "b3") + att("b4", status="absent"),
        ),
        "B2": _activity(
            "Brook team", "2026-10-08T15:30:00Z", 90, kind="team_meeting", stream="team", school_id=t.brook,
            participants=[{"staff_id": s["b1"], "status": "attended", "minutes_credited": 60}, *att("b2")],
        ),
        "T1": _activity(
            "Trust conference", "2026-11-20T09:00:00Z", 300, kind="expert_input", stream="whole_school",
            cost_pence=40000, participants=att("a1", "b1", "b2") + att("a3", status="invited"),
        ),
    }  # fmt: skip
    for key, body in bodies.items():
        t.activities[key] = (await api.create("/v1/activities", body))["id"]
    a = t.activities
    feedback = [("A1", "a1", 5, 4), ("A1", "a2", 4, 4), ("A1", "a3", 3, 5), ("A2", "a1", 5, 5)]
    for activity, who, reaction, learning in feedback:
        body = {"staff_id": s[who], "reaction": reaction, "learning": learning, "comment": COMMENT_TEXT}
        await api.create(f"/v1/activities/{a[activity]}/feedback", body)
    measures = [
        {"level": 1, "instrument": "survey", "due_on": "2026-09-10"},
        {"level": 3, "instrument": "learning_walk", "due_on": "2026-10-30"},
        {"level": 4, "instrument": "observation", "due_on": "2026-11-15"},
        {"level": 4, "instrument": "observation", "due_on": "2027-03-15"},
        {"level": 5, "instrument": "pupil_data", "due_on": "2027-07-01"},
    ]
    t.plans["reading"] = (await api.create("/v1/evaluation-plans", {"priority_id": t.reading, "measures": measures}))[
        "id"
    ]
    t.plans["A2"] = (
        await api.create(
            "/v1/evaluation-plans",
            {"activity_id": a["A2"], "measures": [{"level": 2, "instrument": "quiz", "due_on": "2026-10-07"}]},
        )
    )["id"]
    follow_ups = [
        ("reading", 3, "2026-10-20"),
        ("reading", 4, "2026-11-10"),
        ("reading", 4, "2027-02-01"),
        ("A2", 4, "2026-10-21"),
    ]
    for plan, level, on in follow_ups:
        body = {"level": level, "instrument": "observation", "recorded_on": on, "summary": "Most of the team used it"}
        await api.create(f"/v1/evaluation-plans/{t.plans[plan]}/follow-ups", body)
    await api.create("/v1/cpd-budgets", {"school_id": t.ashdown, "academic_year": "2026/27", "amount_pence": 100000})
    await api.create("/v1/cpd-budgets", {"school_id": t.ashdown, "academic_year": "2025/26", "amount_pence": 55555})
    await api.create("/v1/reflections", {"staff_id": s["a1"], "body": PRIVATE_TEXT, "visibility": "private"})
    async with app.state.sessions() as session:
        term = Term(
            tenant_id=api.tenant_id, name="Autumn 2026", kind="term", academic_year="2026/27",
            starts_on=date(2026, 9, 1), ends_on=date(2026, 12, 20),
        )  # fmt: skip
        session.add(term)
        await session.commit()
        t.term = str(term.id)
    return t
