"""A school with a PD lead, a group leader, members and an outsider, each calling as themselves."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

import httpx
from litestar import Litestar
from pl_api_tlc.models import MODELS
from sqlalchemy import select

from pl_api.domain.events.models import EventRecord
from pl_api.plugin import Activity, Participation, TeamMember
from pl_api.testing import TenantClient

NOW = "2026-10-01T16:00:00Z"


@dataclass
class Person:
    """A staff member and a client calling as them."""

    id: str
    client: TenantClient


@dataclass
class School:
    """A tenant's school and its people."""

    app: Litestar
    api: TenantClient
    school_id: str
    pd_lead: Person
    leader: Person
    members: list[Person]
    outsider: Person
    programme: dict[str, Any] = field(default_factory=dict)
    group: dict[str, Any] = field(default_factory=dict)
    techniques: list[dict[str, Any]] = field(default_factory=list)

    @property
    def member_ids(self) -> list[str]:
        return [m.id for m in self.members]


async def person(app: Litestar, api: TenantClient, school_id: str, roles: list[str]) -> Person:
    body = {
        "given_name": "T",
        "family_name": "Eacher",
        "email": f"s{uuid.uuid4().hex[:10]}@school.example",
        "memberships": [{"school_id": school_id, "roles": roles}],
    }
    staff = await api.create("/v1/staff", body)
    return Person(staff["id"], api.as_staff(app, staff["id"]))


async def school(app: Litestar, api: TenantClient, members: int = 8) -> School:
    """A school with a PD lead, a leader and ``members`` teachers, and a teacher outside the group."""
    created = await api.create("/v1/schools", {"name": "Ashgrove"})
    sid = created["id"]
    return School(
        app=app,
        api=api,
        school_id=sid,
        pd_lead=await person(app, api, sid, ["pd_lead"]),
        leader=await person(app, api, sid, ["teacher"]),
        members=[await person(app, api, sid, ["teacher"]) for _ in range(members)],
        outsider=await person(app, api, sid, ["teacher"]),
    )


async def community(app: Litestar, api: TenantClient, members: int = 8) -> School:
    """A school with a programme (the formative-assessment library) and one group."""
    world = await school(app, api, members)
    pd = world.pd_lead.client
    world.programme = await pd.create(
        "/v1/tlc/programmes",
        {
            "name": "Embedding Formative Assessment",
            "school_id": world.school_id,
            "starts_on": "2026-09-01",
            "ends_on": "2028-07-31",
            "lead_staff_id": world.pd_lead.id,
        },
    )
    imported = await pd.create(
        f"/v1/tlc/programmes/{world.programme['id']}/techniques", {"preset": "formative_assessment"}
    )
    world.techniques = imported["added"]
    world.group = await pd.create(
        "/v1/tlc/groups",
        {
            "programme_id": world.programme["id"],
            "name": "Maths and science TLC",
            "leader_staff_id": world.leader.id,
            "member_ids": world.member_ids,
        },
    )
    return world


def ok(response: httpx.Response, status: int = 200) -> dict[str, Any]:
    """The JSON of a response that must have ``status``."""
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    return body


async def hold_meeting(world: School, when: str, absent: tuple[int, ...] = ()) -> dict[str, Any]:
    """Schedule and start a meeting, and take attendance (members at ``absent`` positions away)."""
    leader = world.leader.client
    meeting = await leader.create(f"/v1/tlc/groups/{world.group['id']}/meetings", {"scheduled_at": when})
    ok(await leader.post(f"/v1/tlc/meetings/{meeting['id']}/start"))
    attendance = [{"staff_id": m.id, "present": i not in absent} for i, m in enumerate(world.members)]
    return ok(await leader.put(f"/v1/tlc/meetings/{meeting['id']}/attendance", json={"attendance": attendance}))


async def snapshot(app: Litestar, tenant_id: Any) -> dict[str, Any]:
    """Every row the plugin and the core record hold for a tenant (with versions), and its events: to show a
    refused request wrote nothing."""
    state: dict[str, Any] = {}
    async with app.state.sessions() as session:
        for model in [*MODELS, Activity, Participation, TeamMember, EventRecord]:
            table = model.__table__  # type: ignore[attr-defined]
            rows = await session.execute(select(table).where(table.c.tenant_id == tenant_id))
            state[table.name] = sorted(repr(tuple(row)) for row in rows)
    return state


async def refused(world: School, response_of: Any, status: int, problem: str | None = None) -> dict[str, Any]:
    """Make a request that must be refused with ``status`` (and problem type ``problem``), writing nothing."""
    before = await snapshot(world.app, world.api.tenant_id)
    response: httpx.Response = await response_of
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    if problem is not None:
        assert body["type"] == f"urn:pl-api:problem:{problem}", body
    assert await snapshot(world.app, world.api.tenant_id) == before
    return body
