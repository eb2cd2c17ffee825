"""The requests each scenario sends against the loaded tenant."""

from __future__ import annotations

import random
from typing import Any

from bench.dataset import SOURCE, Fixture
from bench.load import Request

PARTICIPANTS = 20


def read_scenarios(fixture: Fixture, sample: int = 500) -> dict[str, Request]:
    """The read scenarios, by name; each picks among ``sample`` staff at random."""
    rng = random.Random(1)
    staff = rng.sample(fixture.staff_ids, min(sample, len(fixture.staff_ids)))
    year = fixture.record_year
    return {
        "health_live": Request("GET", ["/health/live"]),
        "get_staff": Request("GET", [f"/v1/staff/{s}" for s in staff]),
        "activities_first_page": Request("GET", ["/v1/activities?limit=50"]),
        "activities_deep_page": Request("GET", [f"/v1/activities?limit=50&cursor={fixture.deep_cursor}"]),
        "staff_record_year": Request(
            "GET", [f"/v1/staff/{s}/record?from={year}-09-01&to={year + 1}-08-31" for s in staff[:100]]
        ),
    }


def school_staff(fixture: Fixture, school: int) -> list[str]:
    """The staff of the ``school``-th school (the loader puts staff member ``n`` in school ``n % schools``)."""
    return fixture.staff_ids[school :: len(fixture.school_ids)]


def activity_body(fixture: Fixture, title: str, participants: int = PARTICIPANTS) -> dict[str, Any]:
    """A new activity at the first school, with ``participants`` of its staff attending."""
    return {
        "title": title,
        "kind": "inset_session",
        "stream": "whole_school",
        "starts_at": "2025-10-01T09:00:00Z",
        "duration_minutes": 90,
        "school_id": fixture.school_ids[0],
        "status": "completed",
        "participants": [{"staff_id": s, "status": "attended"} for s in school_staff(fixture, 0)[:participants]],
    }


def create_activity(fixture: Fixture) -> Request:
    """POST an activity with its participants."""
    return Request("POST", ["/v1/activities"], activity_body(fixture, "Benchmark INSET"))


def staff_sync_batches(fixture: Fixture, run: str, size: int = 1000) -> list[dict[str, Any]]:
    """Every staff member of the tenant as delta sync batches of ``size`` (the most a batch may carry), each with
    a changed job title, so every record is an update."""
    schools = len(fixture.school_ids)
    records = [
        {
            "external_id": f"u{n}",
            "given_name": f"Given{n}",
            "family_name": f"Family{n}",
            "email": f"u{n}@bench.example",
            "job_title": f"Teacher {run}",
            "schools": [{"school_external_id": f"s{n % schools}", "roles": ["teacher"]}],
        }
        for n in range(len(fixture.staff_ids))
    ]
    return [{"source": SOURCE, "mode": "delta", "records": records[i : i + size]} for i in range(0, len(records), size)]
