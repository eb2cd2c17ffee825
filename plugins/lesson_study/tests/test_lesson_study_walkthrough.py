"""The issue's walk-through, through HTTP only: three case pupils, two research lessons with predictions,
observations, interviews, discussions and revisions, then sharing; the members' CPD records show the minutes."""

from __future__ import annotations

from typing import Any

from lesson_study_helpers import World, ok


async def test_a_whole_study_from_forming_to_complete(world: World) -> None:
    ana, ben, cat, lead = (world.clients[n] for n in ("ana", "ben", "cat", "lead"))
    study = await world.study("case_pupils_chosen")
    assert study["status"] == "case_pupils_chosen"
    base = f"/v1/lesson-study/studies/{study['id']}"
    pupils = study["case_pupils"]
    listed = await ok(await cat.get(f"{base}/case-pupils"))
    assert [(p["pseudonym"], p["typifies"]) for p in listed["items"]] == [
        ("Pupil A", "higher"), ("Pupil B", "middle"), ("Pupil C", "lower")
    ]  # fmt: skip

    await ana.create(f"{base}/planning-sessions", {"held_at": "2026-09-28T15:30:00Z", "minutes": 60, "notes": "Plan 1"})
    first = await ana.create(f"{base}/lessons", world.lesson_body(study))
    assert first["number"] == 1 and first["status"] == "planning"
    assert (await ok(await ana.get(base)))["status"] == "lessons"

    async def run_lesson(lesson: dict[str, Any], day: str, revisions: str) -> dict[str, Any]:
        url = f"/v1/lesson-study/lessons/{lesson['id']}"
        taught = await ok(
            await ana.post(f"{url}/taught", json={"taught_at": f"2026-10-{day}T09:00:00Z", "minutes": 50})
        )
        assert taught["status"] == "taught"
        for observer in (ben, cat):
            for pupil in pupils:
                await observer.create(f"{url}/observations", {"case_pupil_id": pupil, "notes": "Drew the bar first."})
        for pupil, asker in zip(pupils, (ben, cat, ana), strict=True):
            await asker.create(f"{url}/interviews", {"case_pupil_id": pupil, "notes": "Said the strips helped."})
        assert (await ok(await ana.get(url)))["status"] == "interviewed"
        discussion = {
            "held_at": f"2026-10-{day}T15:30:00Z",
            "minutes": 45,
            "pupil_records": [
                {"case_pupil_id": p, "progress": "Matched halves to quarters.", "against_prediction": a, "enough": e}
                for p, a, e in zip(pupils, ("as_predicted", "exceeded", "below"), (True, True, False), strict=True)
            ],
            "class_notes": "Most of the class used the strips well.",
            "learning": [
                {"staff_id": world.staff[n], "learned": f"{n} learned to wait."} for n in ("ana", "ben", "cat")
            ],
            "revisions": revisions,
        }
        saved = await ok(await ben.put(f"{url}/discussion", json=discussion), 201)
        assert (await ok(await ana.get(url)))["status"] == "discussed"
        return saved

    first_talk = await run_lesson(first, "05", "Give Pupil C a strip set before the lesson starts.")
    await ana.create(f"{base}/planning-sessions", {"held_at": "2026-10-08T15:30:00Z", "minutes": 30})
    second_body = world.lesson_body(
        study,
        teacher_staff_id=world.staff["ben"],
        class_ref="5C",
        planned_for="2026-10-12",
        cites_discussion_id=first_talk["id"],
        revisions_applied="Strip sets handed out at the door.",
    )
    second = await ben.create(f"{base}/lessons", second_body)
    assert second["number"] == 2 and second["cites_discussion_id"] == first_talk["id"]
    await run_lesson(second, "12", "Share the strip routine with the department.")

    assert (await ok(await cat.post(f"{base}/transitions", json={"to": "sharing"})))["status"] == "sharing"
    output = {
        "kind": "staff_briefing",
        "title": "Bar models",
        "url": "https://example.org/b",
        "shared_on": "2026-11-02",
    }
    await cat.create(f"{base}/outputs", output)
    assert (await ok(await cat.post(f"{base}/transitions", json={"to": "complete"})))["status"] == "complete"

    report = await ok(await ana.get(f"{base}/report"))
    assert report["includes_case_pupil_data"] is True and len(report["lessons"]) == 2
    assert report["lessons"][1]["revisions_applied"] == "Strip sets handed out at the door."
    assert [p["pseudonym"] for p in report["lessons"][0]["discussion"]["case_pupils"]] == [
        "Pupil A",
        "Pupil B",
        "Pupil C",
    ]
    assert report["lessons"][0]["teacher"] == "Ana Test"
    markdown = await ana.get(f"{base}/report/markdown")
    assert markdown.status_code == 200 and markdown.headers["content-type"].startswith("text/markdown")
    assert "### Research lesson 2" in markdown.text and "*Pupil C*" in markdown.text
    page = await ana.get(f"{base}/report/html")
    assert page.status_code == 200 and "<h3>Research lesson 1</h3>" in page.text

    # Every member's CPD record: two planning sessions (90), two lessons (100), two discussions (90).
    period = {"from": "2026-09-01", "to": "2026-12-31"}
    expected = {"lesson_study.planning_session": 90, "lesson_study.research_lesson": 100, "lesson_study.discussion": 90}
    for name in ("ana", "ben", "cat", "coach"):
        record = await ok(await lead.get(f"/v1/staff/{world.staff[name]}/record", params=period))
        assert record["totals"]["by_kind"] == expected, name
        assert record["totals"]["by_stream"] == {"team": 280}
        assert record["plugins"]["lesson_study"]["studies"][0]["status"] == "complete"
        assert "Pupil" not in str(record)
    outsider = await ok(await lead.get(f"/v1/staff/{world.staff['outsider']}/record", params=period))
    assert outsider["totals"]["minutes"] == 0
