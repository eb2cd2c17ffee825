"""The portfolio's privacy rules, one test each: it goes to a performance-management meeting, so a reflection
reaches it only when its author shared it with leaders; the author's own copy may show the rest, marked."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from litestar import Litestar

from pl_api.domain.tenants.service import create_client
from tests.conftest import TenantClient
from tests.integration.test_permissions import School2
from tests.integration.test_portfolio import visible_text

YEAR = {"from": "2026-09-01", "to": "2027-08-31"}
VISIBILITIES = ("private", "coach", "team", "leaders")


@pytest.fixture
async def world(app: Litestar, api: TenantClient) -> School2:
    a = await api.create("/v1/schools", {"name": "Ashgrove"})
    b = await api.create("/v1/schools", {"name": "Birchfield"})
    return School2(app, api, a["id"], b["id"])


async def _author(world: School2) -> tuple[TenantClient, str, dict[str, str]]:
    """A teacher at school a with one reflection of each visibility, written this year."""
    author, author_id = await world.user(["teacher"])
    ids = {}
    for visibility in VISIBILITIES:
        body = {
            "staff_id": author_id,
            "title": f"Title {visibility}",
            "body": f"Thought shared as {visibility}",
            "visibility": visibility,
            "written_at": "2026-10-08T20:00:00Z",
        }
        ids[visibility] = (await author.create("/v1/reflections", body))["id"]
    return author, author_id, ids


async def _portfolio(reader: TenantClient, staff_id: str, **params: Any) -> dict[str, Any]:
    response = await reader.get(f"/v1/staff/{staff_id}/portfolio", params=YEAR | params)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


async def _page(reader: TenantClient, staff_id: str, **params: Any) -> str:
    response = await reader.get(
        f"/v1/staff/{staff_id}/portfolio", params=YEAR | params, headers={"Accept": "text/html"}
    )
    assert response.status_code == 200, response.text
    return response.text


def _shown(portfolio: dict[str, Any]) -> list[str]:
    return [r["visibility"] for r in portfolio["reflections"]]


async def test_a_private_reflection_never_reaches_anyone_elses_portfolio(world: School2) -> None:
    _, author_id, _ = await _author(world)
    for roles, trust in [(["pd_lead", "school_leader"], []), ([], ["trust_admin"])]:
        leader, _ = await world.user(roles, trust_roles=trust)
        portfolio = await _portfolio(leader, author_id)
        assert "private" not in _shown(portfolio)
        assert "Thought shared as private" not in await _page(leader, author_id)
    assert "private" not in _shown(await _portfolio(world.api, author_id))  # nor an integration's


async def test_a_coach_shared_reflection_stays_out_even_for_a_leader_who_coaches(world: School2) -> None:
    _, author_id, ids = await _author(world)
    leader, _ = await world.user(["coach", "pd_lead"])
    assert (await leader.get(f"/v1/reflections/{ids['coach']}")).status_code == 200  # they may read it as a coach
    assert _shown(await _portfolio(leader, author_id)) == ["leaders"]
    assert "Thought shared as coach" not in await _page(leader, author_id)


async def test_a_team_shared_reflection_stays_out_even_for_a_leader_in_the_team(world: School2) -> None:
    _, author_id, ids = await _author(world)
    leader, leader_id = await world.user(["pd_lead"])
    team = await world.api.create("/v1/teams", {"name": "English", "kind": "department", "school_id": world.a})
    for member in (author_id, leader_id):
        assert (await world.api.put(f"/v1/teams/{team['id']}/members/{member}", json={"role": "member"})).is_success
    assert (await leader.get(f"/v1/reflections/{ids['team']}")).status_code == 200  # they may read it as a teammate
    assert _shown(await _portfolio(leader, author_id)) == ["leaders"]
    assert "Thought shared as team" not in await _page(leader, author_id)


async def test_a_leaders_shared_reflection_reaches_leaders_of_the_authors_schools(world: School2) -> None:
    _, author_id, ids = await _author(world)
    for roles, school, trust in [(["pd_lead"], "a", []), (["school_leader"], "a", []), ([], None, ["trust_admin"])]:
        leader, _ = await world.user(roles, school, trust)
        portfolio = await _portfolio(leader, author_id)
        assert [(r["id"], r["shared_with_leaders"]) for r in portfolio["reflections"]] == [(ids["leaders"], True)]
        assert "Thought shared as leaders" in visible_text(await _page(leader, author_id))
    elsewhere, _ = await world.user(["school_leader"], "b")
    assert (await elsewhere.get(f"/v1/staff/{author_id}/portfolio")).status_code == 404
    colleague, _ = await world.user(["teacher"])  # sees the staff directory, not the record
    refused = await colleague.get(f"/v1/staff/{author_id}/portfolio")
    assert refused.status_code == 403 and "records.read" in refused.json()["detail"]
    coach, _ = await world.user(["coach"])  # reads goals and coach-shared reflections, not the portfolio
    assert (await coach.get(f"/v1/staff/{author_id}/portfolio")).status_code == 403


async def test_the_authors_own_copy_shows_what_leaders_see_unless_they_ask_for_the_rest(world: School2) -> None:
    author, author_id, _ = await _author(world)
    assert _shown(await _portfolio(author, author_id)) == ["leaders"]
    page = visible_text(await _page(author, author_id))
    assert "Not shared with leaders" not in page and "Your own copy" not in page
    own = await _portfolio(author, author_id, include_unshared="true")
    assert own["includes_unshared_reflections"] is True
    assert {r["visibility"]: r["shared_with_leaders"] for r in own["reflections"]} == {
        "private": False,
        "coach": False,
        "team": False,
        "leaders": True,
    }
    page = visible_text(await _page(author, author_id, include_unshared="true"))
    assert "Your own copy It includes 3 reflections you have not shared with leaders" in page
    assert "Not shared with leaders (private) Title private" in page
    assert "Not shared with leaders (shared with coaches) Title coach" in page
    assert "Not shared with leaders (shared with teams) Title team" in page
    assert "Not shared with leaders (" not in page.split("Title leaders")[0].split("Title team")[1]


async def test_nobody_else_may_ask_for_the_unshared_reflections(world: School2) -> None:
    _, author_id, _ = await _author(world)
    leader, _ = await world.user([], None, ["trust_admin"])
    for reader in (leader, world.api):
        refused = await reader.get(f"/v1/staff/{author_id}/portfolio", params={"include_unshared": "true"})
        assert refused.status_code == 403, refused.text
        assert "only the staff member" in refused.json()["detail"]
        assert "Thought shared" not in refused.text


async def test_reflections_outside_the_period_stay_out(world: School2) -> None:
    author, author_id, _ = await _author(world)
    old = {"staff_id": author_id, "body": "Last year's", "visibility": "leaders", "written_at": "2026-05-01T20:00:00Z"}
    await author.create("/v1/reflections", old)
    leader, _ = await world.user(["pd_lead"])
    assert [r["body"] for r in (await _portfolio(leader, author_id))["reflections"]] == ["Thought shared as leaders"]
    spring = await _portfolio(leader, author_id, **{"from": "2026-04-01", "to": "2026-05-31"})
    assert [r["body"] for r in spring["reflections"]] == ["Last year's"]


async def test_a_key_without_reflections_or_goals_read_gets_neither(
    app: Litestar, http: httpx.AsyncClient, world: School2
) -> None:
    author, author_id, _ = await _author(world)
    await author.create("/v1/goals", {"staff_id": author_id, "title": "Questioning"})
    async with app.state.sessions() as session:
        key = (await create_client(session, world.api.tenant_id, "staff reader", ["staff:read"])).key
    narrow = TenantClient(tenant_id=world.api.tenant_id, key=key, http=http)
    portfolio = await _portfolio(narrow, author_id)
    assert portfolio["reflections"] == [] and portfolio["goals"] == [] and portfolio["evidence"] == []
    assert [g["title"] for g in (await _portfolio(world.api, author_id))["goals"]] == ["Questioning"]


async def test_feedback_shows_the_learning_reported_never_the_rating_of_the_activity_or_the_comment(
    world: School2,
) -> None:
    author, author_id = await world.user(["teacher"])
    activity = await world.api.create(
        "/v1/activities",
        {
            "title": "INSET",
            "kind": "inset_session",
            "stream": "whole_school",
            "school_id": world.a,
            "starts_at": "2026-10-01T09:00:00Z",
            "duration_minutes": 60,
            "status": "completed",
            "participants": [{"staff_id": author_id, "status": "attended"}],
        },
    )
    feedback = {"staff_id": author_id, "reaction": 1, "learning": 3, "comment": "Dull and badly led"}
    assert (await author.post(f"/v1/activities/{activity['id']}/feedback", json=feedback)).status_code == 201
    leader, _ = await world.user(["pd_lead"])
    for reader in (leader, author, world.api):
        portfolio = await _portfolio(reader, author_id)
        assert [(e["kind"], e["detail"]) for e in portfolio["evidence"]] == [
            ("feedback_given", "learning rated 3 of 5")
        ]
        page = await _page(reader, author_id)
        assert "Dull and badly led" not in page and "Dull and badly led" not in str(portfolio)
        assert "reaction" not in str(portfolio["evidence"])
