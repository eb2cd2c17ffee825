"""Not surveillance: notes are the coach's and the coachee's unless the coachee shares them, and coaching
reaches appraisal-facing views (the CPD record) only with the coachee's consent."""

from __future__ import annotations

from typing import Any

from coaching_helpers import NOTE, World, coached, problem, snapshot


def _note_urls(ids: dict[str, Any]) -> list[str]:
    return [
        f"/v1/coaching/drop-ins/{ids['drop_in']}",
        f"/v1/coaching/meetings/{ids['meeting']}",
        f"/v1/coaching/assignments/{ids['step']}",
        f"{ids['base']}/drop-ins",
        f"{ids['base']}/meetings",
        f"{ids['base']}/assignments",
    ]


async def test_a_coach_cannot_read_another_coachs_notes(world: World) -> None:
    ids = await coached(world)
    other = world.clients["other_coach"]
    for url in [*_note_urls(ids), ids["base"]]:
        problem(await other.get(url), 404, "not-found")
    listed = await other.get("/v1/coaching/relationships")
    assert listed.status_code == 200 and listed.json()["items"] == []
    before = await snapshot(world)
    drop_in = {"observed_at": "2026-09-15T09:00:00Z", "minutes": 10}
    problem(await other.post(f"{ids['base']}/drop-ins", json=drop_in), 404, "not-found")
    assert await snapshot(world) == before


async def test_coach_and_coachee_read_the_notes(world: World) -> None:
    ids = await coached(world)
    for name in ("coach", "coachee"):
        for url in _note_urls(ids):
            response = await world.clients[name].get(url)
            assert response.status_code == 200, (name, url, response.text)
        meeting = await world.clients[name].get(f"/v1/coaching/meetings/{ids['meeting']}")
        assert meeting.json()["praise"] == NOTE


async def test_leaders_and_clients_read_notes_only_once_the_coachee_shares_them(world: World) -> None:
    ids = await coached(world)
    lead, api = world.clients["lead"], world.api
    head = await world.person("head", ["school_leader"])
    # The PD lead who set the relationship up sees it, but not its notes.
    assert (await lead.get(ids["base"])).status_code == 200
    for reader in (lead, api, head):
        for url in _note_urls(ids):
            problem(await reader.get(url), 404, "not-found")
    shared = await world.clients["coachee"].put(
        f"{ids['base']}/sharing", json={"notes_shared": True, "record_shared": False}
    )
    assert shared.status_code == 200 and shared.json()["notes_shared"] is True
    for reader in (lead, api, head):
        for url in _note_urls(ids):
            assert (await reader.get(url)).status_code == 200, url
    # A teacher with no part in it still sees nothing.
    problem(await world.clients["other_coachee"].get(f"/v1/coaching/meetings/{ids['meeting']}"), 404, "not-found")


async def test_only_the_coachee_decides_what_is_shared(world: World) -> None:
    ids = await coached(world)
    consent = {"notes_shared": True, "record_shared": True}
    for name in ("coach", "lead"):
        before = await snapshot(world)
        body = problem(await world.clients[name].put(f"{ids['base']}/sharing", json=consent), 403, "forbidden")
        assert "only the coachee" in body["detail"]
        assert await snapshot(world) == before
    problem(await world.api.put(f"{ids['base']}/sharing", json=consent), 403, "forbidden")


async def test_the_cpd_record_shows_coaching_only_with_consent(world: World) -> None:
    ids = await coached(world)
    period = {"from": "2026-09-01", "to": "2026-12-31"}
    coachee_id = world.staff["coachee"]
    for viewer in (world.clients["lead"], world.clients["coachee"], world.api):
        record = (await viewer.get(f"/v1/staff/{coachee_id}/record", params=period)).json()
        assert "coaching" not in record["plugins"]
        assert NOTE not in str(record)
    await world.clients["coachee"].put(f"{ids['base']}/sharing", json={"notes_shared": False, "record_shared": True})
    record = (await world.clients["lead"].get(f"/v1/staff/{coachee_id}/record", params=period)).json()
    assert [s["code"] for s in record["plugins"]["coaching"]["steps_mastered"]] == ["R1.1"]
    assert NOTE not in str(record)


async def test_fidelity_is_for_leaders_and_holds_no_notes(world: World) -> None:
    await coached(world)
    problem(await world.clients["coach"].get("/v1/coaching/fidelity"), 403, "forbidden")
    problem(await world.clients["coachee"].get("/v1/coaching/fidelity"), 403, "forbidden")
    report = await world.clients["lead"].get("/v1/coaching/fidelity", params={"from": "2026-09-01", "to": "2026-12-31"})
    assert report.status_code == 200, report.text
    assert NOTE not in report.text and "Greet" not in report.text
    assert report.json()["coaches"][0]["coach_staff_id"] == world.staff["coach"]
