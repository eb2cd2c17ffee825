"""Every request in docs/calendar.md works, in order, as a PD lead would send it."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.conftest import TenantClient
from tests.integration.calendar_fixtures import staff_member

DOC = Path(__file__).resolve().parents[2] / "docs" / "calendar.md"
CURL = re.compile(
    r"curl -X (?P<method>POST|PATCH) http://127\.0\.0\.1:8000(?P<path>\S+(?: id>)?).*?-d '(?P<body>.*?)'", re.S
)


async def test_the_calendar_guide_runs(api: TenantClient) -> None:
    school_id = (await api.create("/v1/schools", {"name": "Guide School"}))["id"]
    ids = {"<school id>": school_id, "<staff id>": await staff_member(api, school_id, "Grace", ["teacher"])}
    requests = list(CURL.finditer(DOC.read_text()))
    assert len(requests) >= 7
    for found in requests:
        path, body = found["path"], found["body"]
        for placeholder, value in ids.items():
            path, body = path.replace(placeholder, value), body.replace(placeholder, value)
        assert "<" not in path + body, f"no id for a placeholder in {path} {body}"
        response = await api.request(found["method"], path, json=json.loads(body))
        assert response.is_success, (path, response.status_code, response.text)
        made = response.json()
        if path == "/v1/terms":
            ids["<academic year id>" if made["kind"] == "academic_year" else "<spring term id>"] = made["id"]
        if path == "/v1/activity-series":
            ids["<series id>"] = made["id"]
            assert [s["reason"] for s in made["skipped"]] == ["holiday", "inset_day"]
        if path == "/v1/calendar-feeds":
            assert (await api.http.get(made["url"].removeprefix("http://127.0.0.1:8000"))).status_code == 200
