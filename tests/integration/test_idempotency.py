"""``Idempotency-Key`` on POST: a retry gets the first answer back, never a second row; the same key with
another request is a 422; a failed first attempt does not use up the key; keys expire and can be forgotten."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from litestar import Litestar
from sqlalchemy import func, select, update

from pl_api.app import create_app
from pl_api.config import DatabaseSettings, PluginsSettings, Settings
from pl_api.db import migrate
from pl_api.db.base import utcnow
from pl_api.db.tenant_scope import TenantScope
from pl_api.domain.idempotency.models import IdempotencyKey
from pl_api.domain.idempotency.service import (
    CLAIM_LEASE,
    forget_idempotent_responses,
    purge_expired_idempotency_keys,
)
from pl_api.domain.schools.models import School
from pl_api.domain.staff.models import Staff
from pl_api.domain.tenants.service import create_client
from pl_api.http.idempotency import fingerprint
from pl_api.plugin_host.host import PluginHost
from tests.conftest import TenantClient, empty_database, new_tenant_client

KEY = "Idempotency-Key"


def staff_body(email: str = "sam.reid@oakfield.example", **fields: Any) -> dict[str, Any]:
    return {"given_name": "Sam", "family_name": "Reid", "email": email, **fields}


async def create_staff(api: TenantClient, key: str, body: dict[str, Any]) -> httpx.Response:
    return await api.post("/v1/staff", json=body, headers={KEY: key})


async def count(app: Litestar, model: Any, tenant_id: uuid.UUID) -> int:
    async with app.state.sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(model).where(model.tenant_id == tenant_id)))


async def keys_of(app: Litestar, tenant_id: uuid.UUID) -> list[IdempotencyKey]:
    async with app.state.sessions() as session:
        return list(await session.scalars(select(IdempotencyKey).where(IdempotencyKey.tenant_id == tenant_id)))


async def test_a_retry_replays_the_first_answer_and_creates_nothing(app: Litestar, api: TenantClient) -> None:
    key = str(uuid.uuid4())
    first = await create_staff(api, key, staff_body())
    again = await create_staff(api, key, staff_body())
    assert first.status_code == again.status_code == 201
    assert again.content == first.content
    assert again.headers["etag"] == first.headers["etag"] == '"1"'
    assert again.headers["content-type"] == first.headers["content-type"]
    assert again.headers["idempotent-replayed"] == "true"
    assert "idempotent-replayed" not in first.headers
    assert await count(app, Staff, api.tenant_id) == 1
    (stored,) = await keys_of(app, api.tenant_id)
    assert stored.key == key and stored.status_code == 201
    assert not any("authorization" in name or api.key in value for name, value in (stored.headers or {}).items())


async def test_the_same_key_with_another_request_is_422_naming_the_header(app: Litestar, api: TenantClient) -> None:
    key = str(uuid.uuid4())
    assert (await create_staff(api, key, staff_body())).status_code == 201
    other_body = await create_staff(api, key, staff_body("someone.else@oakfield.example"))
    other_path = await api.post("/v1/schools", json={"name": "Oakfield"}, headers={KEY: key})
    for response in (other_body, other_path):
        assert response.status_code == 422
        assert response.headers["content-type"].startswith("application/problem+json")
        problem = response.json()
        assert problem["type"] == "urn:pl-api:problem:idempotency-key-reused"
        assert KEY in problem["detail"] and "another request" in problem["detail"]
        assert problem["errors"] == [{"field": KEY, "detail": "already used for another request", "source": "header"}]
    assert await count(app, Staff, api.tenant_id) == 1


async def test_a_key_belongs_to_one_caller_in_one_tenant(
    app: Litestar, api: TenantClient, other_api: TenantClient
) -> None:
    key = "order-42"
    admin = await api.create("/v1/staff", staff_body("admin@oakfield.example", trust_roles=["trust_admin"]))
    async with app.state.sessions() as session:
        second_key = (await create_client(session, api.tenant_id, "second client")).key
    callers = [
        api,
        TenantClient(tenant_id=api.tenant_id, key=second_key, http=api.http),  # another client, same tenant
        api.as_staff(app, admin["id"]),  # a user of the same tenant
        other_api,  # another tenant
    ]
    answers = [await create_staff(c, key, staff_body(f"n{i}@oakfield.example")) for i, c in enumerate(callers)]
    assert [a.status_code for a in answers] == [201, 201, 201, 201]
    assert len({a.json()["id"] for a in answers}) == 4
    assert not any("idempotent-replayed" in a.headers for a in answers)


async def test_a_failed_first_attempt_does_not_use_up_the_key(app: Litestar, api: TenantClient) -> None:
    key = str(uuid.uuid4())
    invalid = await create_staff(api, key, {"given_name": "Sam", "email": "sam@oakfield.example"})
    assert invalid.status_code == 400
    unknown_school = {"memberships": [{"school_id": str(uuid.uuid4())}]}
    unprocessable = await create_staff(api, key, staff_body("sam@oakfield.example", **unknown_school))
    assert unprocessable.status_code == 422
    assert unprocessable.json()["type"] == "urn:pl-api:problem:unprocessable"  # not the key's 422
    assert await keys_of(app, api.tenant_id) == []
    fixed = await create_staff(api, key, staff_body("sam@oakfield.example"))
    assert fixed.status_code == 201
    assert "idempotent-replayed" not in fixed.headers
    assert await count(app, Staff, api.tenant_id) == 1


async def test_a_server_error_does_not_use_up_the_key(
    app: Litestar, api: TenantClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken_commit(*_args: Any, **_kwargs: Any) -> None:
        raise RuntimeError("the database went away")

    monkeypatch.setattr(TenantScope, "commit", broken_commit)
    failed = await api.post("/v1/schools", json={"name": "Oakfield"}, headers={KEY: "school-1"})
    assert failed.status_code == 500
    monkeypatch.undo()
    retried = await api.post("/v1/schools", json={"name": "Oakfield"}, headers={KEY: "school-1"})
    assert retried.status_code == 201
    assert "idempotent-replayed" not in retried.headers


@pytest.mark.parametrize("value", [b"", b"x" * 256, "clé".encode(), b"tab\there"])
async def test_an_invalid_key_is_a_400_naming_the_header(app: Litestar, api: TenantClient, value: bytes) -> None:
    response = await api.post("/v1/staff", json=staff_body(), headers={KEY: value})  # type: ignore[dict-item]
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": KEY, "detail": "must be 1-255 printable ASCII characters, such as a UUID", "source": "header"}
    ]
    assert await count(app, Staff, api.tenant_id) == 0


async def test_an_expired_key_can_be_used_again(app: Litestar, api: TenantClient) -> None:
    key = str(uuid.uuid4())
    first = await create_staff(api, key, staff_body())
    async with app.state.sessions() as session:
        await session.execute(
            update(IdempotencyKey)
            .where(IdempotencyKey.tenant_id == api.tenant_id)
            .values(expires_at=utcnow() - timedelta(seconds=1))
        )
        await session.commit()
    second = await create_staff(api, key, staff_body("another@oakfield.example"))
    assert second.status_code == 201
    assert "idempotent-replayed" not in second.headers
    assert second.json()["id"] != first.json()["id"]
    (stored,) = await keys_of(app, api.tenant_id)
    assert stored.expires_at > utcnow()


async def actor_of(app: Litestar, api: TenantClient) -> str:
    """Who ``api`` acts as, read from a key it has used."""
    marker = str(uuid.uuid4())
    assert (await api.post("/v1/schools", json={"name": marker}, headers={KEY: marker})).status_code == 201
    return next(k.actor for k in await keys_of(app, api.tenant_id) if k.key == marker)


async def claim_by_hand(
    app: Litestar, api: TenantClient, key: str, claimed_at: datetime, fingerprint: str = "0" * 64
) -> None:
    """A pending claim, as a request still running (or a worker that crashed) leaves it."""
    actor = await actor_of(app, api)
    async with app.state.sessions() as session:
        session.add(
            IdempotencyKey(
                tenant_id=api.tenant_id,
                actor=actor,
                key=key,
                fingerprint=fingerprint,
                claimed_at=claimed_at,
                expires_at=claimed_at + timedelta(hours=24),
            )
        )
        await session.commit()


async def test_a_request_in_progress_is_409_and_an_abandoned_claim_is_taken_over(
    app: Litestar, api: TenantClient
) -> None:
    body = json.dumps(staff_body()).encode()
    same_request = fingerprint("POST", "/v1/staff", b"", body)
    await claim_by_hand(app, api, "running", utcnow(), same_request)
    await claim_by_hand(app, api, "abandoned", utcnow() - CLAIM_LEASE - timedelta(seconds=1))
    headers = {"Content-Type": "application/json"}
    running = await api.post("/v1/staff", content=body, headers=headers | {KEY: "running"})
    assert running.status_code == 409
    assert running.json()["type"] == "urn:pl-api:problem:request-in-progress"
    assert "still in progress" in running.json()["detail"]
    assert int(running.headers["retry-after"]) >= 1
    other_request = await api.post("/v1/staff", json=staff_body("kim@oakfield.example"), headers={KEY: "running"})
    assert other_request.status_code == 422
    taken_over = await api.post("/v1/staff", content=body, headers=headers | {KEY: "abandoned"})
    assert taken_over.status_code == 201
    assert await count(app, Staff, api.tenant_id) == 1


async def test_parallel_identical_requests_create_exactly_one_row(app: Litestar, api: TenantClient) -> None:
    key = str(uuid.uuid4())
    school = {"name": "Oakfield Primary"}  # nothing else would stop a second school of the same name
    answers = await asyncio.gather(*(api.post("/v1/schools", json=school, headers={KEY: key}) for _ in range(20)))
    originals = [a for a in answers if a.status_code == 201 and "idempotent-replayed" not in a.headers]
    assert len(originals) == 1
    for answer in answers:
        if answer.status_code == 201:
            assert answer.content == originals[0].content
        else:
            assert answer.status_code == 409, answer.text
            assert answer.json()["type"] == "urn:pl-api:problem:request-in-progress"
    assert await count(app, School, api.tenant_id) == 1
    assert await count(app, IdempotencyKey, api.tenant_id) == 1


async def test_oauth_token_is_never_stored(app: Litestar, api: TenantClient) -> None:
    async with app.state.sessions() as session:
        client = await create_client(session, api.tenant_id, "hub")
    form = {"grant_type": "client_credentials", "client_id": str(client.client_id), "client_secret": client.key}
    answers = [await api.http.post("/oauth/token", data=form, headers={KEY: "token-1"}) for _ in range(2)]
    assert [a.status_code for a in answers] == [200, 200]
    assert not any("idempotent-replayed" in a.headers for a in answers)
    assert await keys_of(app, api.tenant_id) == []


async def test_forgetting_a_person_removes_stored_answers_that_name_them(
    app: Litestar, api: TenantClient, other_api: TenantClient
) -> None:
    sam = (await create_staff(api, "sam", staff_body("Sam.Reid@oakfield.example"))).json()
    await create_staff(api, "kim", staff_body("kim.lee@oakfield.example"))
    await create_staff(other_api, "sam", staff_body("sam.reid@oakfield.example"))
    async with app.state.sessions() as session:
        forgotten = await forget_idempotent_responses(session, api.tenant_id, [sam["id"], "SAM.REID@oakfield.example"])
        await session.commit()
    assert forgotten == 1
    assert [k.key for k in await keys_of(app, api.tenant_id)] == ["kim"]
    assert [k.key for k in await keys_of(app, other_api.tenant_id)] == ["sam"]  # another tenant's are its own
    assert "sam.reid" not in "".join(k.body or "" for k in await keys_of(app, api.tenant_id))


async def test_purging_deletes_only_expired_keys(app: Litestar, api: TenantClient) -> None:
    for key in ("old", "new"):
        assert (await api.post("/v1/schools", json={"name": key}, headers={KEY: key})).status_code == 201
    async with app.state.sessions() as session:
        await session.execute(
            update(IdempotencyKey)
            .where(IdempotencyKey.tenant_id == api.tenant_id, IdempotencyKey.key == "old")
            .values(expires_at=utcnow() - timedelta(minutes=1))
        )
        purged = await purge_expired_idempotency_keys(session, utcnow())
        await session.commit()
    assert purged >= 1
    assert [k.key for k in await keys_of(app, api.tenant_id)] == ["new"]


SAMPLE = PluginsSettings(enabled=["sample"], settings={"sample": {}})


@pytest.fixture(scope="module")
def sample_app(database_kind: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Litestar]:
    """The app with the sample third-party plugin, on a database migrated for it."""
    pytest.importorskip("pl_api_sample", reason="install tests/plugins/pl_api_sample (dev.py test does)")
    with empty_database(database_kind, tmp_path_factory.mktemp("sample")) as url:
        settings = Settings(database=DatabaseSettings(url=url), plugins=SAMPLE)
        migrate.upgrade(settings.database, plugins=PluginHost.load(SAMPLE, environ={}))
        yield create_app(settings, PluginHost.load(SAMPLE, environ={}))


@pytest.fixture
async def sample_api(sample_app: Litestar) -> AsyncIterator[TenantClient]:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=sample_app), base_url="http://testserver") as http:
        yield await new_tenant_client(sample_app, http)
    await sample_app.state.engine.dispose()


async def test_a_plugin_route_is_covered_too(sample_app: Litestar, sample_api: TenantClient) -> None:
    staff = await sample_api.create("/v1/staff", staff_body())
    note = {"staff_id": staff["id"], "text": "Read Wiliam"}
    first = await sample_api.post("/v1/sample/notes", json=note, headers={KEY: "note-1"})
    again = await sample_api.post("/v1/sample/notes", json=note, headers={KEY: "note-1"})
    other = await sample_api.post("/v1/sample/notes", json=note | {"text": "Read Lemov"}, headers={KEY: "note-1"})
    assert (first.status_code, again.status_code, other.status_code) == (201, 201, 422)
    assert again.content == first.content and again.headers["idempotent-replayed"] == "true"
    assert len((await sample_api.get("/v1/sample/notes")).json()["items"]) == 1


def test_every_post_under_v1_documents_the_header_and_its_problems() -> None:
    document = json.loads((Path(__file__).resolve().parents[2] / "openapi" / "openapi.json").read_text())
    posts = {path: item["post"] for path, item in document["paths"].items() if "post" in item}
    assert "/oauth/token" in posts and len(posts) > 10
    for path, operation in posts.items():
        names = {parameter["name"] for parameter in operation.get("parameters", [])}
        documented = path.startswith("/v1/")
        assert (KEY in names) == documented, path
        assert not documented or {"409", "422"} <= set(operation["responses"]), path
