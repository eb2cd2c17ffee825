"""Not surveillance: notes, reports and plans are the group's; observation notes the observee's to share;
leaders see counts."""

from __future__ import annotations

from typing import Any

from litestar import Litestar
from tlc_world import School, community, hold_meeting, ok, person

from pl_api.testing import TenantClient, new_tenant_client

NOTE = "Year 9 struggled with hinge questions"
REPORT = "My exit tickets showed two misconceptions"
OBSERVED = "Lolly sticks kept everyone thinking"


async def a_meeting_with_private_words(world: School) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """A meeting in progress with section notes, a report and a plan item; and an unshared observation."""
    meeting = await hold_meeting(world, "2026-10-01T15:30:00Z")
    at = f"/v1/tlc/meetings/{meeting['id']}"
    ok(await world.leader.client.put(f"{at}/sections/1/notes", json={"notes": NOTE}))
    first, second = world.members[0], world.members[1]
    ok(await first.client.put(f"{at}/reports/{first.id}", json={"text": REPORT}))
    item = await second.client.create(
        "/v1/tlc/plan-items",
        {
            "group_id": world.group["id"],
            "technique_id": world.techniques[3]["id"],
            "intention": "No hands up in every lesson",
            "starts_on": "2026-10-05",
        },
    )
    observation = await first.client.create(
        "/v1/tlc/observations",
        {
            "group_id": world.group["id"],
            "observee_staff_id": second.id,
            "plan_item_id": item["id"],
            "observed_at": "2026-10-10T09:00:00Z",
            "notes": OBSERVED,
        },
    )
    return meeting, item, observation


async def test_the_group_reads_its_notes_reports_and_plans(pl_api_app: Litestar, pl_api_tenant: TenantClient) -> None:
    world = await community(pl_api_app, pl_api_tenant, members=3)
    meeting, item, _ = await a_meeting_with_private_words(world)
    third = world.members[2].client
    assert ok(await third.get(f"/v1/tlc/meetings/{meeting['id']}"))["agenda"][0]["notes"] == NOTE
    reports = ok(await third.get(f"/v1/tlc/meetings/{meeting['id']}/reports"))["items"]
    assert [r["text"] for r in reports] == [REPORT]
    items = ok(await third.get("/v1/tlc/plan-items", params={"group_id": world.group["id"]}))["items"]
    assert [i["intention"] for i in items] == ["No hands up in every lesson"]
    assert ok(await world.leader.client.get(f"/v1/tlc/plan-items/{item['id']}"))["id"] == item["id"]


async def test_leaders_and_outsiders_see_counts_not_words(pl_api_app: Litestar, pl_api_tenant: TenantClient) -> None:
    world = await community(pl_api_app, pl_api_tenant, members=3)
    meeting, item, observation = await a_meeting_with_private_words(world)
    for caller in (world.pd_lead.client, world.outsider.client, world.api):
        seen = ok(await caller.get(f"/v1/tlc/meetings/{meeting['id']}"))
        assert all(section["notes"] is None for section in seen["agenda"])
        assert (await caller.get(f"/v1/tlc/meetings/{meeting['id']}/reports")).status_code == 403
        assert (await caller.get(f"/v1/tlc/plan-items/{item['id']}")).status_code == 404
        assert (await caller.get(f"/v1/tlc/observations/{observation['id']}")).status_code == 404
    for user in (world.pd_lead.client, world.outsider.client):
        assert ok(await user.get("/v1/tlc/plan-items"))["items"] == []
        assert ok(await user.get("/v1/tlc/observations"))["items"] == []
    assert (await world.api.get("/v1/tlc/plan-items")).status_code == 403

    progress = ok(await world.pd_lead.client.get(f"/v1/tlc/groups/{world.group['id']}/progress"))
    assert progress["items_by_state"]["proposed"] == 1 and progress["observations"] == 1
    whole = ok(await world.pd_lead.client.get(f"/v1/tlc/programmes/{world.programme['id']}/progress"))
    for words in (NOTE, REPORT, OBSERVED, "No hands up in every lesson"):
        assert words not in str(progress) and words not in str(whole)
    assert ok(await world.leader.client.get(f"/v1/tlc/groups/{world.group['id']}/progress"))["members"] == 3
    assert (await world.members[0].client.get(f"/v1/tlc/groups/{world.group['id']}/progress")).status_code == 403
    assert (await world.outsider.client.get(f"/v1/tlc/programmes/{world.programme['id']}/progress")).status_code == 403


async def test_observation_notes_are_the_observees_to_share(pl_api_app: Litestar, pl_api_tenant: TenantClient) -> None:
    world = await community(pl_api_app, pl_api_tenant, members=3)
    _, _, observation = await a_meeting_with_private_words(world)
    at = f"/v1/tlc/observations/{observation['id']}"
    observer, observee, colleague = (m.client for m in world.members)
    assert ok(await observer.get(at))["notes"] == OBSERVED
    assert ok(await observee.get(at))["notes"] == OBSERVED
    assert ok(await colleague.get(at))["notes"] is None
    assert ok(await world.leader.client.get(at))["notes"] is None
    ok(await observee.put(f"{at}/sharing", json={"shared_with_group": True}))
    assert ok(await colleague.get(at))["notes"] == OBSERVED
    listed = ok(await colleague.get("/v1/tlc/observations", params={"group_id": world.group["id"]}))["items"]
    assert [o["notes"] for o in listed] == [OBSERVED]
    ok(await observee.put(f"{at}/sharing", json={"shared_with_group": False}))
    assert ok(await colleague.get(at))["notes"] is None


async def test_another_schools_leader_sees_nothing(pl_api_app: Litestar, pl_api_tenant: TenantClient) -> None:
    world = await community(pl_api_app, pl_api_tenant, members=3)
    other_school = await world.api.create("/v1/schools", {"name": "Birchfield"})
    elsewhere = (await person(pl_api_app, world.api, other_school["id"], ["pd_lead"])).client
    assert (await elsewhere.get(f"/v1/tlc/programmes/{world.programme['id']}")).status_code == 404
    assert (await elsewhere.get(f"/v1/tlc/groups/{world.group['id']}")).status_code == 404
    assert (await elsewhere.get(f"/v1/tlc/programmes/{world.programme['id']}/progress")).status_code == 403
    assert ok(await elsewhere.get("/v1/tlc/programmes"))["items"] == []
    assert ok(await world.pd_lead.client.get("/v1/tlc/programmes"))["items"][0]["id"] == world.programme["id"]


async def test_another_tenants_ids_are_not_found(pl_api_app: Litestar, pl_api_tenant: TenantClient) -> None:
    world = await community(pl_api_app, pl_api_tenant, members=3)
    meeting, item, observation = await a_meeting_with_private_words(world)
    other = await new_tenant_client(pl_api_app, world.api.http)
    reads = [
        f"/v1/tlc/programmes/{world.programme['id']}",
        f"/v1/tlc/programmes/{world.programme['id']}/techniques",
        f"/v1/tlc/programmes/{world.programme['id']}/progress",
        f"/v1/tlc/groups/{world.group['id']}",
        f"/v1/tlc/groups/{world.group['id']}/meetings",
        f"/v1/tlc/groups/{world.group['id']}/progress",
        f"/v1/tlc/meetings/{meeting['id']}",
        f"/v1/tlc/meetings/{meeting['id']}/reports",
        f"/v1/tlc/plan-items/{item['id']}",
        f"/v1/tlc/observations/{observation['id']}",
    ]
    for path in reads:
        assert (await other.get(path)).status_code == 404, path
    writes = [
        ("POST", f"/v1/tlc/programmes/{world.programme['id']}/close", None),
        ("PATCH", f"/v1/tlc/programmes/{world.programme['id']}", {"name": "Mine"}),
        ("POST", f"/v1/tlc/programmes/{world.programme['id']}/techniques", {"preset": "formative_assessment"}),
        ("PUT", f"/v1/tlc/groups/{world.group['id']}/members/{world.outsider.id}", None),
        ("POST", f"/v1/tlc/groups/{world.group['id']}/meetings", {"scheduled_at": "2026-11-01T15:30:00Z"}),
        ("POST", f"/v1/tlc/meetings/{meeting['id']}/close", None),
        ("PUT", f"/v1/tlc/meetings/{meeting['id']}/sections/1/notes", {"notes": "x"}),
    ]
    for method, path, body in writes:
        response = await other.request(method, path, **({"json": body} if body is not None else {}))
        assert response.status_code == 404, (path, response.text)
    group = {"programme_id": world.programme["id"], "name": "Mine", "leader_staff_id": world.leader.id}
    assert (await other.post("/v1/tlc/groups", json=group)).status_code == 422
