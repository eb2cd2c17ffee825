"""Roles and permissions: docs/permissions.md is what the code enforces, every row of it, and the
privacy rules hold: reflections are their authors', leaders see what is shared with them, a role
in one school reaches nothing in another."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from litestar import Litestar

from pl_api.config import load_settings
from pl_api.domain.identity.matrix import operation_access, permissions_markdown
from pl_api.domain.identity.roles import ROLES
from pl_api.domain.schools.models import School
from pl_api.domain.staff.models import Staff, StaffMembership
from tests.conftest import TenantClient, new_tenant_client
from tests.integration.test_cross_tenant import _populate, _snapshot, call_every_id_operation

ROOT = Path(__file__).resolve().parents[2]
NOW = "2026-10-01T16:00:00Z"


@dataclass
class School2:
    """A tenant with schools A and B, an admin key, and users made on demand."""

    app: Litestar
    api: TenantClient
    a: str
    b: str
    made: list[str] = field(default_factory=list)

    async def user(
        self, roles: list[str] | None = None, school: str | None = "a", trust_roles: list[str] | None = None
    ) -> tuple[TenantClient, str]:
        """A staff member with ``roles`` in school ``a`` or ``b`` (or none), and a client acting as them."""
        email = f"u{uuid.uuid4().hex[:10]}@school.example"
        memberships = [{"school_id": getattr(self, school), "roles": roles or []}] if school else []
        body = {"given_name": "U", "family_name": "Ser", "email": email, "memberships": memberships}
        staff = await self.api.create("/v1/staff", body | {"trust_roles": trust_roles or []})
        return self.api.as_staff(self.app, staff["id"]), staff["id"]


@pytest.fixture
async def world(app: Litestar, api: TenantClient) -> School2:
    a = await api.create("/v1/schools", {"name": "Ashgrove"})
    b = await api.create("/v1/schools", {"name": "Birchfield"})
    return School2(app, api, a["id"], b["id"])


def test_permissions_document_is_current() -> None:
    from pl_api.app import create_app

    settings = load_settings(config_file=ROOT / "pl-api.toml", environ={})
    expected = permissions_markdown(create_app(settings))
    committed = ROOT / "docs" / "permissions.md"
    assert committed.read_text(encoding="utf-8") == expected, "run `pl-api permissions export` and commit it"


@pytest.mark.parametrize("role", ROLES)
async def test_every_operation_row_is_enforced_for_each_role(app: Litestar, world: School2, role: str) -> None:
    """Each role is refused exactly the operations whose permission it lacks (with made-up ids and empty
    bodies: a user who may call an operation gets past the guard to a 404 or a 400 instead)."""
    user, _ = await world.user([role])
    roles = app.state.role_permissions
    expected, refused = set(), set()
    for op in operation_access(app):
        path = re.sub(r"{(\w+)}", lambda m: "sample" if m.group(1) == "slug" else str(uuid.uuid4()), op.path)
        response = await user.request(op.method, path, **({"json": {}} if op.method in ("POST", "PATCH") else {}))
        assert response.status_code != 500, (op.operation_id, response.text)
        if response.status_code == 403:
            refused.add(op.operation_id)
        if not op.own and op.permission not in roles.by_role[role]:
            expected.add(op.operation_id)
    assert refused == expected


async def test_without_the_permission_no_id_operation_succeeds(
    app: Litestar, api: TenantClient, other_api: TenantClient, http: httpx.AsyncClient
) -> None:
    """Every id-taking operation, on one of everything in school A: zero successes for no credentials,
    another tenant's trust admin, a member of school A with no role, a teacher of school A (writes), and
    someone holding every role in school B (frameworks, which belong to no school, are theirs to read)."""
    ids = await _populate(app, api.tenant_id)
    async with app.state.sessions() as session:
        school_b = School(tenant_id=api.tenant_id, name="Other school")
        session.add(school_b)
        await session.flush()

        def staff(roles: list[str], school_id: Any, trust_roles: list[str] | None = None) -> Staff:
            member = Staff(
                tenant_id=api.tenant_id,
                given_name="X",
                family_name="Y",
                email=f"x{uuid.uuid4().hex[:8]}@school.example",
                trust_roles=trust_roles or [],
                memberships=[StaffMembership(tenant_id=api.tenant_id, school_id=school_id, roles=roles)],
            )
            session.add(member)
            return member

        school_a = uuid.UUID(ids["school_id"])
        roleless, teacher = staff([], school_a), staff(["teacher"], school_a)
        elsewhere = staff(list(ROLES), school_b.id)
        await session.commit()
    before = await _snapshot(app, api.tenant_id)
    other_admin = await other_api.create(
        "/v1/staff",
        {"given_name": "O", "family_name": "A", "email": "oa@other.example", "trust_roles": ["trust_admin"]},
    )
    reads_shared_across_the_trust = {"GetFramework", "ListFrameworkElements", "GetFrameworkElement"}

    no_credentials = await call_every_id_operation(app, None, http, ids, ids)
    assert set(no_credentials.values()) == {401}
    foreign = await call_every_id_operation(app, other_api.as_staff(app, other_admin["id"]), http, ids, ids)
    assert set(foreign.values()) == {404}
    for caller, allowed in [
        (roleless, set()),
        (elsewhere, reads_shared_across_the_trust),
    ]:
        statuses = await call_every_id_operation(app, api.as_staff(app, caller.id), http, ids, ids)
        successes = {op for op, status in statuses.items() if status < 400}
        assert successes == allowed, statuses
    writes = await call_every_id_operation(app, api.as_staff(app, teacher.id), http, ids, ids)
    write_ops = {op for op in writes if not op.startswith(("Get", "List"))}
    assert {op: writes[op] for op in write_ops if writes[op] < 400} == {}
    assert await _snapshot(app, api.tenant_id) == before


# --- reflections: the author's, shared only as the author chooses ---------------------------------


async def _reflection(me: TenantClient, my_id: str, visibility: str) -> str:
    return str(
        (await me.create("/v1/reflections", {"staff_id": my_id, "body": "Mine", "visibility": visibility}))["id"]
    )


async def test_a_private_reflection_is_seen_by_its_author_alone(world: School2) -> None:
    author, author_id = await world.user(["teacher"])
    reflection = await _reflection(author, author_id, "private")
    assert (await author.get(f"/v1/reflections/{reflection}")).status_code == 200
    for roles, trust in [(["teacher"], []), (["coach"], []), (["pd_lead", "school_leader"], []), ([], ["trust_admin"])]:
        other, _ = await world.user(roles, trust_roles=trust)
        assert (await other.get(f"/v1/reflections/{reflection}")).status_code == 404, roles + trust
        listed = (await other.get("/v1/reflections", params={"staff_id": author_id})).json()["items"]
        assert listed == []
    assert (await world.api.get(f"/v1/reflections/{reflection}")).status_code == 404  # nor any integration


@pytest.mark.parametrize(
    ("visibility", "sees", "does_not_see"),
    [
        ("coach", [(["coach"], "a", [])], [(["coach"], "b", []), (["pd_lead", "school_leader"], "a", [])]),
        (
            "leaders",
            [(["pd_lead"], "a", []), (["school_leader"], "a", []), ([], None, ["trust_admin"])],
            [(["coach"], "a", []), (["teacher"], "a", []), (["school_leader"], "b", [])],
        ),
    ],
)
async def test_shared_reflections_reach_only_whom_they_were_shared_with(
    world: School2, visibility: str, sees: list[Any], does_not_see: list[Any]
) -> None:
    author, author_id = await world.user(["teacher"])
    reflection = await _reflection(author, author_id, visibility)
    for roles, school, trust in sees:
        reader, _ = await world.user(roles, school, trust)
        assert (await reader.get(f"/v1/reflections/{reflection}")).status_code == 200, (roles, school, trust)
    for roles, school, trust in does_not_see:
        reader, _ = await world.user(roles, school, trust)
        assert (await reader.get(f"/v1/reflections/{reflection}")).status_code == 404, (roles, school, trust)


async def test_a_team_reflection_reaches_the_authors_teams(world: School2) -> None:
    author, author_id = await world.user(["teacher"])
    colleague, colleague_id = await world.user(["teacher"])
    outsider, _ = await world.user(["teacher"])
    team = await world.api.create("/v1/teams", {"name": "Maths", "kind": "department", "school_id": world.a})
    for member in (author_id, colleague_id):
        assert (await world.api.put(f"/v1/teams/{team['id']}/members/{member}", json={"role": "member"})).is_success
    reflection = await _reflection(author, author_id, "team")
    assert (await colleague.get(f"/v1/reflections/{reflection}")).status_code == 200
    assert (await outsider.get(f"/v1/reflections/{reflection}")).status_code == 404


async def test_only_the_author_writes_their_reflection(world: School2) -> None:
    author, author_id = await world.user(["teacher"])
    reflection = await _reflection(author, author_id, "leaders")
    leader, leader_id = await world.user(["school_leader"])
    assert (await leader.get(f"/v1/reflections/{reflection}")).status_code == 200
    etag = (await leader.get(f"/v1/reflections/{reflection}")).headers["etag"]
    changed = await leader.patch(f"/v1/reflections/{reflection}", json={"body": "Edited"}, headers={"If-Match": etag})
    assert changed.status_code == 403
    assert (await leader.delete(f"/v1/reflections/{reflection}", headers={"If-Match": etag})).status_code == 403
    on_behalf = await leader.post("/v1/reflections", json={"staff_id": author_id, "body": "Written for them"})
    assert on_behalf.status_code == 403
    assert (await leader.post("/v1/reflections", json={"staff_id": leader_id, "body": "My own"})).status_code == 201
    mine = await author.patch(f"/v1/reflections/{reflection}", json={"body": "Edited"}, headers={"If-Match": etag})
    assert mine.status_code == 200


# --- goals and the CPD record -------------------------------------------------------------------


async def test_goals_are_their_owners_and_their_schools_leads(world: School2) -> None:
    teacher, teacher_id = await world.user(["teacher"])
    colleague, _colleague_id = await world.user(["teacher"])
    own = await teacher.create("/v1/goals", {"staff_id": teacher_id, "title": "Better questioning"})
    assert (await colleague.get(f"/v1/goals/{own['id']}")).status_code == 404
    assert (await colleague.post("/v1/goals", json={"staff_id": teacher_id, "title": "Imposed"})).status_code == 403
    assert [g["id"] for g in (await colleague.get("/v1/goals")).json()["items"]] == []
    coach, _ = await world.user(["coach"])
    assert (await coach.get(f"/v1/goals/{own['id']}")).status_code == 200
    assert (await coach.post("/v1/goals", json={"staff_id": teacher_id, "title": "Coach's idea"})).status_code == 403
    lead, _ = await world.user(["pd_lead"])
    assert (await lead.post("/v1/goals", json={"staff_id": teacher_id, "title": "Agreed"})).status_code == 201
    elsewhere, _ = await world.user(["pd_lead"], "b")
    assert (await elsewhere.get(f"/v1/goals/{own['id']}")).status_code == 404


async def test_the_record_is_its_owners_and_leaders_see_attendance_not_private_reflections(world: School2) -> None:
    teacher, teacher_id = await world.user(["teacher"])
    activity = await world.api.create(
        "/v1/activities",
        {
            "title": "INSET",
            "kind": "inset_session",
            "stream": "whole_school",
            "school_id": world.a,
            "starts_at": NOW,
            "duration_minutes": 90,
            "status": "completed",
            "participants": [{"staff_id": teacher_id, "status": "attended"}],
        },
    )
    assert activity["id"]
    await _reflection(teacher, teacher_id, "private")
    shared = await _reflection(teacher, teacher_id, "leaders")
    params = {"from": "2026-09-01", "to": "2027-08-31"}
    own = await teacher.get(f"/v1/staff/{teacher_id}/record", params=params)
    assert own.status_code == 200 and len(own.json()["reflections"]) == 2
    colleague, _ = await world.user(["teacher"])
    assert (await colleague.get(f"/v1/staff/{teacher_id}/record", params=params)).status_code == 403
    leader, _ = await world.user(["pd_lead"])
    record = (await leader.get(f"/v1/staff/{teacher_id}/record", params=params)).json()
    assert record["totals"]["minutes"] == 90
    assert [r["id"] for r in record["reflections"]] == [shared]
    elsewhere, _ = await world.user(["school_leader"], "b")
    assert (await elsewhere.get(f"/v1/staff/{teacher_id}/record", params=params)).status_code == 404


# --- a role in one school reaches nothing in another ------------------------------------------------


async def test_school_roles_stop_at_the_school_gate(world: School2) -> None:
    lead, _ = await world.user(["team_lead"])
    body = {"name": "Science", "kind": "department"}
    assert (await lead.post("/v1/teams", json=body | {"school_id": world.a})).status_code == 201
    assert (await lead.post("/v1/teams", json=body | {"school_id": world.b})).status_code == 403
    assert (await lead.post("/v1/teams", json=body)).status_code == 403  # a trust-wide team
    theirs = await world.api.create("/v1/teams", body | {"school_id": world.b})
    assert (await lead.get(f"/v1/teams/{theirs['id']}")).status_code == 404
    leader, _ = await world.user(["school_leader"])
    school_a = await leader.get(f"/v1/schools/{world.a}")
    changed = await leader.patch(
        f"/v1/schools/{world.a}", json={"phase": "secondary"}, headers={"If-Match": school_a.headers["etag"]}
    )
    assert changed.status_code == 200
    assert (await leader.get(f"/v1/schools/{world.b}")).status_code == 404
    assert (await leader.post("/v1/schools", json={"name": "Annexe"})).status_code == 403
    assert [s["id"] for s in (await leader.get("/v1/schools")).json()["items"]] == [world.a]


async def test_staff_changes_need_every_school_touched_and_trust_roles_need_the_trust(world: School2) -> None:
    leader, _ = await world.user(["school_leader"])
    new = {"given_name": "N", "family_name": "Ew", "email": f"n{uuid.uuid4().hex[:6]}@school.example"}
    assert (await leader.post("/v1/staff", json=new | {"memberships": [{"school_id": world.a}]})).status_code == 201
    new["email"] = "2" + new["email"]
    assert (await leader.post("/v1/staff", json=new | {"memberships": [{"school_id": world.b}]})).status_code == 403
    escalate = new | {"memberships": [{"school_id": world.a}], "trust_roles": ["trust_admin"]}
    assert (await leader.post("/v1/staff", json=escalate)).status_code == 403


async def test_frameworks_belong_to_the_trust(app: Litestar, world: School2, http: httpx.AsyncClient) -> None:
    school_lead, _ = await world.user(["pd_lead"])
    body = {"name": "Our teaching and learning framework"}
    assert (await school_lead.post("/v1/frameworks", json=body)).status_code == 403
    trust_lead, _ = await world.user(None, None, ["pd_lead"])
    assert (await trust_lead.post("/v1/frameworks", json=body)).status_code == 201
    standalone = await new_tenant_client(app, http)
    async with app.state.sessions() as session:
        from pl_api.domain.tenants.models import Tenant

        tenant = await session.get(Tenant, standalone.tenant_id)
        assert tenant is not None
        tenant.kind = "school"
        await session.commit()
    only_school = await standalone.create("/v1/schools", {"name": "Standalone"})
    member = await standalone.create(
        "/v1/staff",
        {
            "given_name": "S",
            "family_name": "L",
            "email": "sl@standalone.example",
            "memberships": [{"school_id": only_school["id"], "roles": ["pd_lead"]}],
        },
    )
    own_school_lead = standalone.as_staff(app, member["id"])
    assert (await own_school_lead.post("/v1/frameworks", json=body)).status_code == 201


async def test_feedback_is_given_by_participants_and_read_by_those_who_run_the_activity(world: School2) -> None:
    teacher, teacher_id = await world.user(["teacher"])
    colleague, colleague_id = await world.user(["teacher"])
    activity = await world.api.create(
        "/v1/activities",
        {
            "title": "Coaching workshop",
            "kind": "inset_session",
            "stream": "whole_school",
            "school_id": world.a,
            "starts_at": NOW,
            "duration_minutes": 60,
            "status": "completed",
            "participants": [{"staff_id": s, "status": "attended"} for s in (teacher_id, colleague_id)],
        },
    )
    url = f"/v1/activities/{activity['id']}/feedback"
    assert (await teacher.post(url, json={"staff_id": colleague_id, "reaction": 1, "learning": 1})).status_code == 403
    assert (await teacher.post(url, json={"staff_id": teacher_id, "reaction": 5, "learning": 4})).status_code == 201
    assert (await colleague.post(url, json={"staff_id": colleague_id, "reaction": 3, "learning": 3})).status_code == 201
    assert [f["staff_id"] for f in (await teacher.get(url)).json()["items"]] == [teacher_id]
    lead, _ = await world.user(["pd_lead"])
    assert len((await lead.get(url)).json()["items"]) == 2
