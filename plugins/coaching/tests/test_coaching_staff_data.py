"""A staff member's coaching data: all of it in their export; their notes blanked when they are erased
(``POST /v1/staff/{id}/erase`` calls the plugin's ``erase_staff_data``)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from coaching_helpers import NOTE, World, coached


async def _export(world: World, name: str) -> dict[str, Any]:
    async with world.app.state.sessions() as session:
        sections = await world.app.state.plugin_host.export_sections(
            session, world.api.tenant_id, UUID(world.staff[name])
        )
    coaching: dict[str, Any] = sections["coaching"]
    return coaching


async def test_the_export_holds_everything_including_notes(world: World) -> None:
    ids = await coached(world)
    for name in ("coach", "coachee"):
        export = await _export(world, name)
        assert [r["id"] for r in export["relationships"]] == [ids["rel"]]
        assert [d["evidence"] for d in export["drop_ins"]] == [NOTE]
        assert [m["praise"] for m in export["meetings"]] == [NOTE]
        assert [s["status"] for s in export["step_assignments"]] == ["mastered"]
    assert await _export(world, "other_coach") == {
        "relationships": [],
        "drop_ins": [],
        "meetings": [],
        "step_assignments": [],
    }


async def test_erasing_blanks_the_notes_and_keeps_the_record(world: World) -> None:
    ids = await coached(world)
    other = await world.relationship(coach="other_coach", coachee="other_coachee")
    kept = await world.clients["other_coach"].create(
        f"/v1/coaching/relationships/{other['id']}/drop-ins",
        {"observed_at": "2026-09-08T09:00:00Z", "minutes": 10, "evidence": "Someone else's note."},
    )
    erased = await world.api.post(f"/v1/staff/{world.staff['coachee']}/erase")
    assert erased.status_code == 200, erased.text
    assert erased.json()["plugins"]["coaching"] == 3  # one drop-in, one meeting, one step assignment
    export = await _export(world, "coach")
    assert export["drop_ins"][0]["evidence"] is None and export["drop_ins"][0]["minutes"] == 20
    assert export["meetings"][0]["praise"] is None
    assert export["step_assignments"][0]["status"] == "mastered"
    coach = world.clients["coach"]
    assert (await coach.get(f"/v1/coaching/meetings/{ids['meeting']}")).json()["praise"] is None
    untouched = await world.clients["other_coach"].get(f"/v1/coaching/drop-ins/{kept['id']}")
    assert untouched.json()["evidence"] == "Someone else's note."
    record = await world.clients["lead"].get(
        f"/v1/staff/{world.staff['coachee']}/record", params={"from": "2026-09-01", "to": "2026-12-31"}
    )
    assert record.json()["totals"]["minutes"] == 50
