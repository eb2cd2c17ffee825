"""``GET /v1/events``: every committed change, in commit order, from a position."""

from __future__ import annotations

import json
import uuid
from decimal import Decimal

import pytest
from litestar import Litestar

from pl_api.db.row_security import tenant_sessions
from pl_api.domain.schools.models import School
from pl_api.domain.tenants.service import create_client
from tests.conftest import TenantClient


async def _feed(api: TenantClient, after: int = 0, **params: str) -> dict[str, object]:
    response = await api.get("/v1/events", params={"after": str(after), **params})
    assert response.status_code == 200, response.text
    body: dict[str, object] = response.json()
    return body


async def test_the_feed_lists_changes_in_order_and_continues_from_a_position(api: TenantClient) -> None:
    school = await api.create("/v1/schools", {"name": "Oakfield"})
    await api.patch(f"/v1/schools/{school['id']}", json={"name": "Oakfield Academy"})
    staff = await api.create("/v1/staff", {"given_name": "A", "family_name": "B", "email": "ab@feed.example"})
    feed = await _feed(api)
    items = feed["items"]
    assert isinstance(items, list)
    assert [(e["type"], e["subject_id"]) for e in items] == [
        ("school.created", school["id"]),
        ("school.updated", school["id"]),
        ("staff.created", staff["id"]),
    ]
    positions = [e["position"] for e in items]
    assert positions == sorted(positions) and len(set(positions)) == 3
    assert feed["next_after"] == positions[-1] and feed["has_more"] is False

    later = await _feed(api, int(positions[-1]))
    assert later["items"] == [] and later["next_after"] == positions[-1]

    only_staff = await _feed(api, types="staff.created,staff.updated")
    assert [e["type"] for e in only_staff["items"]] == ["staff.created"]  # type: ignore[union-attr]

    first_page = await _feed(api, limit="2")
    assert first_page["has_more"] is True and len(first_page["items"]) == 2  # type: ignore[arg-type]
    second = await _feed(api, int(first_page["next_after"]), limit="2")  # type: ignore[call-overload]
    assert [e["subject_id"] for e in second["items"]] == [staff["id"]]  # type: ignore[union-attr]


async def test_the_feed_is_the_tenants_own(api: TenantClient, other_api: TenantClient) -> None:
    await other_api.create("/v1/schools", {"name": "Elsewhere"})
    assert (await _feed(api))["items"] == []


async def test_bad_parameters_are_400(api: TenantClient) -> None:
    for params in ({"after": "-1"}, {"after": "x"}, {"types": "Staff Created"}, {"types": "staff"}, {"limit": "0"}):
        response = await api.get("/v1/events", params=params)
        assert response.status_code == 400, (params, response.text)


async def test_the_largest_position_the_document_states_is_accepted_and_one_more_is_400(api: TenantClient) -> None:
    # Read as written, the way a client that keeps JSON numbers exact does: a rounded float would name a
    # position the API refuses.
    document = json.loads((await api.get("/openapi.json")).text, parse_float=Decimal)
    parameters = document["paths"]["/v1/events"]["get"]["parameters"]
    maximum = next(p["schema"]["maximum"] for p in parameters if p["name"] == "after")
    assert maximum == int(maximum)
    assert (await api.get("/v1/events", params={"after": str(int(maximum))})).status_code == 200
    assert (await api.get("/v1/events", params={"after": str(int(maximum) + 1)})).status_code == 400


async def test_who_may_read_the_feed(app: Litestar, api: TenantClient) -> None:
    async with app.state.sessions() as session:
        reader = await create_client(session, api.tenant_id, "feed reader", ["events:read"])
        writer = await create_client(session, api.tenant_id, "staff sync", ["staff:write"])
    as_reader = TenantClient(api.tenant_id, reader.key, api.http)
    as_writer = TenantClient(api.tenant_id, writer.key, api.http)
    assert (await as_reader.get("/v1/events")).status_code == 200
    refused = await as_writer.get("/v1/events")
    assert refused.status_code == 403 and "events:read" in refused.json()["detail"]

    school = await api.create("/v1/schools", {"name": "Roles"})

    async def user_with(roles: list[str], trust_roles: list[str]) -> TenantClient:
        member = await api.create(
            "/v1/staff",
            {
                "given_name": "U",
                "family_name": "Ser",
                "email": f"{uuid.uuid4().hex[:8]}@feed.example",
                "trust_roles": trust_roles,
                "memberships": [{"school_id": school["id"], "roles": roles}],
            },
        )
        return api.as_staff(app, member["id"])

    admin = await user_with(["teacher"], ["trust_admin"])
    assert (await admin.get("/v1/events")).status_code == 200
    leader = await user_with(["school_leader"], [])
    assert (await leader.get("/v1/events")).status_code == 403


async def test_an_event_committed_after_a_later_id_is_not_skipped(app: Litestar, api: TenantClient) -> None:
    """Transaction A flushes first (its event has the smaller UUIDv7) but commits after transaction B.
    A reader that already saw B's event must still get A's: positions follow commits, not ids."""
    if app.state.engine.dialect.name == "sqlite":
        pytest.skip("SQLite has one writer at a time: a transaction cannot commit while another has written")
    sessions = tenant_sessions(app.state.sessions, api.tenant_id)
    async with sessions() as first, sessions() as second:
        early = School(tenant_id=api.tenant_id, name="Flushed first")
        first.add(early)
        await first.flush()  # the change is written and its event's id taken; not committed yet
        late = School(tenant_id=api.tenant_id, name="Committed first")
        second.add(late)
        await second.commit()
        seen = await _feed(api)
        assert [e["subject_id"] for e in seen["items"]] == [str(late.id)]  # type: ignore[union-attr]
        await first.commit()
    after_both = await _feed(api, int(seen["next_after"]))  # type: ignore[call-overload]
    assert [e["subject_id"] for e in after_both["items"]] == [str(early.id)]  # type: ignore[union-attr]
    every = await _feed(api)
    ids = [e["id"] for e in every["items"]]  # type: ignore[union-attr]
    assert ids != sorted(ids)  # in commit order, which here is not id order
