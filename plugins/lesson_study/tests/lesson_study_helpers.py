"""Helpers of the lesson study plugin's tests: a world of staff, a study brought to a stage, snapshots."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from litestar import Litestar

from pl_api.testing import TenantClient

KEY = "test-only-key-0123456789abcdefghijklmnop"
FOCUS = "We want to learn how to improve the way we teach equivalent fractions to Year 5"
PUPILS = [("Pupil A", "higher"), ("Pupil B", "middle"), ("Pupil C", "lower")]


@dataclass
class World:
    """A tenant with a school, a PD lead, four teachers (ana, ben, cat in studies; outsider) and a coach."""

    app: Litestar
    api: TenantClient
    school_id: str
    staff: dict[str, str]
    clients: dict[str, TenantClient]

    async def person(self, name: str, roles: list[str]) -> TenantClient:
        body = {
            "given_name": name.title(),
            "family_name": "Test",
            "email": f"{name}-{uuid.uuid4().hex[:6]}@school.example",
            "memberships": [{"school_id": self.school_id, "roles": roles}],
        }
        staff = await self.api.create("/v1/staff", body)
        self.staff[name] = staff["id"]
        self.clients[name] = self.api.as_staff(self.app, staff["id"])
        return self.clients[name]

    async def study(self, stage: str = "forming") -> dict[str, Any]:
        """A study of ana, ben and cat with a coach, brought to ``stage`` (forming, focus_agreed,
        case_pupils_chosen); ``case_pupils`` holds the pupils' ids once chosen."""
        body = {
            "school_id": self.school_id,
            "title": "Fractions in Year 5",
            "member_staff_ids": [self.staff[n] for n in ("ana", "ben", "cat")],
            "coach_staff_id": self.staff["coach"],
            "focus": FOCUS,
            "approach": "Bar models before symbols",
        }
        study = await self.clients["ana"].create("/v1/lesson-study/studies", body)
        base = f"/v1/lesson-study/studies/{study['id']}"
        if stage == "forming":
            return study
        study = await ok(await self.clients["ana"].post(f"{base}/transitions", json={"to": "focus_agreed"}))
        if stage == "focus_agreed":
            return study
        pupils = [
            await self.clients["ben"].create(f"{base}/case-pupils", {"pseudonym": p, "typifies": t}) for p, t in PUPILS
        ]
        study = await ok(await self.clients["ana"].post(f"{base}/transitions", json={"to": "case_pupils_chosen"}))
        return study | {"case_pupils": [p["id"] for p in pupils]}

    def lesson_body(self, study: dict[str, Any], **extra: Any) -> dict[str, Any]:
        return {
            "teacher_staff_id": self.staff["ana"],
            "class_ref": "5B",
            "planned_for": "2026-10-05",
            "plan": "Fold paper strips, then draw bar models, then write the fractions.",
            "predictions": [
                {"case_pupil_id": p, "prediction": "Will see halves = quarters."} for p in study["case_pupils"]
            ],
        } | extra


async def ok(response: Any, status: int = 200) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    return body


async def snapshot(world: World) -> dict[str, list[tuple[str, ...]]]:
    """Every row of the tenant in the plugin's tables, activities, participations and events: equal before
    and after a refused request when nothing was written."""
    from sqlalchemy import select

    from pl_api.plugin import Base

    tables = [
        t
        for name, t in Base.metadata.tables.items()
        if name.startswith("lesson_study_") or name in ("activities", "participations", "events")
    ]
    result: dict[str, list[tuple[str, ...]]] = {}
    async with world.app.state.sessions() as session:
        for table in tables:
            rows = await session.execute(select(table).where(table.c.tenant_id == world.api.tenant_id))
            result[table.name] = sorted(tuple(str(v) for v in r) for r in rows)
    return result


def problem(response: Any, status: int, type_: str) -> dict[str, Any]:
    """The response is a problem of ``status`` and type ``urn:pl-api:problem:<type_>``."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert body["type"] == f"urn:pl-api:problem:{type_}", body
    return body
