"""Alembic environment for the core's revisions.

Run through ``pl-api db …``, which hands over an open connection in
``config.attributes["connection"]``; the URL comes from pl-api's own settings.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from pl_api.db.migrate import include_core_object
from pl_api.domain.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations(connection: Connection) -> None:
    """Run the revisions on a connection pl-api opened."""
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_object=include_core_object,
        version_table=config.attributes.get("version_table", "alembic_version"),
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through `pl-api db upgrade`, which supplies the database connection")
run_migrations(connection)
