"""A PostgreSQL database of the benchmark's own, with an API role that row-level security binds."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Iterator
from contextlib import contextmanager

import asyncpg

DEFAULT_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"


def reachable(admin_url: str) -> bool:
    """Whether the server answers."""

    async def probe() -> bool:
        try:
            connection = await asyncpg.connect(admin_url, timeout=3)
        except (OSError, asyncpg.PostgresError):
            return False
        await connection.close()
        return True

    return asyncio.run(probe())


async def _admin(admin_url: str, *statements: str) -> None:
    connection = await asyncpg.connect(admin_url)
    try:
        for statement in statements:
            await connection.execute(statement)
    finally:
        await connection.close()


@contextmanager
def bench_database(admin_url: str) -> Iterator[tuple[str, str]]:
    """Create a database (owned by the admin role, which migrates and loads it) and a login role that owns
    nothing (the API connects as it, so the tenant policies apply); yield the API's and the owner's URLs, and
    drop both afterwards."""
    name = f"pl_api_bench_{secrets.token_hex(4)}"
    base = admin_url.rsplit("/", 1)[0].split("://", 1)[1]
    host = base.split("@", 1)[1]
    asyncio.run(_admin(admin_url, f"CREATE DATABASE {name}", f"CREATE ROLE {name} LOGIN"))
    try:
        yield f"postgresql+asyncpg://{name}@{host}/{name}", f"postgresql+asyncpg://{base}/{name}"
    finally:
        asyncio.run(_admin(admin_url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)", f"DROP ROLE IF EXISTS {name}"))
