"""Planned series: a term with holidays and an INSET day, a fortnightly series through it, and the dates it
makes; changing and cancelling one occurrence or this one and the rest, never losing recorded attendance."""

from __future__ import annotations

from typing import Any

from litestar import Litestar

from tests.conftest import TenantClient
from tests.integration.calendar_fixtures import fortnightly_science, school_year, staff_member


async def occurrences(api: TenantClient, series_id: str) -> list[dict[str, Any]]:
    response = await api.get("/v1/activities", params={"series_id": series_id, "limit": 200})
    assert response.status_code == 200, response.text
    return sorted(response.json()["items"], key=lambda a: a["starts_at"])


async def test_a_fortnightly_series_skips_half_term_and_the_inset_day(api: TenantClient) -> None:
    year = await school_year(api)
    series = await api.create("/v1/activity-series", fortnightly_science(year))

    assert (series["starts_on"], series["ends_on"]) == ("2027-01-05", "2027-03-26")  # the spring term's
    assert series["version"] == 1
    assert series["skipped"] == [
        {"date": "2027-02-17", "reason": "holiday", "closure_id": year.half_term["id"]},
        {"date": "2027-03-03", "reason": "inset_day", "closure_id": year.inset["id"]},
    ]
    made = await occurrences(api, series["id"])
    assert [a["starts_at"] for a in made] == [
        "2027-01-06T15:30:00Z",
        "2027-01-20T15:30:00Z",
        "2027-02-03T15:30:00Z",
        "2027-03-17T15:30:00Z",
    ]
    assert [a["series_date"] for a in made] == ["2027-01-06", "2027-01-20", "2027-02-03", "2027-03-17"]
    for activity in made:
        assert activity["series_id"] == series["id"]
        assert (activity["status"], activity["duration_minutes"], activity["location"]) == ("planned", 60, "Lab 3")
        assert (activity["kind"], activity["stream"], activity["school_id"]) == ("team_meeting", "team", year.school_id)
    invited = await api.get(f"/v1/activities/{made[0]['id']}/participants")
    assert [(p["staff_id"], p["status"]) for p in invited.json()["items"]] == [(year.teacher_id, "invited")]


async def test_days_between_terms_are_holidays_and_local_time_follows_the_clocks(api: TenantClient) -> None:
    year = await school_year(api)
    across = fortnightly_science(
        year, term_id=year.year["id"], interval=1, starts_on="2026-12-09", ends_on="2027-01-13", participant_ids=[]
    )
    series = await api.create("/v1/activity-series", across)
    assert [(s["date"], s["reason"]) for s in series["skipped"]] == [
        ("2026-12-23", "outside_term"),
        ("2026-12-30", "outside_term"),
    ]
    assert [a["series_date"] for a in await occurrences(api, series["id"])] == [
        "2026-12-09",
        "2026-12-16",
        "2027-01-06",
        "2027-01-13",
    ]
    # British Summer Time ends on 25 October 2026: 15:30 in London is 14:30 UTC before, 15:30 after.
    autumn = fortnightly_science(
        year, term_id=year.autumn["id"], interval=1, starts_on="2026-10-21", ends_on="2026-11-04"
    )
    made = await occurrences(api, (await api.create("/v1/activity-series", autumn))["id"])
    assert [a["starts_at"] for a in made] == ["2026-10-21T14:30:00Z", "2026-10-28T15:30:00Z", "2026-11-04T15:30:00Z"]


async def test_monthly_on_the_first_tuesday_and_without_term_time(api: TenantClient) -> None:
    year = await school_year(api)
    body = fortnightly_science(
        year,
        frequency="monthly",
        interval=1,
        weekdays=["TU"],
        week_of_month=1,
        term_id=None,
        starts_on="2027-01-01",
        ends_on="2027-04-30",
        term_time_only=False,
        start_time="08:00",
    )
    series = await api.create("/v1/activity-series", body)
    made = await occurrences(api, series["id"])
    # 6 April is in the Easter holiday, outside any term: kept, because the series is not term-time only.
    assert [a["series_date"] for a in made] == ["2027-01-05", "2027-02-02", "2027-03-02", "2027-04-06"]
    assert series["skipped"] == []


async def test_invalid_series_are_refused_naming_the_field(api: TenantClient) -> None:
    year = await school_year(api)
    cases = {
        "ends_on": {"term_id": None, "starts_on": "2027-03-01", "ends_on": "2027-02-01"},
        "starts_on": {"term_id": None},
        "timezone": {"timezone": "Mars/Olympus_Mons"},
        "week_of_month": {"week_of_month": 2},
        "kind": {"kind": "no_such_kind"},
        "participant_ids": {"participant_ids": [year.school_id]},
        "term_id": {"term_id": year.school_id},
    }
    for field, change in cases.items():
        response = await api.post("/v1/activity-series", json=fortnightly_science(year, **change))
        assert response.status_code == 422, (field, response.text)
        assert response.json()["errors"][0]["field"] == field, (field, response.text)
    for change in ({"timezone": "America"}, {"term_id": None, "starts_on": "0001-01-01", "ends_on": "0001-02-01"}):
        response = await api.post("/v1/activity-series", json=fortnightly_science(year, **change))
        assert response.status_code == 422, (change, response.text)
    outside = fortnightly_science(year, starts_on="2027-01-01")  # before the spring term starts
    response = await api.post("/v1/activity-series", json=outside)
    assert (response.status_code, response.json()["errors"][0]["field"]) == (422, "starts_on")
    no_terms = fortnightly_science(year, term_id=None, starts_on="2027-08-01", ends_on="2027-08-31")  # summer holiday
    response = await api.post("/v1/activity-series", json=no_terms)
    assert response.status_code == 422 and "term time" in response.json()["detail"]
    assert await occurrences(api, year.school_id) == []  # nothing half-made
    listed = await api.get("/v1/activity-series", params={"school_id": year.school_id})
    assert listed.json()["items"] == []


async def test_one_occurrence_changes_or_cancels_like_any_activity(api: TenantClient) -> None:
    year = await school_year(api)
    series = await api.create("/v1/activity-series", fortnightly_science(year))
    first, second, *_ = await occurrences(api, series["id"])
    moved = await api.patch(
        f"/v1/activities/{first['id']}", json={"location": "Library", "starts_at": "2027-01-07T15:30:00Z"}
    )
    assert moved.status_code == 200 and moved.json()["series_id"] == series["id"]
    cancelled = await api.patch(f"/v1/activities/{second['id']}", json={"status": "cancelled"})
    assert cancelled.json()["status"] == "cancelled"
    after = await occurrences(api, series["id"])
    assert [(a["series_date"], a["status"]) for a in after] == [
        ("2027-01-06", "planned"),
        ("2027-01-20", "cancelled"),
        ("2027-02-03", "planned"),
        ("2027-03-17", "planned"),
    ]
    assert after[0]["location"] == "Library" and after[2]["location"] == "Lab 3"
    # A change to the whole series copies only what it changes: the moved one stays moved, the cancelled one
    # stays cancelled and untouched.
    renamed = await api.patch(f"/v1/activity-series/{series['id']}", json={"title": "Science CPD"})
    assert renamed.json()["updated"] == [first["id"], after[2]["id"], after[3]["id"]]
    moved_again = (await api.get(f"/v1/activities/{first['id']}")).json()
    assert (moved_again["title"], moved_again["location"]) == ("Science CPD", "Library")
    assert moved_again["starts_at"] == "2027-01-07T15:30:00Z"
    assert (await api.get(f"/v1/activities/{second['id']}")).json()["title"] == "Science department CPD"


async def test_this_and_the_rest_changes_keep_what_was_recorded(api: TenantClient) -> None:
    year = await school_year(api)
    series = await api.create("/v1/activity-series", fortnightly_science(year))
    first, second, third, fourth = await occurrences(api, series["id"])
    marked = await api.patch(
        f"/v1/activities/{second['id']}/participants/{year.teacher_id}", json={"status": "attended"}
    )
    assert marked.status_code == 200, marked.text
    newcomer = await staff_member(api, year.school_id, "Chidi", ["teacher"])

    response = await api.patch(
        f"/v1/activity-series/{series['id']}",
        json={"apply_from": "2027-01-20", "location": "Lab 1", "start_time": "16:00", "participant_ids": [newcomer]},
    )
    assert response.status_code == 200, response.text
    changes = response.json()
    assert changes["kept"] == [{"activity_id": second["id"], "reason": "attendance_recorded"}]
    assert changes["updated"] == [third["id"], fourth["id"]]
    assert changes["created"] == [] and changes["cancelled"] == []
    after = {a["id"]: a for a in await occurrences(api, series["id"])}
    assert (after[first["id"]]["location"], after[first["id"]]["starts_at"]) == ("Lab 3", "2027-01-06T15:30:00Z")
    assert (after[second["id"]]["location"], after[second["id"]]["starts_at"]) == ("Lab 3", "2027-01-20T15:30:00Z")
    assert (after[third["id"]]["location"], after[third["id"]]["starts_at"]) == ("Lab 1", "2027-02-03T16:00:00Z")
    invited = (await api.get(f"/v1/activities/{third['id']}/participants")).json()["items"]
    assert [(p["staff_id"], p["status"]) for p in invited] == [(newcomer, "invited")]
    recorded = (await api.get(f"/v1/activities/{second['id']}/participants")).json()["items"]
    assert [(p["staff_id"], p["status"]) for p in recorded] == [(year.teacher_id, "attended")]

    # Weekly from February: new dates appear, the fortnightly ones stay, half term and INSET still skipped.
    weekly = await api.patch(f"/v1/activity-series/{series['id']}", json={"apply_from": "2027-02-01", "interval": 1})
    assert weekly.status_code == 200, weekly.text
    dates = [a["series_date"] for a in await occurrences(api, series["id"])]
    assert dates == [
        "2027-01-06",
        "2027-01-20",
        "2027-02-03",
        "2027-02-10",
        "2027-02-24",
        "2027-03-10",
        "2027-03-17",
        "2027-03-24",
    ]


async def test_a_new_inset_day_cancels_the_occurrence_on_it_when_replanned(api: TenantClient) -> None:
    year = await school_year(api)
    series = await api.create("/v1/activity-series", fortnightly_science(year))
    await api.create(
        "/v1/closures", {"name": "INSET", "kind": "inset_day", "starts_on": "2027-02-03", "school_id": year.school_id}
    )
    replanned = (await api.patch(f"/v1/activity-series/{series['id']}", json={})).json()
    clash = [a for a in await occurrences(api, series["id"]) if a["series_date"] == "2027-02-03"]
    assert replanned["cancelled"] == [clash[0]["id"]] and clash[0]["status"] == "cancelled"
    assert ("2027-02-03", "inset_day") in [(s["date"], s["reason"]) for s in replanned["series"]["skipped"]]


async def test_cancelling_the_rest_keeps_completed_and_attended_occurrences(api: TenantClient) -> None:
    year = await school_year(api)
    series = await api.create("/v1/activity-series", fortnightly_science(year))
    first, second, third, fourth = await occurrences(api, series["id"])
    await api.patch(f"/v1/activities/{third['id']}", json={"status": "completed"})

    response = await api.post(f"/v1/activity-series/{series['id']}/cancel", json={"apply_from": "2027-01-20"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["cancelled"] == [second["id"], fourth["id"]]
    assert body["kept"] == [{"activity_id": third["id"], "reason": "completed"}]
    assert body["series"]["ends_on"] == "2027-01-19" and body["series"]["status"] == "active"
    statuses = [a["status"] for a in await occurrences(api, series["id"])]
    assert statuses == ["planned", "cancelled", "completed", "cancelled"]  # nothing deleted

    refused = await api.delete(f"/v1/activity-series/{series['id']}")
    assert refused.status_code == 409 and len(await occurrences(api, series["id"])) == 4
    whole = await api.post(f"/v1/activity-series/{series['id']}/cancel", json={"apply_from": "2027-01-05"})
    assert whole.json()["series"]["status"] == "cancelled" and whole.json()["cancelled"] == [first["id"]]
    again = await api.patch(f"/v1/activity-series/{series['id']}", json={"location": "Hall"})
    assert again.status_code == 409


async def test_a_series_without_records_is_deleted_with_its_occurrences(api: TenantClient) -> None:
    year = await school_year(api)
    series = await api.create("/v1/activity-series", fortnightly_science(year))
    assert (await api.delete(f"/v1/activity-series/{series['id']}")).status_code == 204
    assert await occurrences(api, series["id"]) == []
    assert (await api.get(f"/v1/activity-series/{series['id']}")).status_code == 404


async def test_series_need_activities_write_in_their_school(app: Litestar, api: TenantClient) -> None:
    year = await school_year(api)
    teacher = api.as_staff(app, year.teacher_id)
    refused = await teacher.post("/v1/activity-series", json=fortnightly_science(year))
    assert refused.status_code == 403
    lead = api.as_staff(app, year.lead_id)
    made = await lead.post("/v1/activity-series", json=fortnightly_science(year))
    assert made.status_code == 201, made.text
    seen = await teacher.get(f"/v1/activity-series/{made.json()['id']}")
    assert seen.status_code == 200  # teachers read what is planned in their school
