"""A school's 2026/27 calendar, made through the API, for the calendar and feed tests."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tests.conftest import TenantClient


@dataclass
class SchoolYear:
    """A school with an academic year, its autumn and spring terms, February half term and an INSET day."""

    school_id: str
    year: dict[str, Any]
    autumn: dict[str, Any]
    spring: dict[str, Any]
    half_term: dict[str, Any]
    inset: dict[str, Any]
    teacher_id: str
    lead_id: str


async def staff_member(api: TenantClient, school_id: str, name: str, roles: list[str]) -> str:
    body = {
        "given_name": name,
        "family_name": "Okonkwo",
        "email": f"{name.lower()}.{api.tenant_id.hex[:6]}@oak.example",
        "memberships": [{"school_id": school_id, "roles": roles}],
    }
    return str((await api.create("/v1/staff", body))["id"])


async def school_year(api: TenantClient) -> SchoolYear:
    school_id = (await api.create("/v1/schools", {"name": "Oak Academy"}))["id"]
    year = await api.create(
        "/v1/terms",
        {
            "name": "2026/27",
            "kind": "academic_year",
            "starts_on": "2026-09-01",
            "ends_on": "2027-07-23",
            "school_id": school_id,
        },
    )
    term = {"kind": "term", "parent_id": year["id"], "school_id": school_id}
    autumn = await api.create(
        "/v1/terms", {**term, "name": "Autumn", "starts_on": "2026-09-02", "ends_on": "2026-12-18"}
    )
    spring = await api.create(
        "/v1/terms", {**term, "name": "Spring", "starts_on": "2027-01-05", "ends_on": "2027-03-26"}
    )
    half_term = await api.create(
        "/v1/closures",
        {
            "name": "February half term",
            "kind": "holiday",
            "starts_on": "2027-02-15",
            "ends_on": "2027-02-19",
            "school_id": school_id,
        },
    )
    inset = await api.create(
        "/v1/closures",
        {"name": "INSET: curriculum", "kind": "inset_day", "starts_on": "2027-03-03", "school_id": school_id},
    )
    teacher_id = await staff_member(api, school_id, "Amara", ["teacher"])
    lead_id = await staff_member(api, school_id, "Bryony", ["pd_lead"])
    return SchoolYear(school_id, year, autumn, spring, half_term, inset, teacher_id, lead_id)


def fortnightly_science(year: SchoolYear, **overrides: Any) -> dict[str, Any]:
    """Fortnightly department CPD on Wednesdays, 15:30-16:30, through the spring term."""
    return {
        "title": "Science department CPD",
        "kind": "team_meeting",
        "stream": "team",
        "duration_minutes": 60,
        "start_time": "15:30",
        "frequency": "weekly",
        "interval": 2,
        "weekdays": ["WE"],
        "term_id": year.spring["id"],
        "school_id": year.school_id,
        "location": "Lab 3",
        "participant_ids": [year.teacher_id],
        **overrides,
    }
