"""Coaching work is core activities of the plugin's kinds, so the core's reports count it by name."""

from __future__ import annotations

from pl_api.testing import TenantClient


async def test_coaching_kinds_appear_in_the_hours_report(pl_api_tenant: TenantClient) -> None:
    api = pl_api_tenant
    school = await api.create("/v1/schools", {"name": "Ashgrove"})
    staff = [
        (await api.create("/v1/staff", {"given_name": "C", "family_name": f"S{i}", "email": f"c{i}@a.example"}))["id"]
        for i in range(3)
    ]
    for i, staff_id in enumerate(staff):
        await api.create(
            "/v1/activities",
            {
                "title": "Drop-in",
                "kind": "coaching.drop_in",
                "stream": "individual",
                "starts_at": f"2026-10-0{i + 1}T10:00:00Z",
                "duration_minutes": 20,
                "school_id": school["id"],
                "status": "completed",
                "participants": [{"staff_id": staff_id, "status": "attended"}],
            },
        )
    response = await api.get(
        "/v1/reports/hours", params={"school_id": school["id"], "from": "2026-09-01", "to": "2026-12-31"}
    )
    assert response.status_code == 200
    [kind] = response.json()["total"]["by_kind"]
    # Three drop-ins of 20 minutes, one coachee each: three people, so the minutes are shown.
    assert (kind["key"], kind["label"], kind["people"], kind["minutes"]) == (
        "coaching.drop_in",
        "Coaching drop-in",
        3,
        60,
    )
