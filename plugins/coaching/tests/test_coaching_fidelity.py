"""Fidelity for PD leads: cadence kept, rehearsal, days to mastery and continuity, per coach and school."""

from __future__ import annotations

from coaching_helpers import World


async def test_gaps_and_changes_of_skill_show(world: World) -> None:
    coach = world.clients["coach"]
    rel = await world.relationship()
    base = f"/v1/coaching/relationships/{rel['id']}"
    for day in ("07", "21"):  # the week of the 14th is missed
        await coach.create(f"{base}/drop-ins", {"observed_at": f"2026-09-{day}T09:00:00Z", "minutes": 15})
    first = await coach.create(
        f"{base}/meetings",
        {"held_at": "2026-09-07T15:00:00Z", "minutes": 30, "rehearsal_rounds": 2, "set_step_id": world.step("R1.1")},
    )
    moves = f"/v1/coaching/assignments/{first['assignment_id']}/transitions"
    assert (await coach.post(moves, json={"to": "paused"})).status_code == 200
    await coach.create(
        f"{base}/meetings",
        {"held_at": "2026-09-21T15:00:00Z", "minutes": 30, "set_step_id": world.step("Q1.1")},
    )
    second_coach = await world.relationship(coach="other_coach", coachee="other_coachee", start=False)
    report = await world.clients["lead"].get("/v1/coaching/fidelity", params={"from": "2026-09-01", "to": "2026-09-27"})
    assert report.status_code == 200, report.text
    coaches = {c["coach_staff_id"]: c for c in report.json()["coaches"]}
    mine = coaches[world.staff["coach"]]
    assert (mine["cadence_kept"], mine["rehearsal_share"], mine["step_continuity"]) == (0.667, 0.5, 0.0)
    assert (mine["steps_mastered"], mine["median_days_to_mastered"]) == (0, None)
    # A relationship still in setup is counted but has nothing to measure yet.
    theirs = coaches[second_coach["coach_staff_id"]]
    assert (theirs["relationships"], theirs["cadence_kept"], theirs["rehearsal_share"]) == (1, None, None)
    assert report.json()["schools"][0]["relationships"] == 2
    bad = await world.clients["lead"].get("/v1/coaching/fidelity", params={"from": "2026-09-27", "to": "2026-09-01"})
    # Each date is well formed; only together are they refused: 422, naming `to`.
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "to"
    too_long = await world.clients["lead"].get(
        "/v1/coaching/fidelity", params={"from": "2000-01-01", "to": "2026-01-01"}
    )
    assert too_long.status_code == 422 and "at most" in too_long.json()["detail"]
