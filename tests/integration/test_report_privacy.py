"""The privacy rules of the reports, a test per rule, over every report and every representation."""

from __future__ import annotations

from typing import Any
from xml.etree import ElementTree

import pytest
from litestar import Litestar

from pl_api.domain.tenants.service import create_client
from tests.conftest import TenantClient
from tests.integration.report_fixture import COMMENT_TEXT, PERIOD, PRIVATE_TEXT, Trust, build_trust

REPORTS = ["hours", "priority-coverage", "attendance", "costs", "unrecorded-staff"]
REPRESENTATIONS = ["application/json", "text/csv", "image/svg+xml"]


@pytest.fixture
async def trust(app: Litestar, api: TenantClient) -> Trust:
    return await build_trust(app, api)


async def _user(app: Litestar, api: TenantClient, email: str, **roles: Any) -> TenantClient:
    staff = await api.create("/v1/staff", {"given_name": "Role", "family_name": "Holder", "email": email, **roles})
    return api.as_staff(app, staff["id"])


async def everything(caller: TenantClient, **params: Any) -> list[str]:
    """Every report in every representation, and every chart, as text."""
    texts = []
    for name in REPORTS:
        query = {"academic_year": "2026/27"} if name == "costs" else dict(PERIOD)
        query.update(params)
        for media in REPRESENTATIONS:
            response = await caller.get(f"/v1/reports/{name}", params=query, headers={"Accept": media})
            assert response.status_code == 200, (name, media, response.text)
            assert response.headers["content-type"].startswith(media)
            texts.append(response.text)
        chart = await caller.get(f"/v1/reports/{name}/chart.svg", params=query)
        assert chart.status_code == 200
        texts.append(chart.text)
    return texts


async def test_private_reflections_never_appear(app: Litestar, api: TenantClient, trust: Trust) -> None:
    assert PRIVATE_TEXT in str((await api.get(f"/v1/staff/{trust.staff['a1']}/export")).json())  # it is stored
    for text in await everything(api):
        assert PRIVATE_TEXT not in text


async def test_feedback_comments_never_appear(api: TenantClient, trust: Trust) -> None:
    feedback = (await api.get(f"/v1/activities/{trust.activities['A1']}/feedback")).json()["items"]
    assert feedback[0]["comment"] == COMMENT_TEXT  # it is stored
    for text in await everything(api):
        assert COMMENT_TEXT not in text


async def test_no_names_without_a_permission_that_allows_them(app: Litestar, api: TenantClient, trust: Trust) -> None:
    same_tenant = TenantClient(tenant_id=api.tenant_id, key=await _key(app, api, ["*"]), http=api.http)  # `*` does
    # not cover reports:names
    body = (await same_tenant.get("/v1/reports/unrecorded-staff", params={"term_id": trust.term})).json()
    assert body["names_shown"] is False
    assert [r["names"] for r in [*body["schools"], body["total"]]] == [None, None, None]
    assert (body["total"]["unrecorded"], body["schools"][0]["unrecorded"]) == (4, 3)  # the counts stay
    for text in await everything(same_tenant):
        for name in ("Givena6", "Familya6", "Familyb4", "Familyd1"):
            assert name not in text
    named = TenantClient(
        tenant_id=api.tenant_id, key=await _key(app, api, ["reports:read", "reports:names"]), http=api.http
    )
    listed = (await named.get("/v1/reports/unrecorded-staff", params={"term_id": trust.term})).json()
    assert listed["names_shown"] is True
    assert [n["given_name"] for n in listed["schools"][1]["names"]] == ["Givenb4", "Givend1"]


async def test_a_team_lead_sees_counts_a_pd_lead_names(app: Litestar, api: TenantClient, trust: Trust) -> None:
    at_ashdown = {"memberships": [{"school_id": trust.ashdown, "roles": ["team_lead"]}]}
    team_lead = await _user(app, api, "lead@trust.example", **at_ashdown)
    pd_lead = await _user(
        app, api, "pd@trust.example", memberships=[{"school_id": trust.ashdown, "roles": ["pd_lead"]}]
    )
    query = {"term_id": trust.term, "school_id": trust.ashdown}
    # a6, a7 and d1, and the two leads themselves, who learned nothing that term.
    as_lead = (await team_lead.get("/v1/reports/unrecorded-staff", params=query)).json()
    assert (as_lead["names_shown"], as_lead["total"]["names"], as_lead["total"]["unrecorded"]) == (False, None, 5)
    as_pd = (await pd_lead.get("/v1/reports/unrecorded-staff", params=query)).json()
    assert [n["family_name"] for n in as_pd["total"]["names"]] == [
        "Familya6",
        "Familya7",
        "Familyd1",
        "Holder",
        "Holder",
    ]


async def test_reports_only_for_the_schools_a_user_may_report_on(
    app: Litestar, api: TenantClient, trust: Trust
) -> None:
    pd_lead = await _user(
        app, api, "pd@trust.example", memberships=[{"school_id": trust.ashdown, "roles": ["pd_lead"]}]
    )
    teacher = api.as_staff(app, trust.staff["a1"])
    for name in REPORTS:
        assert (await pd_lead.get(f"/v1/reports/{name}", params={"school_id": trust.ashdown})).status_code == 200
        # A school they cannot see is not found, as everywhere.
        assert (await pd_lead.get(f"/v1/reports/{name}", params={"school_id": trust.brook})).status_code == 404
        # With no school named, a school-level role reports on its own schools only, with nothing trust-wide.
        mine = (await pd_lead.get(f"/v1/reports/{name}")).json()
        assert [part.get("school_id") or part.get("overall", {}).get("label") for part in mine["schools"]] in (
            [trust.ashdown],
            ["Ashdown"],
        )
        assert (await teacher.get(f"/v1/reports/{name}", params={"school_id": trust.ashdown})).status_code == 403
    admin = await _user(app, api, "admin@trust.example", trust_roles=["trust_admin"])
    body = (await admin.get("/v1/reports/unrecorded-staff", params={"term_id": trust.term})).json()
    assert body["names_shown"] is True


async def test_small_groups_show_people_but_not_what_they_did(api: TenantClient, trust: Trust) -> None:
    """Fewer than three people: minutes, shares, rates and mean ratings are withheld; counts stay."""
    hours = (await api.get("/v1/reports/hours", params={**PERIOD, "school_id": trust.brook})).json()["total"]
    team = {g["key"]: g for g in hours["by_stream"]}["team"]  # b1 and b2 only
    assert (team["people"], team["minutes"], team["hours"], team["share"], team["suppressed"]) == (
        2,
        None,
        None,
        None,
        True,
    )
    whole = {g["key"]: g for g in hours["by_stream"]}["whole_school"]  # b1, b2 and b3
    assert (whole["people"], whole["minutes"], whole["suppressed"]) == (3, 360, False)
    coverage = (await api.get("/v1/reports/priority-coverage", params={**PERIOD, "school_id": trust.ashdown})).json()
    # Take a1's and a2's feedback on A1 away and the A2 response: one person left, so no mean rating.
    for item in (await api.get(f"/v1/activities/{trust.activities['A1']}/feedback")).json()["items"][:2]:
        await api.delete(f"/v1/activities/{trust.activities['A1']}/feedback/{item['id']}")
    for item in (await api.get(f"/v1/activities/{trust.activities['A2']}/feedback")).json()["items"]:
        await api.delete(f"/v1/activities/{trust.activities['A2']}/feedback/{item['id']}")
    assert coverage["schools"][0]["priorities"][0]["evidence"][0]["mean_rating"] == 4.25
    after = (await api.get("/v1/reports/priority-coverage", params={**PERIOD, "school_id": trust.ashdown})).json()
    level_1 = after["schools"][0]["priorities"][0]["evidence"][0]
    assert (level_1["gathered"], level_1["mean_rating"]) == (1, None)
    chart = ElementTree.fromstring(
        (await api.get("/v1/reports/hours/chart.svg", params={**PERIOD, "school_id": trust.brook})).text
    )
    values = {g.get("data-label"): g.get("data-value") for g in chart.iter("{http://www.w3.org/2000/svg}g")}
    assert values["2026-10 team"] == ""  # withheld in the chart too


async def _key(app: Litestar, api: TenantClient, scopes: list[str]) -> str:
    async with app.state.sessions() as session:
        client = await create_client(session, api.tenant_id, "report reader", scopes)
    return client.key
