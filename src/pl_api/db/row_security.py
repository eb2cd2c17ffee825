"""Defence in depth on PostgreSQL: row-level security confines every tenant-owned table to one tenant.

Each transaction of a session that works for a tenant first runs
``set_config('pl_api.tenant_id', <tenant>, true)``; the policy on every table with a ``tenant_id``
column lets a connection see and write only rows of that tenant, and none at all when no tenant is
set. The policies bind the role the API connects as (``database.url``), which owns nothing; the
role that owns the tables (``database.migration_url``, which runs the migrations and the
administrative commands) is not bound by them, as PostgreSQL intends for table owners.

So even a query that forgot its ``WHERE tenant_id = …`` cannot read another tenant's rows.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any
from uuid import UUID

from sqlalchemy import event, func, select, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import Session, SessionTransaction

TENANT_SETTING = "pl_api.tenant_id"
"""The PostgreSQL setting naming the tenant of the current transaction."""
TENANT_ID = "pl_api.tenant_id"
"""Key of ``Session.info`` holding the id of the tenant a session works for."""
POLICY = "tenant_isolation"

TENANT_FINDING_TABLES = frozenset({"api_clients", "identity_providers"})
"""Tables read to learn which tenant a credential belongs to, before any tenant is known: not confined."""

_CURRENT_TENANT = f"NULLIF(current_setting('{TENANT_SETTING}', true), '')::uuid"


def _set_tenant_statement(tenant_id: UUID) -> Any:
    return select(func.set_config(TENANT_SETTING, str(tenant_id), True))


@event.listens_for(Session, "after_begin")
def _set_tenant_on_begin(session: Session, _transaction: SessionTransaction, connection: Connection) -> None:
    """Every transaction of a session working for a tenant tells PostgreSQL which tenant that is."""
    tenant_id = session.info.get(TENANT_ID)
    if tenant_id is not None and connection.dialect.name == "postgresql":
        connection.execute(_set_tenant_statement(tenant_id))


def tenant_sessions(sessions: async_sessionmaker[AsyncSession], tenant_id: UUID) -> Callable[[], AsyncSession]:
    """A factory of sessions that work for ``tenant_id`` from their first statement."""
    return functools.partial(sessions, info={TENANT_ID: tenant_id})


async def bind_tenant(session: AsyncSession, tenant_id: UUID) -> None:
    """Make ``session`` work for ``tenant_id`` from now on, including the transaction already begun."""
    session.info[TENANT_ID] = tenant_id
    if session.in_transaction() and session.get_bind().dialect.name == "postgresql":
        await session.execute(_set_tenant_statement(tenant_id))


def confined_tables(connection: Connection) -> list[str]:
    """The tables of the current schema that carry a ``tenant_id`` and are confined to one tenant."""
    rows = connection.execute(
        text(
            "SELECT table_name FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND column_name = 'tenant_id' ORDER BY table_name"
        )
    )
    return [name for (name,) in rows if name not in TENANT_FINDING_TABLES]


def apply_row_level_security(connection: Connection, app_role: str | None) -> None:
    """Enable the tenant policy on every confined table (idempotent), and let ``app_role`` read and
    write rows of every table but own none and change no schema."""
    for table in confined_tables(connection):
        connection.execute(text(f'ALTER TABLE "{table}" ENABLE ROW LEVEL SECURITY'))
        connection.execute(text(f'DROP POLICY IF EXISTS {POLICY} ON "{table}"'))
        connection.execute(
            text(
                f'CREATE POLICY {POLICY} ON "{table}" '
                f"USING (tenant_id = {_CURRENT_TENANT}) WITH CHECK (tenant_id = {_CURRENT_TENANT})"
            )
        )
    if app_role is None:
        return
    role = connection.dialect.identifier_preparer.quote(app_role)
    connection.execute(text(f"GRANT USAGE ON SCHEMA {_current_schema(connection)} TO {role}"))
    connection.execute(
        text(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {_current_schema(connection)} TO {role}")
    )
    for (version_table,) in connection.execute(
        text(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = current_schema() AND table_name LIKE 'alembic_version%'"
        )
    ):
        connection.execute(text(f'REVOKE INSERT, UPDATE, DELETE ON "{version_table}" FROM {role}'))


def _current_schema(connection: Connection) -> str:
    schema = str(connection.execute(text("SELECT current_schema()")).scalar_one())
    return connection.dialect.identifier_preparer.quote(schema)


def app_role_of(app_url: str, owner_url: str) -> str | None:
    """The role the API connects as, when it is not the owner that runs the migrations."""
    app_user, owner_user = make_url(app_url).username, make_url(owner_url).username
    return app_user if app_user and app_user != owner_user else None
