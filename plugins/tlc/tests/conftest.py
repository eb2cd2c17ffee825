"""The tlc plugin's tests: the app with the plugin enabled, on SQLite and on PostgreSQL."""

from __future__ import annotations

import pytest

pytest_plugins = ["pl_api.testing"]


@pytest.fixture(scope="module")
def pl_api_plugins() -> list[str]:
    return ["tlc"]
