"""The issue's walk-through, through HTTP only: import a library, start a relationship, four weekly
cycles, one step mastered and one revised; both CPD records show the minutes and the mastered step."""

from __future__ import annotations

from typing import Any

from coaching_helpers import World
from sqlalchemy import select

from pl_api.domain.events.models import EventRecord


async def _ok(response: Any, status: int = 200) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_four_weekly_cycles_end_in_both_records(world: World) -> None:
    coach, coachee, lead = world.clients["coach"], world.clients["coachee"], world.clients["lead"]
    rel = await world.relationship()
    assert rel["status"] == "active" and rel["cadence_days"] == 7
    base = f"/v1/coaching/relationships/{rel['id']}"

    async def move(assignment_id: str, to: str, **extra: Any) -> dict[str, Any]:
        body = {"to": to, **extra}
        return await _ok(await coach.post(f"/v1/coaching/assignments/{assignment_id}/transitions", json=body))

    async def drop_in(day: str, focus: str | None = None) -> dict[str, Any]:
        body = {"observed_at": f"2026-09-{day}T09:00:00Z", "minutes": 15, "evidence": "Pupils waited at the door."}
        return await coach.create(f"{base}/drop-ins", body | ({"assignment_id": focus} if focus else {}))

    async def meeting(day: str, rounds: int, **step: str) -> dict[str, Any]:
        body = {
            "held_at": f"2026-09-{day}T15:30:00Z",
            "minutes": 30,
            "praise": "Clear routine at the start.",
            "probe": "What did the back row do while you waited?",
            "model_notes": "Modelled standing still at the front.",
            "rehearsal_rounds": rounds,
            "plan": "Use it with 9X2 on Tuesday.",
        }
        return await coach.create(f"{base}/meetings", body | step)

    # Week 1: a first drop-in, then a meeting that sets the first step, rehearsed twice.
    await drop_in("07")
    first = await meeting("07", 2, set_step_id=world.step("R1.1"))
    assert first["step_outcome"] == "set" and first["follow_up_on"] == "2026-09-14"
    step_a = first["assignment_id"]
    assert (await move(step_a, "practised"))["status"] == "practised"

    # Week 2: the step seen in class, continued, and mastered on the evidence of that drop-in.
    seen = await drop_in("14", step_a)
    assert (await move(step_a, "observed"))["status"] == "observed"
    await meeting("14", 1, assignment_id=step_a)
    mastered = await move(step_a, "mastered", drop_in_ids=[seen["id"]], at="2026-09-14T16:00:00Z")
    assert mastered["status"] == "mastered" and mastered["evidence_drop_in_ids"] == [seen["id"]]

    # Week 3: the next step in the same skill, rehearsed.
    await drop_in("21")
    third = await meeting("21", 2, set_step_id=world.step("R1.2"))
    step_b = third["assignment_id"]
    await move(step_b, "practised")

    # Week 4: it does not land in class, so the coach revises it and sets it again.
    await drop_in("28", step_b)
    revised = await move(step_b, "revised", revision="Do Now on desks before the bell, not on the board.")
    assert revised["status"] == "revised"
    assert (await move(step_b, "active"))["status"] == "active"
    await meeting("28", 1, assignment_id=step_b)

    steps = await _ok(await coachee.get(f"{base}/assignments"))
    assert {s["id"]: s["status"] for s in steps["items"]} == {step_a: "mastered", step_b: "active"}

    # The coachee consents to mastered steps appearing in their record.
    shared = await coachee.put(f"{base}/sharing", json={"notes_shared": False, "record_shared": True})
    await _ok(shared)

    period = {"from": "2026-09-01", "to": "2026-12-31"}
    for name in ("coachee", "coach"):
        record = await _ok(await lead.get(f"/v1/staff/{world.staff[name]}/record", params=period))
        assert record["totals"]["by_kind"] == {"coaching.drop_in": 60, "coaching.feedback_meeting": 120}
        assert record["totals"]["by_stream"] == {"individual": 180}
        assert len(record["activities"]) == 8
    coachee_record = await _ok(await lead.get(f"/v1/staff/{world.staff['coachee']}/record", params=period))
    mastered_steps = coachee_record["plugins"]["coaching"]["steps_mastered"]
    assert [(s["code"], s["title"], s["library"]) for s in mastered_steps] == [
        ("R1.1", "Greet at the door", "Get Better Faster")
    ]
    coach_record = await _ok(await coach.get(f"/v1/staff/{world.staff['coach']}/record", params=period))
    assert coach_record["plugins"]["coaching"] == {"steps_mastered": [], "steps_mastered_by_coachees": 1}
    assert "Pupils waited" not in str(coachee_record) and "back row" not in str(coachee_record)

    # The PD lead's fidelity view: every week kept, every meeting rehearsed, a week to mastery, one skill.
    report = await _ok(await lead.get("/v1/coaching/fidelity", params={"from": "2026-09-01", "to": "2026-09-30"}))
    expected = {
        "relationships": 1,
        "drop_ins": 4,
        "meetings": 4,
        "steps_mastered": 1,
        "cadence_kept": 1.0,
        "rehearsal_share": 1.0,
        "median_days_to_mastered": 7.0,
        "step_continuity": 1.0,
    }
    assert report["coaches"] == [expected | {"coach_staff_id": world.staff["coach"], "school_id": world.school_id}]
    assert report["schools"] == [expected | {"school_id": world.school_id}]

    # Events: two steps set, one mastered.
    async with world.app.state.sessions() as session:
        types = list(
            await session.scalars(
                select(EventRecord.type).where(
                    EventRecord.tenant_id == world.api.tenant_id, EventRecord.type.like("coaching.step.%")
                )
            )
        )
    assert sorted(types) == ["coaching.step.mastered", "coaching.step.set", "coaching.step.set"]
