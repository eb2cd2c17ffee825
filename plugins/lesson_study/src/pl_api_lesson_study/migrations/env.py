"""Alembic environment of this plugin: pl-api supplies connection, version table and table filter."""

from pl_api.plugin.migrations import run_migrations

run_migrations()
