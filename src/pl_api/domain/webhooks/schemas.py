"""Webhook schemas."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

import msgspec
from msgspec import Meta

from pl_api.domain.types import WEB_URL_PATTERN, Schema
from pl_api.http.pagination import Page

Url = Annotated[str, Meta(min_length=8, max_length=2000, pattern=WEB_URL_PATTERN)]
EventTypes = Annotated[list[str], Meta(max_length=100)]
"""Event types such as `staff.updated` (each checked by the handler: 422 for one that is not)."""


class WebhookSubscription(msgspec.Struct):
    """An endpoint that receives the tenant's events. Its secret is shown only when made."""

    id: UUID
    url: str
    event_types: list[str]
    """The event types sent; empty: every type."""
    status: Literal["active", "disabled"]
    disabled_reason: str | None
    created_at: datetime
    updated_at: datetime
    version: int


class WebhookSubscriptionWithSecret(WebhookSubscription):
    """A subscription just made (or whose secret was just rotated), with its signing secret: store it now,
    it is never shown again."""

    secret: str
    """`whsec_…`: verify each delivery's `webhook-signature` with it (Standard Webhooks)."""


class WebhookSubscriptionPage(Page[WebhookSubscription]):
    """A page of webhook subscriptions."""


class WebhookSubscriptionCreate(Schema):
    """A new endpoint."""

    url: Url
    event_types: EventTypes = msgspec.field(default_factory=list)


class WebhookSubscriptionUpdate(Schema):
    """Changes to an endpoint; `status: active` re-enables one that was disabled."""

    url: Url | msgspec.UnsetType = msgspec.UNSET
    event_types: EventTypes | msgspec.UnsetType = msgspec.UNSET
    status: Literal["active", "disabled"] | msgspec.UnsetType = msgspec.UNSET


class WebhookDelivery(msgspec.Struct):
    """One event sent (or to be sent) to one endpoint."""

    id: UUID
    event_id: UUID
    """Also the `webhook-id` header of every attempt."""
    status: Literal["pending", "delivered", "failed"]
    attempts: int
    next_attempt_at: datetime
    last_status_code: int | None
    last_error: str | None
    created_at: datetime
    delivered_at: datetime | None


class WebhookDeliveryPage(Page[WebhookDelivery]):
    """A page of the delivery log, oldest first."""
