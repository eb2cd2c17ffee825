"""Overdue follow-ups: reads show them, and `pl-api coaching check-overdue` announces each once."""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, datetime, timedelta
from uuid import UUID

from click.testing import CliRunner
from coaching_helpers import World
from pl_api_coaching.overdue import check_overdue
from pl_api_coaching.settings import CoachingSettings
from sqlalchemy import select

from pl_api.config import Settings
from pl_api.domain.events.models import EventRecord


async def _overdue_relationship(world: World) -> str:
    """An active relationship whose last meeting, ten days ago, set a follow-up three days ago."""
    rel = await world.relationship()
    held = (datetime.now(UTC) - timedelta(days=10)).replace(microsecond=0)
    body = {"held_at": held.isoformat(), "minutes": 20}
    meeting = await world.clients["coach"].create(f"/v1/coaching/relationships/{rel['id']}/meetings", body)
    assert meeting["follow_up_on"] == (held.date() + timedelta(days=7)).isoformat()
    return str(rel["id"])


async def _announced(world: World, relationship_id: str) -> int:
    async with world.app.state.sessions() as session:
        found = await session.scalars(
            select(EventRecord).where(
                EventRecord.tenant_id == world.api.tenant_id,
                EventRecord.type == "coaching.follow_up.overdue",
                EventRecord.subject_id == UUID(relationship_id),
            )
        )
        return len(list(found))


async def test_reads_show_an_overdue_follow_up_until_the_next_drop_in(world: World) -> None:
    rel_id = await _overdue_relationship(world)
    url = f"/v1/coaching/relationships/{rel_id}"
    shown = (await world.clients["coachee"].get(url)).json()
    assert shown["follow_up_overdue"] is True
    listed = (await world.clients["lead"].get("/v1/coaching/relationships", params={"status": "active"})).json()
    assert [r["follow_up_overdue"] for r in listed["items"]] == [True]
    drop_in = {"observed_at": datetime.now(UTC).replace(microsecond=0).isoformat(), "minutes": 10}
    await world.clients["coach"].create(f"{url}/drop-ins", drop_in)
    shown = (await world.clients["coachee"].get(url)).json()
    assert (shown["follow_up_overdue"], shown["follow_up_on"]) == (False, None)
    assert await _announced(world, rel_id) == 0  # reading never writes


async def test_the_check_announces_each_overdue_follow_up_once(world: World) -> None:
    rel_id = await _overdue_relationship(world)
    today = datetime.now(UTC).date()
    async with world.app.state.sessions() as session:
        assert await check_overdue(session, CoachingSettings(), today, world.api.tenant_id) == 1
    async with world.app.state.sessions() as session:
        assert await check_overdue(session, CoachingSettings(), today, world.api.tenant_id) == 0
    assert await _announced(world, rel_id) == 1


async def test_a_grace_period_delays_the_alert(world: World) -> None:
    await _overdue_relationship(world)
    today = datetime.now(UTC).date()
    async with world.app.state.sessions() as session:
        lenient = CoachingSettings(overdue_grace_days=5)
        assert await check_overdue(session, lenient, today, world.api.tenant_id) == 0
    async with world.app.state.sessions() as session:
        assert await check_overdue(session, lenient, today + timedelta(days=3), world.api.tenant_id) == 1


async def test_the_command_an_operator_schedules(world: World, pl_api_settings: Settings) -> None:
    from pl_api.cli import main

    rel_id = await _overdue_relationship(world)
    env = {"PL_API_DATABASE_URL": pl_api_settings.database.url, "PL_API_PLUGINS_ENABLED": "coaching"}
    result = await asyncio.to_thread(CliRunner().invoke, main, ["coaching", "check-overdue"], env=env)
    assert result.exit_code == 0, result.output
    assert re.fullmatch(r"[1-9][0-9]* overdue follow-up\(s\) announced\n", result.output)
    assert await _announced(world, rel_id) == 1
    again = await asyncio.to_thread(CliRunner().invoke, main, ["coaching", "check-overdue"], env=env)
    assert again.output == "0 overdue follow-up(s) announced\n"
    off = env | {"PL_API_PLUGINS_COACHING_ALERT_OVERDUE_FOLLOW_UPS": "false"}
    switched_off = await asyncio.to_thread(CliRunner().invoke, main, ["coaching", "check-overdue"], env=off)
    assert "switched off" in switched_off.output
