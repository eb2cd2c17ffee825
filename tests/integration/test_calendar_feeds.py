"""iCalendar feeds per staff member and per team: made, rotated and revoked through the API, served at a
secret-bearing URL without credentials, valid RFC 5545 as the `icalendar` parser reads it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import icalendar
import pytest
from litestar import Litestar

from pl_api.config import Settings
from pl_api.domain.calendars.tokens import SUFFIX
from tests.conftest import TenantClient, new_tenant_client
from tests.integration.calendar_fixtures import SchoolYear, fortnightly_science, school_year, staff_member
from tests.integration.test_limits import limited_app
from tests.integration.test_series import occurrences


def path_of(url: str) -> str:
    assert url.startswith("http://testserver/calendars/") and url.endswith(SUFFIX), url
    return url.removeprefix("http://testserver")


async def fetch(http: httpx.AsyncClient, url: str) -> icalendar.Calendar:
    response = await http.get(path_of(url))
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def events(calendar: icalendar.Calendar) -> dict[str, Any]:
    return {str(e["uid"]): e for e in calendar.walk("VEVENT")}


async def planned(api: TenantClient) -> tuple[SchoolYear, dict[str, Any], list[dict[str, Any]]]:
    year = await school_year(api)
    body = fortnightly_science(
        year,
        title="Science CPD: forces, energy; waves",
        description="Bring a lesson plan.\nWe will rehearse questioning.",
        leader_staff_id=year.lead_id,
    )
    series = await api.create("/v1/activity-series", body)
    return year, series, await occurrences(api, series["id"])


async def test_a_staff_feed_holds_their_series_as_rfc_5545_events(http: httpx.AsyncClient, api: TenantClient) -> None:
    year, _, made = await planned(api)
    feed = await api.create("/v1/calendar-feeds", {"staff_id": year.teacher_id})
    assert feed["staff_id"] == year.teacher_id and feed["team_id"] is None
    raw = (await http.get(path_of(feed["url"]))).content

    calendar = icalendar.Calendar.from_ical(raw)
    assert (str(calendar["version"]), str(calendar["prodid"])) == ("2.0", "-//pl-api//CPD calendar feed//EN")
    found = events(calendar)
    assert sorted(found) == sorted(f"{a['id']}@pl-api" for a in made)
    first = found[f"{made[0]['id']}@pl-api"]
    assert first.decoded("dtstart") == datetime(2027, 1, 6, 15, 30, tzinfo=UTC)
    assert first.decoded("dtend") == datetime(2027, 1, 6, 16, 30, tzinfo=UTC)
    assert first.decoded("dtstart").utcoffset() == timedelta(0)
    assert str(first["summary"]) == "Science CPD: forces, energy; waves"
    assert str(first["description"]) == "Bring a lesson plan.\nWe will rehearse questioning."
    assert str(first["location"]) == "Lab 3"
    assert (str(first["status"]), int(first["sequence"])) == ("CONFIRMED", 0)
    assert isinstance(first.decoded("dtstamp"), datetime)
    starts = sorted(e.decoded("dtstart") for e in found.values())
    assert [s.date().isoformat() for s in starts] == ["2027-01-06", "2027-01-20", "2027-02-03", "2027-03-17"]
    # RFC 5545 escaping in the text itself, lines of at most 75 octets ending CRLF.
    assert b"SUMMARY:Science CPD: forces\\, energy\\; waves" in raw
    assert b"Bring a lesson plan.\\nWe will rehearse questioning." in raw.replace(b"\r\n ", b"")
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and raw.endswith(b"END:VCALENDAR\r\n")
    # No other staff: neither the leader's name nor any attendee or organiser.
    assert b"Bryony" not in raw and b"ATTENDEE" not in raw and b"ORGANIZER" not in raw


async def test_changes_bump_the_sequence_and_cancelled_occurrences_say_so(
    http: httpx.AsyncClient, api: TenantClient
) -> None:
    year, series, made = await planned(api)
    feed = await api.create("/v1/calendar-feeds", {"staff_id": year.teacher_id})
    await api.patch(f"/v1/activities/{made[0]['id']}", json={"location": "Library"})
    await api.post(f"/v1/activity-series/{series['id']}/cancel", json={"apply_from": "2027-03-01"})
    found = events(await fetch(http, feed["url"]))
    moved, last = found[f"{made[0]['id']}@pl-api"], found[f"{made[-1]['id']}@pl-api"]
    assert (str(moved["location"]), int(moved["sequence"]), str(moved["status"])) == ("Library", 1, "CONFIRMED")
    assert (int(last["sequence"]), str(last["status"])) == (1, "CANCELLED")
    assert moved.decoded("dtstamp") >= moved.decoded("created")


async def test_a_team_feed_and_the_leaders_feed(http: httpx.AsyncClient, api: TenantClient) -> None:
    year, _, made = await planned(api)
    team = await api.create("/v1/teams", {"name": "Science", "kind": "department", "school_id": year.school_id})
    await api.patch(f"/v1/activities/{made[1]['id']}", json={"team_id": team["id"]})
    team_feed = await api.create("/v1/calendar-feeds", {"team_id": team["id"]})
    calendar = await fetch(http, team_feed["url"])
    assert str(calendar["x-wr-calname"]) == "CPD: Science"
    assert list(events(calendar)) == [f"{made[1]['id']}@pl-api"]
    lead_feed = await api.create("/v1/calendar-feeds", {"staff_id": year.lead_id})  # leads, not invited
    assert len(events(await fetch(http, lead_feed["url"]))) == 4
    twice = await api.post("/v1/calendar-feeds", json={"team_id": team["id"]})
    assert twice.status_code == 409
    neither = await api.post("/v1/calendar-feeds", json={})
    assert (neither.status_code, neither.json()["errors"][0]["field"]) == (422, "staff_id")


async def test_rotating_or_revoking_makes_the_old_url_404(http: httpx.AsyncClient, api: TenantClient) -> None:
    year, _, _ = await planned(api)
    feed = await api.create("/v1/calendar-feeds", {"staff_id": year.teacher_id})
    assert "url" not in (await api.get(f"/v1/calendar-feeds/{feed['id']}")).json()  # the secret is not kept
    rotated = await api.post(f"/v1/calendar-feeds/{feed['id']}/rotate")
    assert rotated.status_code == 200 and rotated.json()["url"] != feed["url"]
    assert (await http.get(path_of(feed["url"]))).status_code == 404
    assert (await http.get(path_of(rotated.json()["url"]))).status_code == 200
    assert (await api.delete(f"/v1/calendar-feeds/{feed['id']}")).status_code == 204
    gone = await http.get(path_of(rotated.json()["url"]))
    assert gone.status_code == 404 and gone.headers["content-type"].startswith("application/problem+json")


async def test_a_feed_url_opens_nothing_of_another_tenant(
    http: httpx.AsyncClient, api: TenantClient, other_api: TenantClient
) -> None:
    year, _, _ = await planned(api)
    feed = await api.create("/v1/calendar-feeds", {"staff_id": year.teacher_id})
    token = path_of(feed["url"]).removeprefix("/calendars/").removesuffix(SUFFIX)
    elsewhere = f"/calendars/{other_api.tenant_id.hex}{token[32:]}{SUFFIX}"
    for path in (elsewhere, f"/calendars/{token}", "/calendars/not-a-token.ics", f"/calendars/{token[:-1]}x{SUFFIX}"):
        assert (await http.get(path)).status_code == 404, path
    assert (await other_api.get(f"/v1/calendar-feeds/{feed['id']}")).status_code == 404


async def test_a_leavers_feed_stops_and_an_erased_one_is_deleted(
    app: Litestar, http: httpx.AsyncClient, api: TenantClient
) -> None:
    year, _, _ = await planned(api)
    leaver = await staff_member(api, year.school_id, "Ezra", ["teacher"])
    feed = await api.create("/v1/calendar-feeds", {"staff_id": leaver})
    assert (await http.get(path_of(feed["url"]))).status_code == 200
    await api.patch(f"/v1/staff/{leaver}", json={"status": "left", "left_on": "2026-12-01"})
    assert (await http.get(path_of(feed["url"]))).status_code == 404
    exported = (await api.get(f"/v1/staff/{year.teacher_id}/export")).json()
    assert exported["series"][0]["title"] == "Science CPD: forces, energy; waves"
    erased = await api.post(f"/v1/staff/{leaver}/erase")
    assert erased.status_code == 200 and erased.json()["deleted"]["calendar_feeds"] == 1
    assert (await api.get(f"/v1/calendar-feeds/{feed['id']}")).status_code == 404


async def test_staff_manage_their_own_and_their_teams_feeds(app: Litestar, api: TenantClient) -> None:
    year = await school_year(api)
    team = await api.create("/v1/teams", {"name": "Maths", "kind": "department", "school_id": year.school_id})
    await api.put(f"/v1/teams/{team['id']}/members/{year.teacher_id}", json={"role": "member"})
    teacher, lead = api.as_staff(app, year.teacher_id), api.as_staff(app, year.lead_id)
    other = await staff_member(api, year.school_id, "Femi", ["teacher"])
    own = await teacher.post("/v1/calendar-feeds", json={"staff_id": year.teacher_id})
    assert own.status_code == 201, own.text
    assert (await teacher.post("/v1/calendar-feeds", json={"team_id": team["id"]})).status_code == 201
    assert (await teacher.post("/v1/calendar-feeds", json={"staff_id": other})).status_code == 403
    listed = await teacher.get("/v1/calendar-feeds")
    assert len(listed.json()["items"]) == 2
    assert (await lead.post("/v1/calendar-feeds", json={"staff_id": other})).status_code == 201  # calendars.write
    assert len((await api.as_staff(app, other).get("/v1/calendar-feeds")).json()["items"]) == 1
    assert (await api.as_staff(app, other).delete(f"/v1/calendar-feeds/{own.json()['id']}")).status_code == 404
    assert (await teacher.post(f"/v1/calendar-feeds/{own.json()['id']}/rotate")).status_code == 200


@pytest.fixture
async def strict_feed(migrated_settings: Settings) -> AsyncIterator[tuple[Litestar, httpx.AsyncClient]]:
    app, client = await limited_app(migrated_settings, rate_limit_per_minute=3)
    yield app, client
    await client.aclose()
    await app.state.engine.dispose()


async def test_feed_urls_start_with_the_public_url_when_set(migrated_settings: Settings) -> None:
    app, client = await limited_app(migrated_settings, public_url="https://cpd.oak.example/pl")
    try:
        api = await new_tenant_client(app, client)
        school_id = (await api.create("/v1/schools", {"name": "Oak"}))["id"]
        feed = await api.create("/v1/calendar-feeds", {"staff_id": await staff_member(api, school_id, "Ife", [])})
        assert feed["url"].startswith("https://cpd.oak.example/pl/calendars/") and feed["url"].endswith(SUFFIX)
        token_path = feed["url"].removeprefix("https://cpd.oak.example/pl")
        assert (await client.get(token_path)).status_code == 200
    finally:
        await client.aclose()
        await app.state.engine.dispose()


async def test_the_feed_route_is_rate_limited(strict_feed: tuple[Litestar, httpx.AsyncClient]) -> None:
    _, client = strict_feed
    answers = [await client.get("/calendars/guess.ics") for _ in range(4)]
    assert [a.status_code for a in answers] == [404, 404, 404, 429]


async def test_a_staff_feed_shows_only_what_they_would_see(http: httpx.AsyncClient, api: TenantClient) -> None:
    year = await school_year(api)
    elsewhere = (await api.create("/v1/schools", {"name": "Ash Primary"}))["id"]
    invite = [{"staff_id": year.teacher_id}]
    base = {
        "kind": "expert_input",
        "stream": "whole_school",
        "starts_at": "2027-01-11T16:00:00Z",
        "duration_minutes": 60,
    }
    at_home = await api.create(
        "/v1/activities", {**base, "title": "Ours", "school_id": year.school_id, "participants": invite}
    )
    trust_wide = await api.create("/v1/activities", {**base, "title": "Trust conference", "participants": invite})
    await api.create("/v1/activities", {**base, "title": "Theirs", "school_id": elsewhere, "participants": invite})
    feed = await api.create("/v1/calendar-feeds", {"staff_id": year.teacher_id})
    shown = {str(e["summary"]) for e in events(await fetch(http, feed["url"])).values()}
    assert shown == {at_home["title"], trust_wide["title"]}  # not another school's, where they hold no role
