"""Coaching in the staff portfolio: the steps mastered, with the coachee's consent, and never a note, even once
the coachee has shared the notes themselves."""

from __future__ import annotations

from coaching_helpers import NOTE, World, coached

PERIOD = {"from": "2026-09-01", "to": "2026-12-31"}


async def test_the_portfolio_shows_mastered_steps_only_with_consent_and_never_the_notes(world: World) -> None:
    ids = await coached(world)
    coachee_id = world.staff["coachee"]
    url = f"/v1/staff/{coachee_id}/portfolio"
    readers = (world.clients["lead"], world.clients["coachee"], world.api)
    for reader in readers:
        portfolio = await reader.get(url, params=PERIOD)
        assert portfolio.status_code == 200, portfolio.text
        assert portfolio.json()["plugins"] == [] and NOTE not in portfolio.text
    consent = {"notes_shared": True, "record_shared": True}
    assert (await world.clients["coachee"].put(f"{ids['base']}/sharing", json=consent)).status_code == 200
    for reader in readers:
        portfolio = (await reader.get(url, params=PERIOD)).json()
        [coaching] = portfolio["plugins"]
        assert (coaching["slug"], coaching["name"]) == ("coaching", "Instructional coaching")
        assert [s["code"] for s in coaching["content"]["steps_mastered"]] == ["R1.1"]
        assert NOTE not in str(portfolio)
        page = (
            await reader.get(
                url,
                params=PERIOD | {"include_unshared": "true"} if reader is readers[1] else PERIOD,
                headers={"Accept": "text/html"},
            )
        ).text
        assert "<h3>Instructional coaching</h3>" in page
        assert "Greet at the door" in page and "Steps mastered" in page
        assert NOTE not in page
    # The coaching meetings and drop-ins still count as learning, as activities.
    assert (await world.clients["lead"].get(url, params=PERIOD)).json()["learning"]["minutes"] == 50
