"""Evaluation plans and follow-ups, and CPD budgets: what they accept, refuse and who may change them."""

from __future__ import annotations

from litestar import Litestar

from tests.conftest import TenantClient
from tests.integration.test_activities import activity_body

MEASURES = [
    {"level": 1, "instrument": "feedback_form", "due_on": "2026-09-03"},
    {"level": 4, "instrument": "observation", "due_on": "2026-12-01", "description": "Drop-ins in week 12"},
]


async def test_plan_for_an_activity_with_follow_ups(api: TenantClient) -> None:
    activity = await api.create("/v1/activities", activity_body())
    plan = await api.create("/v1/evaluation-plans", {"activity_id": activity["id"], "measures": MEASURES})
    assert (plan["activity_id"], plan["priority_id"]) == (activity["id"], None)
    assert plan["measures"][1] == MEASURES[1]
    assert plan["measures"][0] == {**MEASURES[0], "description": None}
    again = await api.post("/v1/evaluation-plans", json={"activity_id": activity["id"]})
    assert again.status_code == 409
    path = f"/v1/evaluation-plans/{plan['id']}"
    changed = await api.patch(path, json={"measures": MEASURES[:1]}, headers={"If-Match": '"1"'})
    assert changed.status_code == 200
    assert len(changed.json()["measures"]) == 1
    stale = await api.patch(path, json={"summary": "x"}, headers={"If-Match": '"1"'})
    assert stale.status_code == 412
    body = {"level": 4, "instrument": "observation", "recorded_on": "2026-12-02", "summary": "8 of 10 used it"}
    follow_up = await api.create(f"{path}/follow-ups", body)
    assert (follow_up["level"], follow_up["outcome"]) == (4, None)
    listed = (await api.get(f"{path}/follow-ups")).json()["items"]
    assert [f["id"] for f in listed] == [follow_up["id"]]
    updated = await api.patch(f"{path}/follow-ups/{follow_up['id']}", json={"outcome": "partly_met"})
    assert updated.json()["outcome"] == "partly_met"
    assert (await api.get("/v1/evaluation-plans", params={"activity_id": activity["id"]})).json()["items"][0][
        "id"
    ] == plan["id"]
    assert (await api.delete(path)).status_code == 204
    assert (await api.get(f"{path}/follow-ups/{follow_up['id']}")).status_code == 404


async def test_plan_for_a_priority_and_refusals(api: TenantClient) -> None:
    priority = await api.create("/v1/priorities", {"academic_year": "2026/27", "title": "Reading"})
    activity = await api.create("/v1/activities", activity_body())
    plan = await api.create("/v1/evaluation-plans", {"priority_id": priority["id"]})
    assert plan["priority_id"] == priority["id"]
    both = await api.post("/v1/evaluation-plans", json={"priority_id": priority["id"], "activity_id": activity["id"]})
    neither = await api.post("/v1/evaluation-plans", json={"summary": "for nothing"})
    for response in (both, neither):
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "activity_id"
    unknown = await api.post("/v1/evaluation-plans", json={"priority_id": "01890000-0000-7000-8000-000000000000"})
    assert (unknown.status_code, unknown.json()["errors"][0]["field"]) == (422, "priority_id")
    bad_level = await api.post(
        "/v1/evaluation-plans", json={"activity_id": activity["id"], "measures": [{**MEASURES[0], "level": 6}]}
    )
    assert bad_level.status_code == 400
    level_2 = await api.post(
        f"/v1/evaluation-plans/{plan['id']}/follow-ups",
        json={"level": 2, "instrument": "quiz", "recorded_on": "2026-10-01", "summary": "Feedback covers it"},
    )
    assert level_2.status_code == 400  # levels 1 and 2 come from participants' feedback
    assert (await api.get("/v1/evaluation-plans", params={"priority_id": priority["id"]})).json()["items"] == [plan]


async def test_only_leaders_of_the_school_change_plans(app: Litestar, api: TenantClient) -> None:
    school = await api.create("/v1/schools", {"name": "Oakfield"})
    activity = await api.create("/v1/activities", activity_body(school_id=school["id"]))
    at_school = [{"school_id": school["id"], "roles": ["teacher"]}]
    teacher = await api.create(
        "/v1/staff", {"given_name": "T", "family_name": "T", "email": "t@o.example", "memberships": at_school}
    )
    as_teacher = api.as_staff(app, teacher["id"])
    refused = await as_teacher.post("/v1/evaluation-plans", json={"activity_id": activity["id"]})
    assert refused.status_code == 403
    plan = await api.create("/v1/evaluation-plans", {"activity_id": activity["id"]})
    assert (await as_teacher.get(f"/v1/evaluation-plans/{plan['id']}")).status_code == 200  # may read it
    body = {"level": 3, "instrument": "survey", "recorded_on": "2026-10-01", "summary": "Time was given"}
    assert (await as_teacher.post(f"/v1/evaluation-plans/{plan['id']}/follow-ups", json=body)).status_code == 403
    assert (await as_teacher.post("/v1/cpd-budgets", json={"school_id": school["id"], "academic_year": "2026/27",
                                                           "amount_pence": 1})).status_code == 403  # fmt: skip


async def test_budgets_one_per_school_and_year(api: TenantClient) -> None:
    school = await api.create("/v1/schools", {"name": "Oakfield"})
    body = {"school_id": school["id"], "academic_year": "2026/27", "amount_pence": 250000}
    budget = await api.create("/v1/cpd-budgets", body)
    assert (budget["amount_pence"], budget["notes"]) == (250000, None)
    assert (await api.post("/v1/cpd-budgets", json=body)).status_code == 409
    wrong_year = await api.post("/v1/cpd-budgets", json={**body, "academic_year": "2026/28"})
    assert (wrong_year.status_code, wrong_year.json()["errors"][0]["field"]) == (422, "academic_year")
    negative = await api.post("/v1/cpd-budgets", json={**body, "academic_year": "2027/28", "amount_pence": -1})
    assert negative.status_code == 400
    changed = await api.patch(f"/v1/cpd-budgets/{budget['id']}", json={"amount_pence": 300000})
    assert changed.json()["amount_pence"] == 300000
    listed = (await api.get("/v1/cpd-budgets", params={"school_id": school["id"], "academic_year": "2026/27"})).json()
    assert [b["amount_pence"] for b in listed["items"]] == [300000]
    assert (await api.delete(f"/v1/cpd-budgets/{budget['id']}")).status_code == 204
