"""Academic years, terms and closures per school (or trust-wide), editable here and kept by imports."""

from __future__ import annotations

import uuid
from pathlib import Path

from litestar import Litestar

from pl_api.domain.terms.models import Term
from tests.conftest import TenantClient
from tests.integration.calendar_fixtures import school_year, staff_member


async def test_a_year_and_its_terms(api: TenantClient) -> None:
    year = await school_year(api)
    assert year.year["academic_year"] == "2026/27"  # from its dates
    assert year.spring["academic_year"] == "2026/27"  # from its academic year
    assert (year.spring["parent_id"], year.spring["source"]) == (year.year["id"], None)
    listed = await api.get("/v1/terms", params={"parent_id": year.year["id"]})
    assert [t["name"] for t in listed.json()["items"]] == ["Autumn", "Spring"]
    inset = await api.get("/v1/closures", params={"school_id": year.school_id, "kind": "inset_day"})
    assert [(c["name"], c["starts_on"], c["ends_on"]) for c in inset.json()["items"]] == [
        ("INSET: curriculum", "2027-03-03", "2027-03-03")
    ]
    changed = await api.patch(
        f"/v1/terms/{year.spring['id']}", json={"ends_on": "2027-03-25"}, headers={"If-Match": '"1"'}
    )
    assert changed.status_code == 200 and changed.json()["version"] == 2


async def test_trust_wide_terms_apply_at_every_school(api: TenantClient) -> None:
    year = await school_year(api)
    bank = await api.create("/v1/closures", {"name": "May Day", "kind": "holiday", "starts_on": "2027-05-03"})
    assert bank["school_id"] is None
    own = await api.get("/v1/closures", params={"school_id": year.school_id})
    both = await api.get("/v1/closures", params={"for_school": year.school_id})
    assert bank["id"] not in [c["id"] for c in own.json()["items"]]
    assert bank["id"] in [c["id"] for c in both.json()["items"]] and len(both.json()["items"]) == 3
    together = await api.get("/v1/closures", params={"school_id": year.school_id, "for_school": year.school_id})
    assert together.json()["items"] == own.json()["items"]  # both filters apply


async def test_bad_terms_are_refused_naming_the_field(api: TenantClient) -> None:
    year = await school_year(api)
    term = {"name": "Summer", "kind": "term", "parent_id": year.year["id"], "school_id": year.school_id}
    cases = {
        "ends_on": {**term, "starts_on": "2027-04-12", "ends_on": "2027-04-01"},
        "starts_on": {**term, "starts_on": "2026-08-01", "ends_on": "2026-08-20"},
        "parent_id": {**term, "parent_id": year.spring["id"], "starts_on": "2027-01-06", "ends_on": "2027-01-07"},
        "kind": {**term, "kind": "academic_year", "starts_on": "2027-04-12", "ends_on": "2027-07-20"},
        "school_id": {**term, "school_id": None, "starts_on": "2027-04-12", "ends_on": "2027-07-20"},
        "academic_year": {**term, "academic_year": "2026/29", "starts_on": "2027-04-12", "ends_on": "2027-07-20"},
    }
    for field, body in cases.items():
        response = await api.post("/v1/terms", json=body)
        assert response.status_code == 422, (field, response.text)
        assert response.json()["errors"][0]["field"] == field, (field, response.text)
    assert (await api.post("/v1/terms", json={**term, "starts_on": "2027-04-12"})).status_code == 400
    long = {"name": "Forever", "kind": "holiday", "starts_on": "2027-01-01", "ends_on": "2028-01-01"}
    response = await api.post("/v1/closures", json=long)
    assert (response.status_code, response.json()["errors"][0]["field"]) == (422, "ends_on")


async def test_a_year_with_terms_or_a_term_with_a_series_is_not_deleted(api: TenantClient) -> None:
    from tests.integration.calendar_fixtures import fortnightly_science

    year = await school_year(api)
    assert (await api.delete(f"/v1/terms/{year.year['id']}")).status_code == 409
    await api.create("/v1/activity-series", fortnightly_science(year))
    assert (await api.delete(f"/v1/terms/{year.spring['id']}")).status_code == 409
    assert (await api.delete(f"/v1/terms/{year.autumn['id']}")).status_code == 204
    assert (await api.get(f"/v1/terms/{year.autumn['id']}")).status_code == 404


async def test_imported_terms_are_editable_and_keep_their_source(app: Litestar, api: TenantClient) -> None:
    school_id = (await api.create("/v1/schools", {"name": "Elm"}))["id"]
    async with app.state.sessions() as session:
        term = Term(tenant_id=api.tenant_id, name="Term 1", kind="term", source="oneroster", external_id="t1")
        session.add(term)
        await session.commit()
    response = await api.patch(
        f"/v1/terms/{term.id}", json={"school_id": school_id, "starts_on": "2026-09-02", "ends_on": "2026-12-18"}
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["school_id"], body["source"], body["external_id"]) == (school_id, "oneroster", "t1")
    listed = await api.get("/v1/terms", params={"for_school": school_id})
    assert [t["id"] for t in listed.json()["items"]] == [str(term.id)]


async def test_pd_leads_plan_their_school_and_only_trust_roles_plan_for_the_trust(
    app: Litestar, api: TenantClient
) -> None:
    year = await school_year(api)
    other_school = (await api.create("/v1/schools", {"name": "Ash"}))["id"]
    teacher, lead = api.as_staff(app, year.teacher_id), api.as_staff(app, year.lead_id)
    day = {"name": "INSET", "kind": "inset_day", "starts_on": "2027-06-01"}
    assert (await teacher.post("/v1/closures", json={**day, "school_id": year.school_id})).status_code == 403
    assert (await lead.post("/v1/closures", json={**day, "school_id": year.school_id})).status_code == 201
    assert (await lead.post("/v1/closures", json=day)).status_code == 403  # trust-wide
    assert (await lead.post("/v1/closures", json={**day, "school_id": other_school})).status_code == 403
    seen = await teacher.get("/v1/terms")
    assert {t["school_id"] for t in seen.json()["items"]} == {year.school_id}
    stranger = await staff_member(api, other_school, "Dev", ["teacher"])
    assert (await api.as_staff(app, stranger).get(f"/v1/terms/{year.spring['id']}")).status_code == 404
    assert (await api.get(f"/v1/terms/{uuid.uuid4()}")).status_code == 404


async def test_imported_sessions_read_as_terms_and_a_reimport_keeps_their_school(
    app: Litestar, api: TenantClient, tmp_path: Path
) -> None:
    from tests.integration.test_oneroster_import import good_set, run_import

    folder = good_set(tmp_path / "set")
    assert (await run_import(app, api, folder)).applied
    terms = {t["external_id"]: t for t in (await api.get("/v1/terms", params={"kind": "term"})).json()["items"]}
    autumn = terms["t1"]
    year = (await api.get(f"/v1/terms/{autumn['parent_id']}")).json()
    assert (year["kind"], year["academic_year"], year["source"]) == ("academic_year", "2025/26", "oneroster")
    assert (autumn["starts_on"], autumn["ends_on"], autumn["school_id"]) == ("2025-09-01", "2025-12-19", None)
    school_id = (await api.get("/v1/schools")).json()["items"][0]["id"]
    await api.patch(f"/v1/terms/{year['id']}", json={"school_id": school_id})
    assert (await api.patch(f"/v1/terms/{autumn['id']}", json={"school_id": school_id})).status_code == 200
    again = await run_import(app, api, folder)
    assert again.applied and again.counts["terms"].updated == 0
    kept = (await api.get(f"/v1/terms/{autumn['id']}")).json()
    assert (kept["school_id"], kept["source"], kept["external_id"]) == (school_id, "oneroster", "t1")
