"""Webhook signing secrets: made as ``whsec_<base64>``, stored encrypted with Fernet, never in plaintext.

The encryption keys come from ``webhooks.encryption_keys`` (Fernet keys; the first encrypts, every one
decrypts, so a key is rotated by putting a new one first and running ``pl-api webhooks reencrypt``). With
none configured, a key is derived from the token signing key (``auth.signing_key``), which suits the
embedded default; set your own in production so that the two can be rotated apart.
"""

from __future__ import annotations

import base64
import hashlib
import secrets

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from pl_api.config import Settings
from pl_api.domain.identity.signing import signing_key

PREFIX = "whsec_"


def new_secret() -> str:
    """A new signing secret: ``whsec_`` and 32 random bytes in base64."""
    return PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


class SecretBox:
    """Encrypts and decrypts signing secrets with the deployment's keys."""

    def __init__(self, settings: Settings) -> None:
        keys = list(settings.webhooks.encryption_keys)
        if not keys:
            digest = hashlib.sha256(b"pl-api webhook secrets\x00" + signing_key(settings.auth).encode()).digest()
            keys = [base64.urlsafe_b64encode(digest).decode()]
        self._fernet = MultiFernet([Fernet(key.encode()) for key in keys])

    def seal(self, secret: str) -> str:
        return self._fernet.encrypt(secret.encode()).decode()

    def open(self, sealed: str) -> str:
        try:
            return self._fernet.decrypt(sealed.encode()).decode()
        except InvalidToken as exc:
            raise ValueError(
                "a webhook secret cannot be decrypted with the configured webhooks.encryption_keys"
            ) from exc

    def reseal(self, sealed: str) -> str:
        """Encrypt again with the first key (after a key rotation)."""
        return self._fernet.rotate(sealed.encode()).decode()
