"""``/v1/webhooks``: subscriptions, their secrets, the delivery log and redelivery."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any, Literal
from uuid import UUID

from litestar import Controller, Request, Response, delete, get, patch, post
from litestar.params import FromPath, FromQuery, JSONBody

from pl_api.db.base import utcnow
from pl_api.db.tenant_scope import TenantScope
from pl_api.domain.audit.models import record_audit
from pl_api.domain.events.controller import EVENT_TYPE_PATTERN
from pl_api.domain.events.models import EventPosition
from pl_api.domain.listing import page_response
from pl_api.domain.schemas import changes_of, to_schema
from pl_api.domain.webhooks import models, schemas
from pl_api.domain.webhooks.secrets import SecretBox, new_secret
from pl_api.domain.webhooks.worker import describe
from pl_api.http.dependencies import Db, Paging
from pl_api.http.etag import check_if_match, with_etag
from pl_api.http.openapi import problems
from pl_api.http.pagination import Page, encode_cursor, next_link
from pl_api.http.problems import NotFound, Unprocessable, field_problem

ROTATION_OVERLAP = timedelta(hours=24)
"""How long the previous secret still signs deliveries after a rotation."""


def _check_types(types: list[str]) -> list[str]:
    """Event types de-duplicated and sorted; 422 naming the first that is not an event type."""
    for n, value in enumerate(types):
        if len(value) > 80 or not re.fullmatch(EVENT_TYPE_PATTERN, value):
            raise field_problem(
                Unprocessable, f"event_types.{n}", f"{value!r} is not an event type such as staff.updated"
            )
    return sorted(set(types))


def _box(request: Request[Any, Any, Any]) -> SecretBox:
    return SecretBox(request.app.state.settings)


def _with_secret(subscription: models.WebhookSubscription, secret: str) -> schemas.WebhookSubscriptionWithSecret:
    return schemas.WebhookSubscriptionWithSecret(**describe(subscription), secret=secret)


async def _subscription(db: TenantScope, subscription_id: UUID) -> models.WebhookSubscription:
    """One of the tenant's subscriptions; only users holding the permission trust-wide see any (404 otherwise)."""
    return await db.get(models.WebhookSubscription, subscription_id)


class WebhookController(Controller):
    """Webhook subscriptions: each endpoint receives the tenant's events (all, or the types it names), signed per
    the Standard Webhooks specification, retried over about a day, at least once each."""

    path = "/webhooks"
    tags = ["Webhooks"]
    opt = {"resource": "webhooks"}

    @post("/", operation_id="CreateWebhookSubscription", responses=problems())
    async def create_webhook_subscription(
        self, request: Request[Any, Any, Any], db: Db, data: JSONBody[schemas.WebhookSubscriptionCreate]
    ) -> Response[schemas.WebhookSubscriptionWithSecret]:
        """Subscribe an endpoint to events from now on; the answer holds its signing secret, shown only this once."""
        db.authorize(None)
        secret = new_secret()
        now_at = await db.session.get(EventPosition, db.tenant_id)
        subscription = models.WebhookSubscription(
            tenant_id=db.tenant_id,
            url=data.url,
            event_types=_check_types(data.event_types),
            secret_encrypted=_box(request).seal(secret),
            last_position=now_at.last_position if now_at else 0,
        )
        db.session.add(subscription)
        await db.commit()
        return with_etag(_with_secret(subscription, secret), subscription.version, 201)

    @get("/", operation_id="ListWebhookSubscriptions", responses=problems())
    async def list_webhook_subscriptions(
        self, request: Request[Any, Any, Any], db: Db, page: Paging
    ) -> Response[schemas.WebhookSubscriptionPage]:
        """List the tenant's webhook subscriptions, oldest first (never their secrets)."""
        stmt = db.select(models.WebhookSubscription)
        return await page_response(request, db, stmt, models.WebhookSubscription, page, schemas.WebhookSubscriptionPage)

    @get("/{subscription_id:uuid}", operation_id="GetWebhookSubscription", responses=problems(404))
    async def get_webhook_subscription(
        self, db: Db, subscription_id: FromPath[UUID]
    ) -> Response[schemas.WebhookSubscription]:
        """One subscription."""
        subscription = await _subscription(db, subscription_id)
        return with_etag(to_schema(subscription, schemas.WebhookSubscription), subscription.version)

    @patch("/{subscription_id:uuid}", operation_id="UpdateWebhookSubscription", responses=problems(404, 412))
    async def update_webhook_subscription(
        self,
        request: Request[Any, Any, Any],
        db: Db,
        subscription_id: FromPath[UUID],
        data: JSONBody[schemas.WebhookSubscriptionUpdate],
    ) -> Response[schemas.WebhookSubscription]:
        """Change the URL or event types, or disable and re-enable the endpoint."""
        subscription = await _subscription(db, subscription_id)
        check_if_match(request, subscription.version)
        for name, value in changes_of(data).items():
            setattr(subscription, name, _check_types(value) if name == "event_types" else value)
        if subscription.status == "active":
            subscription.disabled_reason = None
        await db.commit()
        return with_etag(to_schema(subscription, schemas.WebhookSubscription), subscription.version)

    @delete("/{subscription_id:uuid}", operation_id="DeleteWebhookSubscription", responses=problems(404, 412))
    async def delete_webhook_subscription(
        self, request: Request[Any, Any, Any], db: Db, subscription_id: FromPath[UUID]
    ) -> None:
        """Stop sending to the endpoint and forget it, with its delivery log."""
        subscription = await _subscription(db, subscription_id)
        check_if_match(request, subscription.version)
        await db.delete(subscription, "the subscription is in use")

    @post(
        "/{subscription_id:uuid}/rotate-secret",
        operation_id="RotateWebhookSecret",
        status_code=200,
        responses=problems(404),
    )
    async def rotate_webhook_secret(
        self, request: Request[Any, Any, Any], db: Db, subscription_id: FromPath[UUID]
    ) -> Response[schemas.WebhookSubscriptionWithSecret]:
        """Make a new signing secret. For 24 hours deliveries carry two signatures, one per secret, so the
        receiver can switch without missing any; the answer holds the new secret, shown only this once."""
        subscription = await _subscription(db, subscription_id)
        secret = new_secret()
        subscription.previous_secret_encrypted = subscription.secret_encrypted
        subscription.previous_expires_at = utcnow() + ROTATION_OVERLAP
        subscription.secret_encrypted = _box(request).seal(secret)
        await db.commit()
        return with_etag(_with_secret(subscription, secret), subscription.version)

    @get("/{subscription_id:uuid}/deliveries", operation_id="ListWebhookDeliveries", responses=problems(404))
    async def list_webhook_deliveries(
        self,
        request: Request[Any, Any, Any],
        db: Db,
        page: Paging,
        subscription_id: FromPath[UUID],
        status: FromQuery[Literal["pending", "delivered", "failed"] | None] = None,
    ) -> Response[schemas.WebhookDeliveryPage]:
        """The delivery log of one endpoint, oldest first; filter by `status` (pending, delivered, failed)."""
        await _subscription(db, subscription_id)
        delivery = models.WebhookDelivery
        stmt = db.select(delivery).where(delivery.subscription_id == subscription_id)
        if status is not None:
            stmt = stmt.where(delivery.status == status)
        if page.after is not None:
            stmt = stmt.where(delivery.id > page.after)
        rows = list(await db.session.scalars(stmt.order_by(delivery.id).limit(page.limit + 1)))

        cursor = encode_cursor(rows[page.limit - 1].id) if len(rows) > page.limit else None
        items = [to_schema(r, schemas.WebhookDelivery) for r in rows[: page.limit]]
        return Response(schemas.WebhookDeliveryPage(items, cursor), headers=next_link(request, cursor))

    @post(
        "/{subscription_id:uuid}/deliveries/{delivery_id:uuid}/redeliver",
        operation_id="RedeliverWebhook",
        status_code=202,
        responses=problems(404),
    )
    async def redeliver_webhook(
        self, db: Db, subscription_id: FromPath[UUID], delivery_id: FromPath[UUID]
    ) -> schemas.WebhookDelivery:
        """Send a delivery again, now (with the same `webhook-id`), whatever became of it before."""
        await _subscription(db, subscription_id)
        delivery = await db.session.scalar(
            db.select(models.WebhookDelivery).where(
                models.WebhookDelivery.id == delivery_id, models.WebhookDelivery.subscription_id == subscription_id
            )
        )
        if delivery is None:
            raise NotFound(f"no delivery with id {delivery_id} for this subscription")
        delivery.status, delivery.next_attempt_at, delivery.attempts = "pending", utcnow(), 0
        record_audit(
            db.session, db.tenant_id, action="redelivered", subject_type="webhook_delivery", subject_id=delivery.id
        )
        await db.commit()
        return to_schema(delivery, schemas.WebhookDelivery)


__all__ = ["Page", "WebhookController"]
