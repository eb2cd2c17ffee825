"""Each report as an SVG chart: a valid document whose bars and labels carry the report's figures."""

from __future__ import annotations

from xml.etree import ElementTree

import pytest
from litestar import Litestar

from tests.conftest import TenantClient
from tests.integration.report_fixture import PERIOD, Trust, build_trust

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
async def trust(app: Litestar, api: TenantClient) -> Trust:
    return await build_trust(app, api)


async def chart(api: TenantClient, path: str, **params: str) -> ElementTree.Element:
    response = await api.get(path, params=params)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("image/svg+xml")
    root = ElementTree.fromstring(response.text)  # raises unless well-formed
    assert root.tag == f"{SVG}svg"
    return root


def bars(root: ElementTree.Element) -> dict[str, str]:
    return {g.get("data-label", ""): g.get("data-value", "") for g in root.iter(f"{SVG}g") if g.get("class") == "bar"}


async def test_hours_by_stream_per_month(api: TenantClient, trust: Trust) -> None:
    root = await chart(api, "/v1/reports/hours/chart.svg", school_id=trust.ashdown, **PERIOD)
    values = bars(root)
    assert len(values) == 4 * 3  # four months, three streams
    assert values["2026-09 whole_school"] == "15"  # 900 minutes
    assert values["2026-10 team"] == "3"  # 180 minutes
    assert values["2026-10 individual"] == ""  # one person: withheld
    assert values["2026-11 whole_school"] == "0"
    heights = {
        g.get("data-label"): float(g.find(f"{SVG}rect").get("height"))  # type: ignore[union-attr]
        for g in root.iter(f"{SVG}g")
        if g.get("class") == "bar"
    }
    assert heights["2026-09 whole_school"] == 5 * heights["2026-10 team"]  # drawn to scale
    assert "Ashdown" in (root.findtext(f"{SVG}title") or "")


async def test_priority_coverage_chart_escapes_its_text(api: TenantClient, trust: Trust) -> None:
    response = await api.get("/v1/reports/priority-coverage", params=PERIOD, headers={"Accept": "image/svg+xml"})
    assert "Behaviour &amp; &lt;routines&gt;" in response.text
    root = ElementTree.fromstring(response.text)
    assert bars(root) == {"Reading": "5", "Behaviour & <routines>": "3"}
    labels = [t.text for t in root.iter(f"{SVG}text")]
    assert "Behaviour & <routines>" in labels


async def test_attendance_cost_and_unrecorded_charts(api: TenantClient, trust: Trust) -> None:
    attendance = bars(await chart(api, "/v1/reports/attendance/chart.svg", **PERIOD))
    assert attendance == {"Ashdown": "90", "Brook": "83.3", "Trust-wide activities": "100", "Total": "89.5"}
    costs = bars(await chart(api, "/v1/reports/costs/chart.svg", academic_year="2026/27"))
    assert (costs["Ashdown: cost"], costs["Ashdown: budget"], costs["Brook: cost"]) == ("920", "1000", "200")
    assert "Brook: budget" not in costs
    unrecorded = bars(await chart(api, "/v1/reports/unrecorded-staff/chart.svg", term_id=trust.term))
    assert unrecorded == {"Ashdown": "3", "Brook": "2", "Total": "4"}


async def test_an_empty_period_still_draws(api: TenantClient, trust: Trust) -> None:
    root = await chart(api, "/v1/reports/priority-coverage/chart.svg", **{"from": "2030-01-01", "to": "2030-01-31"})
    assert bars(root) == {}
    assert any("Nothing to show" in (t.text or "") for t in root.iter(f"{SVG}text"))
