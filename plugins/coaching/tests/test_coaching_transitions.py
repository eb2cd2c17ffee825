"""Every refused move is a clear 4xx problem, and nothing is written."""

from __future__ import annotations

from typing import Any

from coaching_helpers import World, problem, snapshot

DROP_IN = {"observed_at": "2026-09-08T09:00:00Z", "minutes": 15, "evidence": "Calm entry."}
MEETING = {"held_at": "2026-09-08T15:00:00Z", "minutes": 30, "praise": "Good.", "rehearsal_rounds": 2}


async def _cycle(world: World) -> tuple[str, str]:
    """An active relationship whose coachee has one active step (R1.1): its base path and assignment id."""
    rel = await world.relationship()
    base = f"/v1/coaching/relationships/{rel['id']}"
    meeting = await world.clients["coach"].create(f"{base}/meetings", MEETING | {"set_step_id": world.step("R1.1")})
    return base, meeting["assignment_id"]


async def _refused(world: World, method: str, url: str, body: Any, status: int, type_: str) -> dict[str, Any]:
    before = await snapshot(world)
    response = await world.clients["coach"].request(method, url, json=body)
    found = problem(response, status, type_)
    assert await snapshot(world) == before
    return found


async def test_mastered_without_a_drop_in_is_refused(world: World) -> None:
    base, step = await _cycle(world)
    coach = world.clients["coach"]
    moves = f"/v1/coaching/assignments/{step}/transitions"
    body = await _refused(world, "POST", moves, {"to": "mastered"}, 409, "coaching-step-transition")
    assert "active can move to practised, revised, paused" in body["detail"]

    assert (await coach.post(moves, json={"to": "practised"})).status_code == 200
    seen = await coach.create(f"{base}/drop-ins", DROP_IN | {"assignment_id": step})
    assert (await coach.post(moves, json={"to": "observed"})).status_code == 200
    body = await _refused(world, "POST", moves, {"to": "mastered", "drop_in_ids": []}, 422, "unprocessable")
    assert body["errors"][0]["field"] == "drop_in_ids" and "cite at least one drop-in" in body["detail"]
    unfocused = await coach.create(f"{base}/drop-ins", DROP_IN)
    body = await _refused(
        world, "POST", moves, {"to": "mastered", "drop_in_ids": [unfocused["id"]]}, 422, "unprocessable"
    )
    assert unfocused["id"] in body["detail"]
    mastered = await coach.post(moves, json={"to": "mastered", "drop_in_ids": [seen["id"]]})
    assert mastered.status_code == 200 and mastered.json()["status"] == "mastered"
    await _refused(world, "POST", moves, {"to": "active"}, 409, "coaching-step-transition")


async def test_a_second_active_step_over_the_limit_is_refused(world: World) -> None:
    base, step = await _cycle(world)
    body = await _refused(
        world, "POST", f"{base}/meetings", MEETING | {"set_step_id": world.step("R1.2")}, 409, "coaching-step-limit"
    )
    assert "at most 1 may be active" in body["detail"] and "master, revise or pause" in body["detail"]
    await _refused(
        world,
        "POST",
        f"{base}/assignments",
        {"step_id": world.step("R2.1"), "status": "active"},
        409,
        "coaching-step-limit",
    )
    coach = world.clients["coach"]
    proposed = await coach.create(f"{base}/assignments", {"step_id": world.step("R2.1")})
    assert proposed["status"] == "proposed"
    moves = f"/v1/coaching/assignments/{proposed['id']}/transitions"
    await _refused(world, "POST", moves, {"to": "active"}, 409, "coaching-step-limit")
    # Pausing the first step makes room; resuming it is then over the limit.
    assert (await coach.post(f"/v1/coaching/assignments/{step}/transitions", json={"to": "paused"})).status_code == 200
    assert (await coach.post(moves, json={"to": "active"})).status_code == 200
    await _refused(
        world, "POST", f"/v1/coaching/assignments/{step}/transitions", {"to": "active"}, 409, "coaching-step-limit"
    )


async def test_the_limit_counts_steps_across_the_coachees_relationships(world: World) -> None:
    await _cycle(world)
    second = await world.relationship(coach="other_coach")
    meeting = MEETING | {"set_step_id": world.step("Q1.1")}
    before = await snapshot(world)
    response = await world.clients["other_coach"].post(
        f"/v1/coaching/relationships/{second['id']}/meetings", json=meeting
    )
    problem(response, 409, "coaching-step-limit")
    assert await snapshot(world) == before


async def test_practice_and_observation_need_their_evidence(world: World) -> None:
    _, step = await _cycle(world)
    coach = world.clients["coach"]
    # Revised and set again, the step keeps the rehearsal logged when it was set; no drop-in saw it yet.
    moves = f"/v1/coaching/assignments/{step}/transitions"
    assert (await coach.post(moves, json={"to": "revised"})).status_code == 200
    assert (await coach.post(moves, json={"to": "active"})).status_code == 200
    assert (await coach.post(moves, json={"to": "practised"})).status_code == 200
    body = await _refused(world, "POST", moves, {"to": "observed"}, 422, "unprocessable")
    assert "record a drop-in with this assignment_id first" in body["detail"]


async def test_practised_needs_a_rehearsal(world: World) -> None:
    rel = await world.relationship()
    base = f"/v1/coaching/relationships/{rel['id']}"
    coach = world.clients["coach"]
    meeting = await coach.create(
        f"{base}/meetings", MEETING | {"rehearsal_rounds": 0, "set_step_id": world.step("R1.1")}
    )
    moves = f"/v1/coaching/assignments/{meeting['assignment_id']}/transitions"
    body = await _refused(world, "POST", moves, {"to": "practised"}, 422, "unprocessable")
    assert "rehearsal_rounds of 1 or more" in body["detail"]


async def test_relationship_moves_and_recording_need_an_active_relationship(world: World) -> None:
    rel = await world.relationship(start=False)
    base = f"/v1/coaching/relationships/{rel['id']}"
    lead = world.clients["lead"]
    await _refused(world, "POST", f"{base}/drop-ins", DROP_IN, 409, "coaching-relationship-not-active")
    before = await snapshot(world)
    problem(await lead.post(f"{base}/transitions", json={"to": "paused"}), 409, "coaching-relationship-transition")
    assert await snapshot(world) == before
    for to in ("active", "paused", "active", "closed"):
        response = await lead.post(f"{base}/transitions", json={"to": to})
        assert response.status_code == 200 and response.json()["status"] == to
    body = problem(
        await lead.post(f"{base}/transitions", json={"to": "active"}), 409, "coaching-relationship-transition"
    )
    assert "closed can move to nothing" in body["detail"]
    body = await _refused(world, "POST", f"{base}/meetings", MEETING, 409, "coaching-relationship-not-active")
    assert "it is closed" in body["detail"]


async def test_bad_meetings_are_refused(world: World) -> None:
    base, step = await _cycle(world)
    both = MEETING | {"set_step_id": world.step("R1.2"), "assignment_id": step}
    await _refused(world, "POST", f"{base}/meetings", both, 422, "unprocessable")
    early = MEETING | {"follow_up_on": "2026-09-01"}
    body = await _refused(world, "POST", f"{base}/meetings", early, 422, "unprocessable")
    assert body["errors"][0]["field"] == "follow_up_on"
    strand = world.library["strands"][0]["id"]
    body = await _refused(world, "POST", f"{base}/meetings", MEETING | {"set_step_id": strand}, 422, "unprocessable")
    assert body["errors"][0]["field"] == "set_step_id"
    await _refused(world, "POST", f"{base}/meetings", MEETING | {"minutes": 0}, 400, "invalid-request")
    await _refused(
        world, "POST", f"{base}/drop-ins", DROP_IN | {"observed_at": "2026-09-08T09:00:00"}, 400, "invalid-request"
    )
