"""The secret that signs the tokens pl-api issues itself."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from pl_api.config import AuthSettings

MIN_KEY_LENGTH = 32


class SigningKeyError(Exception):
    """The configured signing key cannot be used; the message says why and what to do."""


def signing_key(settings: AuthSettings) -> str:
    """The configured key, or the one in ``signing_key_file`` (created with a random key if missing)."""
    key = settings.signing_key or _key_from_file(Path(settings.signing_key_file))
    if len(key) < MIN_KEY_LENGTH:
        raise SigningKeyError(f"auth.signing_key must be at least {MIN_KEY_LENGTH} characters long")
    return key


def _key_from_file(path: Path) -> str:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another worker made it first
        else:
            with os.fdopen(descriptor, "w") as file:
                file.write(secrets.token_urlsafe(48))
    return path.read_text().strip()
