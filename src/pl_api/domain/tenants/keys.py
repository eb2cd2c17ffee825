"""API keys: ``pl_<prefix>_<secret>``. The prefix finds the client; the hash of the whole key proves it."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

KEY_SCHEME = "pl"


@dataclass(frozen=True, slots=True)
class IssuedKey:
    """A newly made key: shown once to its owner, then only ``prefix`` and ``hash`` are kept."""

    key: str
    prefix: str
    hash: str


def hash_key(key: str) -> str:
    """SHA-256 of a key. Keys carry 256 random bits, so a fast hash is enough to keep them safe at rest."""
    return hashlib.sha256(key.encode()).hexdigest()


def issue_key() -> IssuedKey:
    """Make a new random API key."""
    prefix = secrets.token_hex(6)
    key = f"{KEY_SCHEME}_{prefix}_{secrets.token_urlsafe(32)}"
    return IssuedKey(key=key, prefix=prefix, hash=hash_key(key))


def split_prefix(key: str) -> str | None:
    """The lookup prefix of a key, or None if the key is not of our form."""
    parts = key.split("_", 2)
    if len(parts) != 3 or parts[0] != KEY_SCHEME or not parts[1] or not parts[2]:
        return None
    return parts[1]


def key_matches(key: str, stored_hash: str) -> bool:
    """Constant-time comparison of a presented key with a stored hash."""
    return hmac.compare_digest(hash_key(key), stored_hash)
