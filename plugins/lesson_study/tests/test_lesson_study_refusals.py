"""Every out-of-order step, and every attempt to store a pupil's name or MIS identifier in clear, is a clear
4xx problem, and nothing is written."""

from __future__ import annotations

from typing import Any

import pytest
from lesson_study_helpers import KEY, World, ok, problem, snapshot


async def _refused(
    world: World, method: str, url: str, body: Any, status: int, type_: str, who: str = "ana"
) -> dict[str, Any]:
    before = await snapshot(world)
    found = problem(await world.clients[who].request(method, url, json=body), status, type_)
    assert await snapshot(world) == before
    return found


@pytest.mark.parametrize(
    "name",
    ["Jamie", "Jamie S", "J. Smith", "jamie smith", "Pupil Jamie", "A123456789012", "Pupil a", "P100", "Kappa Smith"],
)
async def test_a_pupils_name_is_refused(world: World, name: str) -> None:
    study = await world.study("focus_agreed")
    url = f"/v1/lesson-study/studies/{study['id']}/case-pupils"
    body = await _refused(world, "POST", url, {"pseudonym": name, "typifies": "middle"}, 422, "unprocessable")
    assert body["errors"][0]["field"] == "pseudonym" and "never named" in body["detail"]


async def test_safe_pseudonyms_pass_and_the_mis_reference_is_kept_only_as_a_keyed_hash(world: World) -> None:
    study = await world.study("focus_agreed")
    url = f"/v1/lesson-study/studies/{study['id']}/case-pupils"
    ana = world.clients["ana"]
    pupil = await ana.create(url, {"pseudonym": "P1", "typifies": "other", "mis_reference": "A123456789012"})
    assert pupil["has_mis_reference"] is True and "A123456789012" not in str(pupil)
    assert (await ana.create(url, {"pseudonym": "Pupil B2", "typifies": "middle"}))["pseudonym"] == "Pupil B2"
    async with world.app.state.sessions() as session:
        from sqlalchemy import text

        rows = list(await session.execute(text("SELECT * FROM lesson_study_case_pupils")))
    assert rows and "A123456789012" not in str(rows) and KEY not in str(rows)
    # The same pupil (same MIS reference) is recognised by its hash and refused a second time.
    again = {"pseudonym": "P2", "typifies": "middle", "mis_reference": " a123456789012 "}
    body = await _refused(world, "POST", url, again, 422, "unprocessable")
    assert body["errors"][0]["field"] == "mis_reference"
    await _refused(world, "POST", url, {"pseudonym": "P1", "typifies": "lower"}, 422, "unprocessable")
    assert (await ana.create(url, {"pseudonym": "Gamma", "typifies": "lower"}))["has_mis_reference"] is False
    await _refused(world, "POST", url, {"pseudonym": "Delta", "typifies": "lower"}, 409, "conflict")


async def test_out_of_order_study_moves_are_refused(world: World) -> None:
    study = await world.study("forming")
    base = f"/v1/lesson-study/studies/{study['id']}"
    moves = f"{base}/transitions"
    body = await _refused(world, "POST", moves, {"to": "sharing"}, 409, "lesson-study-transition")
    assert "forming moves to focus_agreed" in body["detail"]
    pupil = {"pseudonym": "P1", "typifies": "higher"}
    await _refused(world, "POST", f"{base}/case-pupils", pupil, 409, "lesson-study-stage")
    await _refused(
        world, "POST", f"{base}/lessons", {**world.lesson_body({"case_pupils": []})}, 409, "lesson-study-stage"
    )
    await ok(await world.clients["ana"].patch(base, json={"approach": None}))
    body = await _refused(world, "POST", moves, {"to": "focus_agreed"}, 409, "lesson-study-transition")
    assert "approach" in body["detail"]
    await ok(await world.clients["ana"].patch(base, json={"approach": "Bar models"}))
    await ok(await world.clients["ana"].post(moves, json={"to": "focus_agreed"}))
    await _refused(world, "PATCH", base, {"focus": "Something else"}, 409, "lesson-study-stage")
    body = await _refused(world, "POST", moves, {"to": "case_pupils_chosen"}, 409, "lesson-study-transition")
    assert "3 case pupils and this one has 0" in body["detail"]
    await _refused(world, "POST", moves, {"to": "lessons"}, 409, "lesson-study-transition")


async def test_out_of_order_lesson_steps_are_refused(world: World) -> None:
    study = await world.study("case_pupils_chosen")
    base = f"/v1/lesson-study/studies/{study['id']}"
    ana, pupils = world.clients["ana"], study["case_pupils"]
    partial = world.lesson_body(study, predictions=[{"case_pupil_id": pupils[0], "prediction": "x"}])
    body = await _refused(world, "POST", f"{base}/lessons", partial, 422, "unprocessable")
    assert body["errors"][0]["field"] == "predictions" and "Pupil B, Pupil C" in body["detail"]
    lesson = await ana.create(f"{base}/lessons", world.lesson_body(study))
    url = f"/v1/lesson-study/lessons/{lesson['id']}"
    note = {"case_pupil_id": pupils[0], "notes": "Seen."}
    await _refused(world, "POST", f"{url}/observations", note, 409, "lesson-study-lesson-stage")
    await _refused(world, "POST", f"{url}/interviews", note, 409, "lesson-study-lesson-stage")
    talk = {
        "held_at": "2026-10-05T15:00:00Z",
        "minutes": 30,
        "pupil_records": [
            {"case_pupil_id": p, "progress": "ok", "against_prediction": "as_predicted", "enough": True} for p in pupils
        ],
        "revisions": "More strips.",
    }
    await _refused(world, "PUT", f"{url}/discussion", talk, 409, "lesson-study-lesson-stage")
    await _refused(world, "POST", f"{base}/lessons", world.lesson_body(study), 409, "lesson-study-stage")
    await ok(await ana.post(f"{url}/taught", json={"taught_at": "2026-10-05T09:00:00Z", "minutes": 50}))
    await _refused(
        world,
        "POST",
        f"{url}/taught",
        {"taught_at": "2026-10-05T09:00:00Z", "minutes": 50},
        409,
        "lesson-study-lesson-stage",
    )
    body = await _refused(world, "PUT", f"{url}/discussion", talk, 409, "lesson-study-lesson-stage")
    assert "interview the case pupils first" in body["detail"]
    await ana.create(f"{url}/observations", note)
    await _refused(world, "POST", f"{url}/observations", note, 409, "conflict")
    await ana.create(f"{url}/interviews", note)
    missing = talk | {"pupil_records": talk["pupil_records"][:2]}
    body = await _refused(world, "PUT", f"{url}/discussion", missing, 422, "unprocessable")
    assert body["errors"][0]["field"] == "pupil_records" and "Pupil C" in body["detail"]
    saved = await ok(await ana.put(f"{url}/discussion", json=talk), 201)
    await _refused(world, "PUT", f"{url}/discussion", talk, 409, "lesson-study-lesson-stage")
    # The next plan must cite the previous discussion and its revisions.
    body = await _refused(world, "POST", f"{base}/lessons", world.lesson_body(study), 422, "unprocessable")
    assert body["errors"][0]["field"] == "cites_discussion_id"
    cited = world.lesson_body(study, cites_discussion_id=saved["id"])
    body = await _refused(world, "POST", f"{base}/lessons", cited, 422, "unprocessable")
    assert body["errors"][0]["field"] == "revisions_applied"
    # Sharing needs two discussed lessons; outputs need sharing.
    body = await _refused(world, "POST", f"{base}/transitions", {"to": "sharing"}, 409, "lesson-study-transition")
    assert "1 of 1 are discussed" in body["detail"]
    output = {"kind": "presentation", "title": "Slides", "shared_on": "2026-11-01"}
    await _refused(world, "POST", f"{base}/outputs", output, 409, "lesson-study-stage")


async def test_bad_input_is_refused(world: World) -> None:
    body = {
        "school_id": world.school_id,
        "title": "Too small",
        "member_staff_ids": [world.staff["ana"]],
    }
    found = await _refused(world, "POST", "/v1/lesson-study/studies", body, 422, "unprocessable")
    assert found["errors"][0]["field"] == "member_staff_ids" and "2 to 4" in found["detail"]
    study = await world.study("forming")
    evidence = {"evidence": [{"title": "x", "url": "javascript:alert(1)"}]}
    problem(
        await world.clients["ana"].patch(f"/v1/lesson-study/studies/{study['id']}", json=evidence),
        400,
        "invalid-request",
    )
