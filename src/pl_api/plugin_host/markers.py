"""The pluggy markers of the ``pl_api`` project."""

from __future__ import annotations

import pluggy

PROJECT = "pl_api"

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)
