"""Report figures against numbers worked out by hand from the fixture trust (tests/integration/report_fixture.py)."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from litestar import Litestar

from pl_api.domain.terms.models import Term
from tests.conftest import TenantClient
from tests.integration.report_fixture import PERIOD, Trust, build_trust


@pytest.fixture
async def trust(app: Litestar, api: TenantClient) -> Trust:
    return await build_trust(app, api)


def by_key(groups: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {g["key"]: g for g in groups}


async def report(api: TenantClient, name: str, **params: Any) -> dict[str, Any]:
    response = await api.get(f"/v1/reports/{name}", params=params)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    body: dict[str, Any] = response.json()
    return body


async def test_hours_of_one_school(api: TenantClient, trust: Trust) -> None:
    # Ashdown: A1 5 x 180 = 900 (whole school), A2 3 x 60 = 180 (team, Maths), A3 1 x 45 = 45 (individual).
    # A4 is only planned (no one credited), A5 cancelled, A6 after the period.
    body = await report(api, "hours", school_id=trust.ashdown, **PERIOD)
    assert [p["label"] for p in body["schools"]] == ["Ashdown"]
    total = body["total"]
    assert (total["minutes"], total["hours"], total["people"]) == (1125, 18.75, 5)
    streams = by_key(total["by_stream"])
    assert (streams["whole_school"]["minutes"], streams["whole_school"]["share"]) == (900, 0.8)
    assert (streams["team"]["minutes"], streams["team"]["share"]) == (180, 0.16)
    # One person in the individual stream: withheld.
    assert streams["individual"] == {
        "key": "individual", "label": "individual", "people": 1, "minutes": None, "hours": None, "share": None,
        "suppressed": True,
    }  # fmt: skip
    assert by_key(total["by_team"]) == {
        trust.maths: {"key": trust.maths, "label": "Maths", "people": 3, "minutes": 180, "hours": 3.0,
                      "share": None, "suppressed": False},
    }  # fmt: skip
    kinds = by_key(total["by_kind"])
    assert (kinds["inset_session"]["minutes"], kinds["inset_session"]["label"]) == (900, "INSET session")
    assert kinds["team_meeting"]["minutes"] == 180
    assert kinds["mentoring"]["suppressed"] is True
    assert {k: g["minutes"] for k, g in by_key(total["by_priority"]).items()} == {trust.reading: 1080}
    assert by_key(total["by_element"])[trust.element]["label"] == "1.1 High expectations"
    assert by_key(total["by_element"])[trust.element]["minutes"] == 900
    assert {k: g["minutes"] for k, g in by_key(total["by_mechanism"]).items()} == {
        "instruct_technique": 900,
        "model_technique": 900,
        "action_planning": 180,
    }
    assert total["by_month"] == [
        {"month": "2026-09", "whole_school": 900, "team": 0, "individual": 0},
        {"month": "2026-10", "whole_school": 0, "team": 180, "individual": None},
        {"month": "2026-11", "whole_school": 0, "team": 0, "individual": 0},
        {"month": "2026-12", "whole_school": 0, "team": 0, "individual": 0},
    ]


async def test_hours_rolled_up_across_the_trust(api: TenantClient, trust: Trust) -> None:
    # Brook: B1 3 x 120 = 360, B2 60 + 90 = 150 (two people: withheld); trust-wide T1 3 x 300 = 900.
    body = await report(api, "hours", **PERIOD)
    assert body["school_id"] is None
    parts = {p["label"]: p for p in body["schools"]}
    assert list(parts) == ["Ashdown", "Brook", "Trust-wide activities"]
    assert (parts["Ashdown"]["minutes"], parts["Brook"]["minutes"], parts["Trust-wide activities"]["minutes"]) == (
        1125,
        510,
        900,
    )
    brook = by_key(parts["Brook"]["by_stream"])
    assert (brook["whole_school"]["minutes"], brook["whole_school"]["share"]) == (360, 0.706)
    assert (brook["team"]["people"], brook["team"]["minutes"], brook["team"]["suppressed"]) == (2, None, True)
    assert (brook["individual"]["minutes"], brook["individual"]["share"]) == (0, 0.0)
    total = body["total"]
    assert (total["label"], total["minutes"], total["hours"], total["people"]) == ("Total", 2535, 42.25, 8)
    streams = by_key(total["by_stream"])
    assert (streams["whole_school"]["minutes"], streams["whole_school"]["share"]) == (2160, 0.852)
    assert (streams["team"]["minutes"], streams["team"]["people"], streams["team"]["share"]) == (330, 5, 0.13)
    assert streams["individual"]["suppressed"] is True


async def test_priority_coverage_and_evidence(api: TenantClient, trust: Trust) -> None:
    body = await report(api, "priority-coverage", school_id=trust.ashdown, **PERIOD)
    [part] = body["schools"]
    [reading] = part["priorities"]
    # A1, A2 and the planned A4 serve Reading; a1-a5 attended A1.
    assert (reading["activities"], reading["completed_activities"], reading["people_reached"]) == (3, 2, 5)
    assert reading["minutes"] == 1080
    # Reading's plan plans levels 1, 3, 4, 4, 5; A2's plan level 2. Feedback: four responses from three people,
    # reactions 5, 4, 3, 5 (mean 4.25), learning 4, 4, 5, 5 (4.5). Follow-ups in the period: one at level 3,
    # two at level 4 (one on each plan); February's is after it.
    assert reading["evidence"] == [
        {"level": 1, "name": "reactions", "planned": 1, "gathered": 4, "mean_rating": 4.25},
        {"level": 2, "name": "learning", "planned": 1, "gathered": 4, "mean_rating": 4.5},
        {"level": 3, "name": "organisational_support", "planned": 1, "gathered": 1, "mean_rating": None},
        {"level": 4, "name": "use_of_new_practice", "planned": 2, "gathered": 2, "mean_rating": None},
        {"level": 5, "name": "pupil_outcomes", "planned": 1, "gathered": 0, "mean_rating": None},
    ]
    assert (body["total"]["priorities"], body["total"]["activities"], body["total"]["people_reached"]) == (1, 3, 5)


async def test_priority_coverage_across_the_trust(api: TenantClient, trust: Trust) -> None:
    body = await report(api, "priority-coverage", **PERIOD)
    parts = {p["label"]: p for p in body["schools"]}
    assert list(parts) == ["Ashdown", "Brook"]
    [behaviour] = parts["Brook"]["priorities"]
    assert (behaviour["title"], behaviour["activities"], behaviour["people_reached"]) == (
        "Behaviour & <routines>",
        1,
        3,
    )
    assert [e["gathered"] for e in behaviour["evidence"]] == [0, 0, 0, 0, 0]
    # Reading reaches a1-a5, Behaviour b1-b3: eight people through four activities.
    assert (body["total"]["priorities"], body["total"]["activities"], body["total"]["people_reached"]) == (2, 4, 8)


async def test_attendance_rates(api: TenantClient, trust: Trust) -> None:
    body = await report(api, "attendance", **PERIOD)
    parts = {p["overall"]["label"]: p for p in body["schools"]}
    # Ashdown's completed activities: A1 5 attended, A2 3 attended 1 absent, A3 1 attended: 9 / 10.
    ashdown = parts["Ashdown"]
    assert {k: ashdown["overall"][k] for k in ("activities", "attended", "absent", "unmarked", "rate")} == {
        "activities": 3, "attended": 9, "absent": 1, "unmarked": 0, "rate": 0.9,
    }  # fmt: skip
    streams = by_key(ashdown["by_stream"])
    assert (streams["whole_school"]["rate"], streams["team"]["rate"]) == (1.0, 0.75)
    assert (streams["individual"]["rate"], streams["individual"]["suppressed"]) == (None, True)
    # Brook: B1 3 of 4, B2 2 of 2: 5 / 6. Trust-wide: 3 attended, a3 never marked.
    assert (parts["Brook"]["overall"]["attended"], parts["Brook"]["overall"]["rate"]) == (5, 0.833)
    trust_wide = parts["Trust-wide activities"]["overall"]
    assert (trust_wide["attended"], trust_wide["unmarked"], trust_wide["rate"]) == (3, 1, 1.0)
    total = body["total"]["overall"]
    assert (total["attended"], total["absent"], total["unmarked"], total["rate"]) == (17, 2, 1, 0.895)


async def test_cost_against_budget(api: TenantClient, trust: Trust) -> None:
    body = await report(api, "costs", academic_year="2026/27")
    rows = {r["label"]: r for r in body["schools"]}
    # Ashdown: A1 500.00 + A3 120.00 spent, A4 300.00 planned, A2 and A6 uncosted, A5 cancelled; budget 1000.00.
    assert rows["Ashdown"] == {
        "school_id": trust.ashdown, "label": "Ashdown", "budget_pence": 100000, "spent_pence": 62000,
        "planned_pence": 30000, "remaining_pence": 8000, "used_share": 0.92, "activities": 5,
        "uncosted_activities": 2,
    }  # fmt: skip
    assert (rows["Brook"]["budget_pence"], rows["Brook"]["spent_pence"], rows["Brook"]["remaining_pence"]) == (
        None,
        20000,
        None,
    )
    assert rows["Trust-wide activities"]["spent_pence"] == 40000
    total = body["total"]
    assert (total["budget_pence"], total["spent_pence"], total["planned_pence"]) == (100000, 122000, 30000)
    assert (total["remaining_pence"], total["used_share"], total["activities"]) == (-52000, 1.52, 8)
    last_year = await report(api, "costs", school_id=trust.ashdown, academic_year="2025/26")
    assert (last_year["total"]["budget_pence"], last_year["total"]["spent_pence"]) == (55555, 0)


async def test_unrecorded_staff_in_a_term(api: TenantClient, trust: Trust) -> None:
    body = await report(api, "unrecorded-staff", term_id=trust.term)
    assert (body["from_date"], body["to_date"]) == ("2026-09-01", "2026-12-20")
    rows = {r["label"]: r for r in body["schools"]}
    # Ashdown: a1-a7 and d1; a6 and d1 took part in nothing, a7 only in the cancelled A5.
    assert (rows["Ashdown"]["staff"], rows["Ashdown"]["unrecorded"]) == (8, 3)
    assert [n["family_name"] for n in rows["Ashdown"]["names"]] == ["Familya6", "Familya7", "Familyd1"]
    # Brook: b1-b4 and d1; b4 was only absent.
    assert (rows["Brook"]["staff"], rows["Brook"]["unrecorded"]) == (5, 2)
    assert (body["total"]["staff"], body["total"]["unrecorded"]) == (12, 4)


async def test_reports_as_csv(api: TenantClient, trust: Trust) -> None:
    response = await api.get("/v1/reports/hours", params=PERIOD, headers={"Accept": "text/csv"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.text)))
    assert rows[0] == ["school_id", "school", "breakdown", "key", "label", "people", "minutes", "hours", "share",
                       "suppressed"]  # fmt: skip
    assert ["", "Total", "total", "", "", "8", "2535", "42.25", "", "false"] in rows
    assert [trust.brook, "Brook", "stream", "team", "team", "2", "", "", "", "true"] in rows
    assert [trust.ashdown, "Ashdown", "team", trust.maths, "Maths", "3", "180", "3.0", "", "false"] in rows
    assert [trust.ashdown, "Ashdown", "month", "2026-09/whole_school", "2026-09/whole_school", "", "900", "15.0", "",
            "false"] in rows  # fmt: skip
    costs = await api.get("/v1/reports/costs", params={"academic_year": "2026/27"}, headers={"Accept": "text/csv"})
    cost_rows = list(csv.reader(io.StringIO(costs.text)))
    assert cost_rows[0][:4] == ["school_id", "school", "academic_year", "budget_pence"]
    assert cost_rows[1] == [trust.ashdown, "Ashdown", "2026/27", "100000", "62000", "30000", "8000", "0.92", "5", "2"]
    assert cost_rows[-1] == ["", "Total", "2026/27", "100000", "122000", "30000", "-52000", "1.52", "8", "3"]
    coverage = await api.get("/v1/reports/priority-coverage", params=PERIOD, headers={"Accept": "text/csv"})
    cover_rows = list(csv.reader(io.StringIO(coverage.text)))
    assert cover_rows[1][3:] == ["Reading", "3", "2", "5", "1080", "1", "4", "1", "4", "1", "1", "2", "2", "1", "0"]


async def test_bad_periods_are_422s_naming_the_field(api: TenantClient, trust: Trust) -> None:
    cases = [
        ("hours", {"from": "2026-10-01", "to": "2026-09-01"}, "to"),
        ("hours", {"from": "2020-01-01", "to": "2026-01-01"}, "to"),
        ("costs", {"academic_year": "2026/28"}, "academic_year"),
        ("unrecorded-staff", {"term_id": trust.term, "from": "2026-09-01"}, "term_id"),
    ]
    for name, params, field in cases:
        response = await api.get(f"/v1/reports/{name}", params=params)
        assert response.status_code == 422, (name, response.text)
        assert response.json()["errors"][0]["field"] == field
    missing = await api.get("/v1/reports/hours", params={"school_id": "01890000-0000-7000-8000-000000000000"})
    assert missing.status_code == 404


async def test_another_tenants_school_or_term_is_not_found(
    app: Litestar, api: TenantClient, other_api: TenantClient, trust: Trust
) -> None:
    for name in ("hours", "priority-coverage", "attendance", "costs", "unrecorded-staff"):
        for path in (f"/v1/reports/{name}", f"/v1/reports/{name}/chart.svg"):
            assert (await other_api.get(path, params={"school_id": trust.ashdown})).status_code == 404
    for path in ("/v1/reports/unrecorded-staff", "/v1/reports/unrecorded-staff/chart.svg"):
        assert (await other_api.get(path, params={"term_id": trust.term})).status_code == 404


async def test_a_term_without_dates_is_a_422(app: Litestar, api: TenantClient) -> None:
    async with app.state.sessions() as session:
        term = Term(tenant_id=api.tenant_id, name="Undated", kind="term")
        session.add(term)
        await session.commit()
    response = await api.get("/v1/reports/unrecorded-staff", params={"term_id": str(term.id)})
    assert (response.status_code, response.json()["errors"][0]["field"]) == (422, "term_id")
