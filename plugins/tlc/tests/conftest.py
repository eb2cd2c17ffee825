"""The tlc plugin's tests: the app with the plugin enabled, on SQLite and on PostgreSQL
(``pl_api.testing`` is enabled by plugins/conftest.py)."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def pl_api_plugins() -> list[str]:
    return ["tlc"]
