"""Shared by the first-party plugins' tests: ``pl_api.testing`` gives each a migrated database, the app
with the plugins it enables (its ``pl_api_plugins`` fixture) and a tenant, on SQLite and PostgreSQL.

Declared here, at the top of ``plugins/``, because pytest accepts ``pytest_plugins`` only in a
top-level conftest when the whole suite runs."""

import pytest

pytest.register_assert_rewrite("pl_api.testing")

pytest_plugins = ["pl_api.testing"]
