"""Helpers shared by every area's schemas and services."""

from __future__ import annotations

from typing import Any, TypeVar

import msgspec

S = TypeVar("S")


def to_schema(obj: Any, schema: type[S]) -> S:
    """Build a response schema from a model's attributes."""
    return msgspec.convert(obj, schema, from_attributes=True)


def changes_of(data: msgspec.Struct) -> dict[str, Any]:
    """The fields a PATCH body actually sets (those not left ``UNSET``)."""
    return {name: value for name, value in msgspec.structs.asdict(data).items() if value is not msgspec.UNSET}


def apply_changes(obj: Any, changes: dict[str, Any]) -> None:
    """Copy changed fields onto a model."""
    for name, value in changes.items():
        setattr(obj, name, value)
