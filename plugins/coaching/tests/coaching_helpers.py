"""Helpers of the coaching plugin's tests: a world of staff and a library, snapshots, problems."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from litestar import Litestar

from pl_api.testing import TenantClient

CSV_LIBRARY = (
    "strand_code,strand,skill_code,skill,step_code,step,text,success_criteria,video_url,element_ids\n"
    "R,Routines,R1,Entry routine,R1.1,Greet at the door,Stand at the door and greet each pupil by name.,"
    "Every pupil greeted|Do Now on the board,https://video.example/r11,{e1}\n"
    "R,Routines,R1,Entry routine,R1.2,Do Now,A silent task on desks within one minute.,Task starts in 60s,,{e1}\n"
    "R,Routines,R2,Attention,R2.1,Strong voice,Square up and stand still for directions.,,,{e2}\n"
    "Q,Rigour,Q1,Questioning,Q1.1,Cold call,Ask then name.,Names after the question,,\n"
)


@dataclass
class World:
    """A tenant with a school, a framework, a PD lead, two coaches, two coachees and a step library."""

    app: Litestar
    api: TenantClient
    school_id: str
    elements: list[str]
    staff: dict[str, str]
    clients: dict[str, TenantClient]
    library: dict[str, Any]

    def step(self, code: str) -> str:
        """The id of the library step with ``code``."""
        for strand in self.library["strands"]:
            for skill in strand["skills"]:
                for step in skill["steps"]:
                    if step["code"] == code:
                        return str(step["id"])
        raise KeyError(code)

    async def person(self, name: str, roles: list[str], school_id: str | None = None) -> TenantClient:
        """A staff member with ``roles`` in the school, and a client acting as them."""
        body = {
            "given_name": name.title(),
            "family_name": "Test",
            "email": f"{name}-{uuid.uuid4().hex[:6]}@school.example",
            "memberships": [{"school_id": school_id or self.school_id, "roles": roles}],
        }
        staff = await self.api.create("/v1/staff", body)
        self.staff[name] = staff["id"]
        self.clients[name] = self.api.as_staff(self.app, staff["id"])
        return self.clients[name]

    async def relationship(self, coach: str = "coach", coachee: str = "coachee", start: bool = True) -> dict[str, Any]:
        """A relationship set up by the PD lead (and started)."""
        body = {
            "school_id": self.school_id,
            "coach_staff_id": self.staff[coach],
            "coachee_staff_id": self.staff[coachee],
            "starts_on": "2026-09-07",
            "library_id": self.library["id"],
        }
        rel = await self.clients["lead"].create("/v1/coaching/relationships", body)
        if start:
            moved = await self.clients["lead"].post(
                f"/v1/coaching/relationships/{rel['id']}/transitions", json={"to": "active"}
            )
            assert moved.status_code == 200, moved.text
            rel = moved.json()
        return rel


async def snapshot(world: World) -> dict[str, list[tuple[str, int | None]]]:
    """Every row of the tenant in the coaching tables, activities, participations and events, with versions:
    equal before and after a refused request when nothing was written."""
    from sqlalchemy import select

    from pl_api.plugin import Base

    tables = [
        t
        for name, t in Base.metadata.tables.items()
        if name.startswith("coaching_") or name in ("activities", "participations", "events")
    ]
    result: dict[str, list[tuple[str, int | None]]] = {}
    async with world.app.state.sessions() as session:
        for table in tables:
            key = table.c.id if "id" in table.c else table.c.step_id
            version = table.c.version if "version" in table.c else None
            columns = [key] + ([version] if version is not None else [])
            rows = await session.execute(select(*columns).where(table.c.tenant_id == world.api.tenant_id))
            result[table.name] = sorted((str(r[0]), r[1] if version is not None else None) for r in rows)
    return result


def problem(response: Any, status: int, type_: str) -> dict[str, Any]:
    """The response is a problem of ``status`` and type ``urn:pl-api:problem:<type_>``."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert body["type"] == f"urn:pl-api:problem:{type_}", body
    return body


NOTE = "Back row chatted through the register."


async def coached(world: World) -> dict[str, Any]:
    """A relationship with a drop-in, a meeting that set a step, and that step mastered: the ids."""
    rel = await world.relationship()
    base = f"/v1/coaching/relationships/{rel['id']}"
    coach = world.clients["coach"]
    meeting = await coach.create(
        f"{base}/meetings",
        {
            "held_at": "2026-09-07T15:00:00Z",
            "minutes": 30,
            "praise": NOTE,
            "rehearsal_rounds": 1,
            "set_step_id": world.step("R1.1"),
        },
    )
    step = meeting["assignment_id"]
    drop_in = await coach.create(
        f"{base}/drop-ins",
        {"observed_at": "2026-09-14T09:00:00Z", "minutes": 20, "evidence": NOTE, "assignment_id": step},
    )
    for body in ({"to": "practised"}, {"to": "observed"}, {"to": "mastered", "drop_in_ids": [drop_in["id"]]}):
        assert (await coach.post(f"/v1/coaching/assignments/{step}/transitions", json=body)).status_code == 200
    return {"rel": rel["id"], "base": base, "meeting": meeting["id"], "drop_in": drop_in["id"], "step": step}
