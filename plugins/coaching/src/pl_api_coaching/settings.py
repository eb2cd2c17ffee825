"""The coaching plugin's settings, under ``[plugins.coaching]``."""

from __future__ import annotations

from typing import Annotated

import msgspec


class CoachingSettings(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    """Defaults a deployment may change; each is validated at start-up."""

    default_cadence_days: Annotated[int, msgspec.Meta(ge=1, le=90)] = 7
    """How often a coach drops in, unless a relationship says otherwise (weekly)."""
    alert_overdue_follow_ups: bool = True
    """Whether ``pl-api coaching check-overdue`` announces follow-ups that are past due."""
    overdue_grace_days: Annotated[int, msgspec.Meta(ge=0, le=30)] = 0
    """Days after a follow-up's date before it counts as overdue."""
    max_active_steps: Annotated[int, msgspec.Meta(ge=1, le=5)] = 1
    """How many steps a coachee may work on at once (active, practised or observed)."""
