"""The plugin's settings, under ``[plugins.tlc]``, checked at start-up."""

from __future__ import annotations

from typing import Annotated

import msgspec
from msgspec import Meta

GroupSize = Annotated[int, Meta(ge=2, le=60)]


class TlcSettings(msgspec.Struct, forbid_unknown_fields=True):
    """Group size bounds (a warning, never a refusal, outside them), the meetings a programme plans by
    default (about 18 over two years), and the minutes a peer observation credits unless told otherwise."""

    min_group_size: GroupSize = 8
    max_group_size: GroupSize = 14
    planned_meetings: Annotated[int, Meta(ge=1, le=100)] = 18
    observation_minutes: Annotated[int, Meta(ge=5, le=480)] = 30

    def __post_init__(self) -> None:
        if self.min_group_size > self.max_group_size:
            raise ValueError("`min_group_size` must not exceed `max_group_size`")
