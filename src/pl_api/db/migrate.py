"""Running Alembic from pl-api: the core's revisions, on the database the settings name."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from importlib import resources
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection

from pl_api.config import DatabaseSettings
from pl_api.db.engine import create_engine


def core_migrations_dir() -> Path:
    """Where the core's revisions live: inside the installed wheel, or ``migrations/`` of a checkout."""
    packaged = Path(str(resources.files("pl_api"))) / "_migrations"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "migrations"


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic config for the core, bound to an open connection when given."""
    config = Config()
    config.set_main_option("script_location", str(core_migrations_dir()))
    config.set_main_option("path_separator", "os")
    config.attributes["connection"] = connection
    return config


def _run(settings: DatabaseSettings, action: Callable[[Config], None]) -> None:
    async def main() -> None:
        engine = create_engine(settings)
        try:
            async with engine.begin() as connection:
                await connection.run_sync(lambda sync: action(alembic_config(sync)))
        finally:
            await engine.dispose()

    asyncio.run(main())


def upgrade(settings: DatabaseSettings, revision: str = "head") -> None:
    """Migrate the database up to ``revision``."""
    _run(settings, lambda cfg: command.upgrade(cfg, revision))


def downgrade(settings: DatabaseSettings, revision: str) -> None:
    """Migrate the database down to ``revision``."""
    _run(settings, lambda cfg: command.downgrade(cfg, revision))


def revision(settings: DatabaseSettings, message: str, rev_id: str | None = None, autogenerate: bool = True) -> None:
    """Write a new revision, by default the difference between the models and the database."""

    def write(cfg: Config) -> None:
        command.revision(cfg, message=message, rev_id=rev_id, autogenerate=autogenerate)

    _run(settings, write)


def current_revision(settings: DatabaseSettings) -> str | None:
    """The revision the database is at, or None if it has never been migrated."""
    found: list[str | None] = []

    def read(cfg: Config) -> None:
        context = MigrationContext.configure(cfg.attributes["connection"])
        found.append(context.get_current_revision())

    _run(settings, read)
    return found[0]


def head_revision() -> str | None:
    """The newest core revision."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()
