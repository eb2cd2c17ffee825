"""For a plugin's ``migrations/env.py``: ``from pl_api.plugin.migrations import run_migrations``."""

from __future__ import annotations

from pl_api.plugin_host.migrations import run_migrations

__all__ = ["run_migrations"]
