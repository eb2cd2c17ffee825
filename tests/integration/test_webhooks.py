"""Webhooks: signed per Standard Webhooks, retried, disabled by 410, at least once even if a worker dies."""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timedelta
from typing import Any

import httpx
from litestar import Litestar
from standardwebhooks.webhooks import Webhook

from pl_api.db.base import utcnow
from pl_api.domain.webhooks.worker import LEASE, RETRY_DELAYS, WebhookWorker
from tests.conftest import TenantClient


class Receiver:
    """An endpoint that records what it receives and answers with the statuses it is told to."""

    def __init__(self, *statuses: int) -> None:
        self.url = f"https://hooks.example/{uuid.uuid4().hex}"
        self.statuses = list(statuses)
        self.received: list[httpx.Request] = []

    def handle(self, request: httpx.Request) -> httpx.Response:
        if str(request.url) != self.url:
            return httpx.Response(200)  # another test's endpoint
        self.received.append(request)
        return httpx.Response(self.statuses.pop(0) if self.statuses else 200)


class Clock:
    def __init__(self) -> None:
        self.at = utcnow()

    def __call__(self) -> datetime:
        return self.at


def worker(app: Litestar, receiver: Receiver, clock: Clock) -> WebhookWorker:
    client = httpx.AsyncClient(transport=httpx.MockTransport(receiver.handle))
    return WebhookWorker(app.state.sessions, app.state.settings, client=client, now=clock)


async def subscribe(api: TenantClient, receiver: Receiver, **extra: Any) -> dict[str, Any]:
    return await api.create("/v1/webhooks", {"url": receiver.url, **extra})


async def test_deliveries_verify_with_the_standard_webhooks_library(app: Litestar, api: TenantClient) -> None:
    receiver, clock = Receiver(), Clock()
    subscription = await subscribe(api, receiver)
    assert subscription["secret"].startswith("whsec_")
    assert "secret" not in (await api.get(f"/v1/webhooks/{subscription['id']}")).json()
    school = await api.create("/v1/schools", {"name": "Signed"})
    await worker(app, receiver, clock).run_once()
    [request] = receiver.received
    payload = Webhook(subscription["secret"]).verify(request.content, dict(request.headers))
    assert payload["type"] == "school.created" and payload["data"]["subject_id"] == school["id"]
    event = (await api.get("/v1/events")).json()["items"][0]
    assert request.headers["webhook-id"] == event["id"]
    log = (await api.get(f"/v1/webhooks/{subscription['id']}/deliveries")).json()["items"]
    assert [(d["status"], d["attempts"], d["last_status_code"]) for d in log] == [("delivered", 1, 200)]


async def test_a_worker_killed_mid_delivery_loses_nothing(app: Litestar, api: TenantClient) -> None:
    receiver, clock = Receiver(), Clock()
    await subscribe(api, receiver)
    for n in range(3):
        await api.create("/v1/schools", {"name": f"School {n}"})
    doomed = worker(app, receiver, clock)
    await doomed.queue()
    claimed = await doomed.claim()  # ... and the worker is killed before sending anything
    assert len(claimed) >= 3
    other = worker(app, receiver, clock)
    await other.run_once()
    assert receiver.received == []  # the claims hold: nobody sends the same attempt meanwhile
    clock.at += LEASE + timedelta(seconds=1)
    await other.run_once()
    ids = [r.headers["webhook-id"] for r in receiver.received]
    events = [e["id"] for e in (await api.get("/v1/events")).json()["items"]]
    assert sorted(ids) == sorted(events)  # every event delivered once, with its own stable id


async def test_failures_are_retried_with_backoff_then_given_up(app: Litestar, api: TenantClient) -> None:
    receiver, clock = Receiver(*[500] * 20), Clock()
    subscription = await subscribe(api, receiver)
    await api.create("/v1/schools", {"name": "Flaky"})
    work = worker(app, receiver, clock)
    await work.run_once()
    for attempt, delay in enumerate(RETRY_DELAYS, start=1):
        await work.run_once()
        assert len(receiver.received) == attempt  # not due yet
        clock.at += delay
        await work.run_once()
    assert sum(RETRY_DELAYS, timedelta()) >= timedelta(hours=23)
    assert len({r.headers["webhook-id"] for r in receiver.received}) == 1
    [delivery] = (await api.get(f"/v1/webhooks/{subscription['id']}/deliveries")).json()["items"]
    assert (delivery["status"], delivery["attempts"]) == ("failed", len(RETRY_DELAYS) + 1)
    redelivered = await api.post(f"/v1/webhooks/{subscription['id']}/deliveries/{delivery['id']}/redeliver")
    assert redelivered.status_code == 202
    receiver.statuses = []
    await work.run_once()
    assert (await api.get(f"/v1/webhooks/{subscription['id']}/deliveries")).json()["items"][0]["status"] == "delivered"


async def test_410_disables_the_endpoint(app: Litestar, api: TenantClient) -> None:
    receiver, clock = Receiver(410), Clock()
    subscription = await subscribe(api, receiver)
    await api.create("/v1/schools", {"name": "Gone"})
    await worker(app, receiver, clock).run_once()
    now = (await api.get(f"/v1/webhooks/{subscription['id']}")).json()
    assert now["status"] == "disabled" and "410" in now["disabled_reason"]
    await api.create("/v1/schools", {"name": "After"})
    await worker(app, receiver, clock).run_once()
    assert len(receiver.received) == 1


async def test_event_types_and_a_rotated_secret(app: Litestar, api: TenantClient) -> None:
    receiver, clock = Receiver(), Clock()
    subscription = await subscribe(api, receiver, event_types=["staff.created"])
    rotated = await api.post(f"/v1/webhooks/{subscription['id']}/rotate-secret")
    assert rotated.status_code == 200 and rotated.json()["secret"] != subscription["secret"]
    await api.create("/v1/schools", {"name": "Not wanted"})
    await api.create("/v1/staff", {"given_name": "W", "family_name": "H", "email": "wh@hooks.example"})
    await worker(app, receiver, clock).run_once()
    [request] = receiver.received
    assert json.loads(request.content)["type"] == "staff.created"
    assert len(request.headers["webhook-signature"].split(" ")) == 2
    for secret in (subscription["secret"], rotated.json()["secret"]):
        Webhook(secret).verify(request.content, dict(request.headers))


async def test_subscriptions_are_the_tenants_own(api: TenantClient, other_api: TenantClient) -> None:
    subscription = await subscribe(api, Receiver())
    assert (await other_api.get(f"/v1/webhooks/{subscription['id']}")).status_code == 404
    assert (await other_api.post(f"/v1/webhooks/{subscription['id']}/rotate-secret")).status_code == 404
    assert (await api.post("/v1/webhooks", json={"url": "ftp://x"})).status_code == 400
