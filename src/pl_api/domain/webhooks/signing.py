"""Standard Webhooks signatures: ``webhook-id``, ``webhook-timestamp`` and ``webhook-signature`` headers.

The signature is HMAC-SHA256 over ``<id>.<timestamp>.<body>`` with the secret's bytes (the base64 after
``whsec_``), sent as ``v1,<base64>``; during a rotation one ``v1,…`` per secret, separated by spaces.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from pl_api.domain.webhooks.secrets import PREFIX


def sign(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    """``v1,<signature>`` of one message with one secret."""
    key = base64.b64decode(secret.removeprefix(PREFIX))
    signed = f"{message_id}.{timestamp}.".encode() + body
    return "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()


def headers(secrets: list[str], message_id: str, timestamp: int, body: bytes) -> dict[str, str]:
    """The three headers of a delivery, signed with every secret given."""
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": " ".join(sign(secret, message_id, timestamp, body) for secret in secrets),
        "content-type": "application/json",
    }
