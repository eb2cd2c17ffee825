"""The webhook worker: queue new events for each endpoint, then deliver what is due, at least once.

Both steps take their rows with ``FOR UPDATE SKIP LOCKED`` on PostgreSQL, so several workers share the
work without taking the same row; SQLite has one writer at a time. A delivery is *claimed* by pushing its
``next_attempt_at`` a lease (``LEASE``) ahead and committing, and only then sent. A worker killed after
claiming loses nothing: when the lease runs out the delivery is due again and another worker sends it, with
the same ``webhook-id`` (the event's id), which is how receivers recognise a repeat. Failures are retried
with growing delays over about a day (``RETRY_DELAYS``); an endpoint answering 410 Gone is disabled.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

import httpx
import msgspec
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from pl_api.config import Settings
from pl_api.db.base import utcnow
from pl_api.domain.events.models import EventRecord
from pl_api.domain.webhooks import signing
from pl_api.domain.webhooks.models import WebhookDelivery, WebhookSubscription
from pl_api.domain.webhooks.secrets import SecretBox

logger = logging.getLogger("pl_api.webhooks")

RETRY_DELAYS = (
    timedelta(seconds=30),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=5),
    timedelta(hours=8),
    timedelta(hours=8),
)
"""Waits after each failed attempt: eight attempts over about 24 hours, then the delivery is given up."""
LEASE = timedelta(seconds=60)
QUEUE_BATCH = 500


def payload(event: EventRecord) -> bytes:
    """The body of a delivery: the event, as the feed shows it."""
    return msgspec.json.encode(
        {
            "type": event.type,
            "timestamp": event.occurred_at.isoformat().replace("+00:00", "Z"),
            "data": {
                "id": str(event.id),
                "position": event.position,
                "tenant_id": str(event.tenant_id),
                "subject_id": str(event.subject_id) if event.subject_id else None,
                "data": event.data,
            },
        }
    )


class WebhookWorker:
    """Queues and delivers webhooks for every tenant (it connects as the tables' owner)."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        settings: Settings,
        client: httpx.AsyncClient | None = None,
        now: Callable[[], datetime] = utcnow,
    ) -> None:
        self.sessions = sessions
        self.settings = settings.webhooks
        self.box = SecretBox(settings)
        self.client = client or httpx.AsyncClient(timeout=self.settings.timeout_seconds, follow_redirects=False)
        self.now = now

    async def queue(self) -> int:
        """Add a delivery per new event to each active endpoint that wants its type; how many were added."""
        added = 0
        async with self.sessions() as session:
            stmt = select(WebhookSubscription).where(WebhookSubscription.status == "active")
            for subscription in await session.scalars(stmt.with_for_update(skip_locked=True)):
                found = await session.scalars(
                    select(EventRecord)
                    .where(
                        EventRecord.tenant_id == subscription.tenant_id,
                        EventRecord.position > subscription.last_position,
                    )
                    .order_by(EventRecord.position)
                    .limit(QUEUE_BATCH)
                )
                events = list(found)
                queued = set(
                    await session.scalars(
                        select(WebhookDelivery.event_id).where(
                            WebhookDelivery.subscription_id == subscription.id,
                            WebhookDelivery.event_id.in_([e.id for e in events]),
                        )
                    )
                )  # queued already (a redelivery, or a position set back by hand): never twice
                for event in events:
                    subscription.last_position = event.position
                    if event.id in queued:
                        continue
                    if subscription.event_types and event.type not in subscription.event_types:
                        continue
                    session.add(
                        WebhookDelivery(
                            tenant_id=subscription.tenant_id,
                            subscription_id=subscription.id,
                            event_id=event.id,
                            next_attempt_at=self.now(),
                        )
                    )
                    added += 1
            await session.commit()
        return added

    async def claim(self) -> list[UUID]:
        """Take the due deliveries for a lease; nobody else sends them until it runs out."""
        now = self.now()
        async with self.sessions() as session:
            stmt = (
                select(WebhookDelivery)
                .where(WebhookDelivery.status == "pending", WebhookDelivery.next_attempt_at <= now)
                .order_by(WebhookDelivery.next_attempt_at)
                .limit(self.settings.batch_size)
                .with_for_update(skip_locked=True)
            )
            claimed = list(await session.scalars(stmt))
            for delivery in claimed:
                delivery.next_attempt_at = now + LEASE
            await session.commit()
        return [d.id for d in claimed]

    async def send(self, delivery_id: UUID) -> None:
        """Send one claimed delivery and record how it went."""
        async with self.sessions() as session:
            delivery = await session.get(WebhookDelivery, delivery_id)
            if delivery is None or delivery.status != "pending":
                return
            subscription = await session.get(WebhookSubscription, delivery.subscription_id)
            event = await session.get(EventRecord, delivery.event_id)
            if subscription is None or event is None:
                return
            body = payload(event)
            now = self.now()
            status_code: int | None = None
            error: str | None = None
            try:
                secrets = [self.box.open(subscription.secret_encrypted)]
                expires = subscription.previous_expires_at
                if subscription.previous_secret_encrypted and expires is not None and expires > now:
                    secrets.append(self.box.open(subscription.previous_secret_encrypted))
                headers = signing.headers(secrets, str(event.id), int(now.timestamp()), body)
                response = await self.client.post(subscription.url, content=body, headers=headers)
                status_code = response.status_code
            except ValueError:
                error = "the signing secret cannot be decrypted with webhooks.encryption_keys"
            except httpx.HTTPError as exc:
                error = type(exc).__name__
            delivery.attempts += 1
            delivery.last_status_code, delivery.last_error = status_code, error
            if status_code is not None and 200 <= status_code < 300:
                delivery.status, delivery.delivered_at = "delivered", now
            elif status_code == 410:
                delivery.status = "failed"
                subscription.status, subscription.disabled_reason = "disabled", "the endpoint answered 410 Gone"
            elif delivery.attempts > len(RETRY_DELAYS):
                delivery.status = "failed"
            else:
                delivery.next_attempt_at = now + RETRY_DELAYS[delivery.attempts - 1]
            await session.commit()

    async def run_once(self) -> int:
        """Queue new events and send what is due; how many deliveries were sent."""
        await self.queue()
        claimed = await self.claim()
        for delivery_id in claimed:
            await self.send(delivery_id)
        return len(claimed)

    async def run_forever(self, stop: asyncio.Event | None = None) -> None:
        """Work until ``stop`` is set; an error is logged and the loop carries on."""
        stop = stop or asyncio.Event()
        failing: str | None = None
        while not stop.is_set():
            try:
                sent = await self.run_once()
                failing = None
            except Exception as exc:  # keep trying: the database may be restarting or not migrated yet
                if type(exc).__name__ != failing:  # said once, not every round
                    failing = type(exc).__name__
                    logger.warning("webhook worker round failed (%s); retrying every round", failing)
                sent = 0
            if not sent:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), self.settings.poll_seconds)


def delivers_in_process(settings: Settings) -> bool:
    """Whether the API process runs the worker itself (``webhooks.in_process``)."""
    mode = settings.webhooks.in_process
    return mode == "on" or (mode == "auto" and settings.database.url.startswith("sqlite"))


def describe(subscription: WebhookSubscription) -> dict[str, Any]:
    """A subscription's fields for its schema (never its secrets)."""
    return {
        name: getattr(subscription, name)
        for name in ("id", "url", "event_types", "status", "disabled_reason", "created_at", "updated_at", "version")
    }
