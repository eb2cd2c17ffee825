"""Every committed change writes an event in the same transaction; a refused write writes none."""

from __future__ import annotations

from uuid import UUID

from litestar import Litestar
from sqlalchemy import select

from pl_api.domain.events.models import EventRecord
from tests.conftest import TenantClient


async def events_of(app: Litestar, api: TenantClient) -> list[tuple[str, str | None]]:
    async with app.state.sessions() as session:
        rows = await session.scalars(
            select(EventRecord).where(EventRecord.tenant_id == api.tenant_id).order_by(EventRecord.id)
        )
        return [(r.type, str(r.subject_id) if r.subject_id else None) for r in rows]


async def test_changes_write_events_in_order(app: Litestar, api: TenantClient) -> None:
    school = await api.create("/v1/schools", {"name": "Oakfield", "urn": "100200"})
    await api.patch(f"/v1/schools/{school['id']}", json={"name": "Oakfield Academy"})
    assert (await api.post("/v1/schools", json={"name": "Copy", "urn": "100200"})).status_code == 409
    await api.delete(f"/v1/schools/{school['id']}")
    assert await events_of(app, api) == [
        ("school.created", school["id"]),
        ("school.updated", school["id"]),
        ("school.deleted", school["id"]),
    ]


async def test_a_reflections_event_carries_no_text(app: Litestar, api: TenantClient) -> None:
    staff = await api.create("/v1/staff", {"given_name": "A", "family_name": "B", "email": "a@b.example"})
    reflection = await api.create("/v1/reflections", {"staff_id": staff["id"], "body": "Something personal"})
    async with app.state.sessions() as session:
        record = await session.scalar(select(EventRecord).where(EventRecord.subject_id == UUID(reflection["id"])))
    assert record is not None
    assert record.type == "reflection.created"
    assert "Something personal" not in str(record.data)
