"""The fast paths answer exactly as the slow ones did: the lean read path, the credential cache, and SQLite's
writers queued at BEGIN IMMEDIATE (counted, never timed)."""

from __future__ import annotations

import asyncio
import gc
import time
import uuid
from datetime import UTC, date, datetime
from functools import partial
from typing import Any

import httpx
import msgspec
import pytest
from litestar import Litestar
from sqlalchemy import func, select

from pl_api.app import create_served_app
from pl_api.config import Settings
from pl_api.db.reads import PostgresReads, Reads, ReadStatement
from pl_api.db.tenant_scope import TenantScope
from pl_api.domain.access import visible_rows
from pl_api.domain.activities import schemas as activity_schemas
from pl_api.domain.activities.models import Activity
from pl_api.domain.activities.reads import lean_activity_page
from pl_api.domain.identity.cache import CredentialCache
from pl_api.domain.identity.principal import Grants, Principal
from pl_api.domain.records.reads import lean_record
from pl_api.domain.records.service import build_record
from pl_api.domain.staff.models import Staff
from pl_api.domain.staff.reads import staff_by_id
from pl_api.domain.tenants.models import ApiClient
from pl_api.http.pagination import PageRequest
from pl_api.http.problems import NotFound
from tests.conftest import TenantClient
from tests.integration.test_activities import activity_body
from tests.integration.test_frameworks_priorities_goals import framework_with
from tests.integration.test_staff import new_staff


def lean(app: Litestar) -> Reads:
    reads: Reads | None = app.state.reads
    assert reads is not None, "the suite's databases are files or servers, which the lean path serves"
    return reads


async def test_lean_staff_read_is_the_orm_read(app: Litestar, api: TenantClient, other_api: TenantClient) -> None:
    schools = [await api.create("/v1/schools", {"name": name}) for name in ("Oakfield", "Elm Park")]
    member = await api.create(
        "/v1/staff",
        {
            "given_name": "Ada",
            "family_name": "Byron",
            "email": "ada@oakfield.example",
            "trn": "1234567",
            "trust_roles": ["pd_lead"],
            "memberships": [{"school_id": s["id"], "roles": ["teacher", "coach"]} for s in schools],
        },
    )
    async with app.state.sessions() as session:
        fast = TenantScope(session, api.tenant_id, reads=lean(app))
        assert fast.lean_reads(Staff) is not None
        member_id = uuid.UUID(member["id"])
        from_lean = await staff_by_id(fast, member_id)
        from_orm = await staff_by_id(TenantScope(session, api.tenant_id), member_id)
    assert msgspec.to_builtins(from_lean) == msgspec.to_builtins(from_orm) == member
    answer = await api.get(f"/v1/staff/{member['id']}")
    assert answer.json() == member and answer.headers["etag"] == '"1"'
    async with app.state.sessions() as session:
        with pytest.raises(NotFound):  # another tenant's id is simply not there
            await staff_by_id(TenantScope(session, other_api.tenant_id, reads=lean(app)), member_id)
    assert (await other_api.get(f"/v1/staff/{member['id']}")).status_code == 404


async def test_lean_activity_pages_are_the_orm_pages(app: Litestar, api: TenantClient) -> None:
    school = await api.create("/v1/schools", {"name": "Oakfield"})
    priorities = [
        await api.create("/v1/priorities", {"title": f"P{n}", "academic_year": "2025/26", "school_id": school["id"]})
        for n in range(2)
    ]
    _framework, elements = await framework_with(api, "TS1", "TS2", "TS3")
    leader = await new_staff(api, "lead@oakfield.example")
    for n in range(5):
        await api.create(
            "/v1/activities",
            {
                "title": f"Session {n}",
                "kind": "inset_session",
                "stream": "whole_school",
                "starts_at": f"2025-10-0{n + 1}T09:00:00Z",
                "duration_minutes": 60,
                "school_id": school["id"],
                "priority_ids": [p["id"] for p in priorities[: n % 3]],
                "mechanisms": ["manage_cognitive_load"],
            },
        )
    await api.create(  # every field set, and text JSON must escape
        "/v1/activities",
        {
            "title": 'Quotes " and \\ back\\slashes, ünïcødé, 😀 </script>',
            "description": "Line one\nline two\t and a 'quote'",
            "kind": "inset_session",
            "stream": "individual",
            "starts_at": "2025-10-06T09:00:00.123456Z",
            "duration_minutes": 45,
            "location": "Hall — 2",
            "leader_staff_id": leader["id"],
            "element_ids": [e["id"] for e in reversed(elements)],
            "priority_ids": [p["id"] for p in reversed(priorities)],
            "mechanisms": ["manage_cognitive_load", "revisit_prior_learning"],
            "cost_pence": 12345,
            "status": "completed",
        },
    )
    after = None
    pages = 0
    while True:
        page = PageRequest(limit=2, after=after)
        async with app.state.sessions() as session:
            fast = await lean_activity_page(TenantScope(session, api.tenant_id, reads=lean(app)), page)
        async with app.state.sessions() as session:
            orm = TenantScope(session, api.tenant_id)
            rows, orm_cursor = await orm.page(orm.select(Activity), Activity, page)
            from_orm = [msgspec.convert(r, activity_schemas.Activity, from_attributes=True) for r in rows]
        assert fast is not None
        items, cursor = fast
        assert cursor == orm_cursor
        assert msgspec.to_builtins(items) == msgspec.to_builtins(from_orm)
        pages += 1
        if cursor is None:
            break
        after = items[-1].id
    assert pages == 3
    last = items[-1]
    assert last.title.startswith('Quotes "') and len(last.element_ids) == 3 and last.cost_pence == 12345
    listed = (await api.get("/v1/activities", params={"limit": 2})).json()
    assert [a["title"] for a in listed["items"]] == ["Session 0", "Session 1"]
    assert listed["items"][1]["priority_ids"] == [priorities[0]["id"]]
    assert len((await api.get("/v1/activities", params={"school_id": school["id"]})).json()["items"]) == 5


async def test_users_with_row_rules_keep_the_orm_path(app: Litestar, api: TenantClient) -> None:
    school = await api.create("/v1/schools", {"name": "Oakfield"})
    teacher = await api.create(
        "/v1/staff",
        {
            "given_name": "T",
            "family_name": "Eacher",
            "email": "t@o.example",
            "memberships": [{"school_id": school["id"]}],
        },
    )
    principal = Principal(tenant_id=api.tenant_id, client_id=uuid.uuid4(), scopes=frozenset({"*"}))
    async with app.state.sessions() as session:
        user = Principal(tenant_id=api.tenant_id, staff_id=teacher["id"], grants=Grants())
        scope = TenantScope(
            session, api.tenant_id, principal=user, visible=partial(visible_rows, user), reads=lean(app)
        )
        assert scope.lean_reads(Staff) is None
        client_scope = TenantScope(
            session, api.tenant_id, principal=principal, visible=partial(visible_rows, principal), reads=lean(app)
        )
        assert client_scope.lean_reads(Staff) is not None
        await session.execute(select(1))  # once the session has begun, the lean path could miss its changes
        assert client_scope.lean_reads(Staff) is None
    token = api.as_staff(app, teacher["id"])
    assert (await token.get(f"/v1/staff/{teacher['id']}")).json()["id"] == teacher["id"]


def test_the_cache_forgets_after_its_time_and_by_id() -> None:
    cache = CredentialCache(seconds=30)
    staff_id = uuid.uuid4()
    who = Principal(tenant_id=uuid.uuid4(), staff_id=staff_id)
    cache.put("secret", who)
    assert cache.get("secret") is who and cache.get("other") is None
    cache.evict({uuid.uuid4()})
    assert cache.get("secret") is who
    cache.evict({staff_id})
    assert cache.get("secret") is None
    cache.put("token", who, expires_at=time.time() - 1)  # an expired token is never remembered
    assert cache.get("token") is None
    assert CredentialCache(seconds=0).get("secret") is None


async def test_a_revoked_key_is_refused_at_once_in_process(app: Litestar, api: TenantClient) -> None:
    assert (await api.get("/v1/schools")).status_code == 200  # now remembered
    assert app.state.credentials.get(api.key) is not None
    async with app.state.sessions() as session:
        client = await session.scalar(select(ApiClient).where(ApiClient.tenant_id == api.tenant_id))
        assert client is not None
        client.revoked_at = datetime.now(UTC)
        await session.commit()
    assert app.state.credentials.get(api.key) is None
    assert (await api.get("/v1/schools")).status_code == 401


async def test_a_staff_member_who_left_is_refused_at_once(app: Litestar, api: TenantClient) -> None:
    school = await api.create("/v1/schools", {"name": "Oakfield"})
    member = await api.create(
        "/v1/staff",
        {
            "given_name": "L",
            "family_name": "Eaver",
            "email": "l@o.example",
            "memberships": [{"school_id": school["id"]}],
        },
    )
    user = api.as_staff(app, member["id"])
    assert (await user.get(f"/v1/staff/{member['id']}/record")).status_code == 200
    changed = await api.patch(f"/v1/staff/{member['id']}", json={"status": "left"}, headers={"If-Match": '"1"'})
    assert changed.status_code == 200
    assert (await user.get(f"/v1/staff/{member['id']}/record")).status_code == 401


async def test_a_changed_key_is_seen_after_the_cache_time(app: Litestar, api: TenantClient) -> None:
    """A change made elsewhere (another worker, SQL) reaches this worker when the entry expires."""
    assert (await api.get("/v1/schools")).status_code == 200
    cache: CredentialCache = app.state.credentials
    async with app.state.sessions() as session:
        client = await session.scalar(select(ApiClient).where(ApiClient.tenant_id == api.tenant_id))
        assert client is not None
        client.revoked_at = datetime.now(UTC)
        await session.commit()
    cache.put(api.key, Principal(tenant_id=api.tenant_id, client_id=client.id, scopes=frozenset({"*"})))
    assert (await api.get("/v1/schools")).status_code == 200  # as another worker would, until the entry expires
    cache.clear()  # what expiry does
    assert (await api.get("/v1/schools")).status_code == 401


async def test_concurrent_writers_lose_nothing(app: Litestar, http: httpx.AsyncClient, api: TenantClient) -> None:
    school = await api.create("/v1/schools", {"name": "Oakfield"})
    writers, each = 20, 5

    async def write(n: int) -> list[int]:
        statuses = []
        for i in range(each):
            body: dict[str, Any] = {
                "title": f"w{n}-{i}",
                "kind": "inset_session",
                "stream": "whole_school",
                "starts_at": "2025-10-01T09:00:00Z",
                "duration_minutes": 60,
                "school_id": school["id"],
            }
            statuses.append((await api.post("/v1/activities", json=body)).status_code)
        return statuses

    answers = [s for batch in await asyncio.gather(*(write(n) for n in range(writers))) for s in batch]
    assert answers == [201] * writers * each
    async with app.state.sessions() as session:
        stored = await session.scalar(select(func.count()).where(Activity.tenant_id == api.tenant_id))
    assert stored == writers * each


async def test_lean_record_is_the_orm_record(app: Litestar, api: TenantClient, other_api: TenantClient) -> None:
    teacher = await new_staff(api, "t@record.example")
    _, elements = await framework_with(api, "1", "2", "3")
    priorities = [await api.create("/v1/priorities", {"academic_year": "2026/27", "title": t}) for t in ("A", "B")]
    attend = [{"staff_id": teacher["id"], "status": "attended"}]
    for n, (starts_at, status) in enumerate(
        [
            ("2026-10-01T09:00:00Z", "completed"),
            ("2026-09-10T15:30:00Z", "completed"),
            ("2026-11-02T09:00:00Z", "cancelled"),
        ]
    ):
        await api.create(
            "/v1/activities",
            activity_body(
                starts_at=starts_at,
                status=status,
                participants=[{**attend[0], "minutes_credited": 30 + n}],
                priority_ids=[p["id"] for p in priorities[: n + 1]],
                element_ids=[e["id"] for e in reversed(elements[: n + 2])],
            ),
        )
    await api.create("/v1/activities", activity_body(starts_at="2025-06-01T09:00:00Z", participants=attend))
    goal_elements = [elements[2]["id"], elements[0]["id"]]
    await api.create("/v1/goals", {"staff_id": teacher["id"], "title": "Questioning", "element_ids": goal_elements})
    await api.create("/v1/goals", {"staff_id": teacher["id"], "title": "Old", "status": "dropped"})
    for visibility in ("private", "leaders", "team"):
        body = {"staff_id": teacher["id"], "body": visibility, "visibility": visibility}
        await api.create("/v1/reflections", {**body, "written_at": "2026-10-08T20:00:00Z"})
    client = Principal(tenant_id=api.tenant_id, client_id=uuid.uuid4(), scopes=frozenset({"*"}))
    staff_id, year = uuid.UUID(teacher["id"]), (date(2026, 9, 1), date(2027, 8, 31))
    plugins = app.state.plugin_host
    async with app.state.sessions() as session:
        visible = partial(visible_rows, client)
        fast = TenantScope(session, api.tenant_id, principal=client, visible=visible, reads=lean(app))
        assert lean_record(fast) is not None
        from_lean = await build_record(fast, client, plugins, staff_id, *year)
    async with app.state.sessions() as session:
        orm = TenantScope(session, api.tenant_id, principal=client, visible=partial(visible_rows, client))
        assert lean_record(orm) is None
        from_orm = await build_record(orm, client, plugins, staff_id, *year)
    assert msgspec.to_builtins(from_lean) == msgspec.to_builtins(from_orm)
    record = await api.get(f"/v1/staff/{teacher['id']}/record", params={"from": "2026-09-01", "to": "2027-08-31"})
    assert record.json() == msgspec.to_builtins(from_orm)
    assert [a["minutes_credited"] for a in record.json()["activities"]] == [31, 30]
    assert record.json()["goals"][0]["element_ids"] == sorted(goal_elements)
    assert [r["body"] for r in record.json()["reflections"]] == ["leaders"]  # clients see only those shared
    by_priority = record.json()["totals"]["by_priority"]
    assert [(p["title"], p["minutes"]) for p in by_priority] == [("A", 61), ("B", 31)]
    assert (await other_api.get(f"/v1/staff/{teacher['id']}/record")).status_code == 404


def test_the_served_app_freezes_what_start_up_built(migrated_settings: Settings) -> None:
    """A worker's start-up objects leave the collector's reach, so no full collection walks them mid-request."""
    before = gc.get_freeze_count()
    try:
        app = create_served_app(migrated_settings)
        assert gc.get_freeze_count() - before > 10_000
        assert any(route.path == "/health/live" for route in app.routes)
    finally:
        gc.unfreeze()


async def test_requests_arriving_together_verify_a_credential_once() -> None:
    cache = CredentialCache(seconds=30)
    who = Principal(tenant_id=uuid.uuid4(), client_id=uuid.uuid4(), scopes=frozenset({"*"}))
    calls, answer = 0, asyncio.Event()

    async def verify() -> tuple[Principal, float | None]:
        nonlocal calls
        calls += 1
        await answer.wait()
        return who, None

    waiting = [asyncio.create_task(cache.verify("secret", verify)) for _ in range(20)]
    await asyncio.sleep(0)
    waiting[0].cancel()  # a caller going away does not cancel the verification the others wait for
    answer.set()
    assert [await w for w in waiting[1:]] == [who] * 19
    assert calls == 1 and cache.get("secret") is who

    async def refuse() -> tuple[Principal, float | None]:
        raise NotFound("no such key")

    failures = await asyncio.gather(*(cache.verify("wrong", refuse) for _ in range(3)), return_exceptions=True)
    assert all(isinstance(f, NotFound) for f in failures) and cache.get("wrong") is None
    off = CredentialCache(seconds=0)
    await asyncio.gather(off.verify("secret", verify), off.verify("secret", verify))
    assert calls == 3  # with the cache off, every request verifies on its own


async def test_lean_postgres_sessions_plan_for_the_values_given_in_utc(app: Litestar, api: TenantClient) -> None:
    reads = lean(app)
    if not isinstance(reads, PostgresReads):
        pytest.skip("plan caching and session time zones are PostgreSQL's")
    settings = ReadStatement(
        lambda: select(
            func.current_setting("plan_cache_mode").label("plans"), func.current_setting("TimeZone").label("zone")
        )
    )
    for _ in range(8):  # more than the five runs after which PostgreSQL would weigh a generic plan
        ((found,),) = await reads.fetch(api.tenant_id, (settings, {}))
        assert found == {"plans": "force_custom_plan", "zone": "UTC"}
