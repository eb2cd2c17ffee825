"""Running Alembic from pl-api: the core's revisions, on the database the settings name."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from importlib import resources
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection

from pl_api.config import DatabaseSettings
from pl_api.db.engine import create_engine, is_sqlite
from pl_api.db.row_security import app_role_of, apply_row_level_security
from pl_api.plugin_host.host import PluginHost
from pl_api.plugin_host.migrations import migrations_dir, plugin_config
from pl_api.plugin_host.types import LoadedPlugin


def include_core_object(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
    """Alembic filter: only the core's own tables (plugins' tables belong to their own trees)."""
    from pl_api.domain.models import CORE_TABLES

    table = obj if type_ == "table" else getattr(obj, "table", None)
    return getattr(table, "name", name) in CORE_TABLES


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


def _run(
    settings: DatabaseSettings, action: Callable[[Config], None], make_config: Callable[[], Config] | None = None
) -> None:
    async def main() -> None:
        engine = create_engine(settings.as_owner())
        try:
            async with engine.begin() as connection:

                def run(sync: Connection) -> None:
                    config = make_config() if make_config else alembic_config()
                    config.attributes["connection"] = sync
                    action(config)

                await connection.run_sync(run)
        finally:
            await engine.dispose()

    asyncio.run(main())


def _plugin_configs(plugins: PluginHost | None, only: str | None = None) -> list[Callable[[], Config]]:
    """Configs of the enabled plugins that have migrations, those a plugin requires first."""
    if plugins is None:
        return []
    ordered: list[LoadedPlugin] = []

    def visit(plugin: LoadedPlugin) -> None:
        if plugin in ordered:
            return
        for required in plugin.manifest.requires:
            visit(plugins.get(required))
        ordered.append(plugin)

    for plugin in plugins.plugins:
        visit(plugin)
    configs: list[Callable[[], Config]] = []
    for plugin in ordered:
        folder = migrations_dir(plugin)
        if folder is not None and (only is None or plugin.manifest.slug == only):
            configs.append(functools.partial(plugin_config, plugin, folder, core_migrations_dir()))
    return configs


def upgrade(settings: DatabaseSettings, revision: str = "head", plugins: PluginHost | None = None) -> None:
    """Migrate the core up to ``revision``, then (at head) every enabled plugin's own tree; on PostgreSQL,
    then confine every tenant-owned table to one tenant and grant the API's role its rights."""
    _run(settings, lambda cfg: command.upgrade(cfg, revision))
    if revision != "head":
        return
    for make_config in _plugin_configs(plugins):
        _run(settings, lambda cfg: command.upgrade(cfg, "head"), make_config)
    if not is_sqlite(settings.url):
        role = app_role_of(settings.url, settings.as_owner().url)
        _run(settings, lambda cfg: apply_row_level_security(cfg.attributes["connection"], role))


def downgrade(
    settings: DatabaseSettings, revision: str, plugins: PluginHost | None = None, plugin: str | None = None
) -> None:
    """Migrate the core (or, with ``plugin``, that plugin's tree) down to ``revision``."""
    if plugin is None:
        _run(settings, lambda cfg: command.downgrade(cfg, revision))
        return
    for make_config in _plugin_configs(plugins, only=plugin):
        _run(settings, lambda cfg: command.downgrade(cfg, revision), make_config)


def revision(
    settings: DatabaseSettings,
    message: str,
    rev_id: str | None = None,
    autogenerate: bool = True,
    plugins: PluginHost | None = None,
    plugin: str | None = None,
) -> None:
    """Write a new revision of the core (or of ``plugin``): by default the models' difference from the database."""

    def write(cfg: Config) -> None:
        command.revision(cfg, message=message, rev_id=rev_id, autogenerate=autogenerate)

    if plugin is None:
        _run(settings, write)
        return
    configs = _plugin_configs(plugins, only=plugin)
    if not configs:
        raise ValueError(f"plugin {plugin!r} is not enabled, or its manifest names no migrations folder")
    _run(settings, write, configs[0])


def current_revision(settings: DatabaseSettings, version_table: str = "alembic_version") -> str | None:
    """The revision the database is at (core, or the tree of ``version_table``), or None if never migrated."""
    found: list[str | None] = []

    def read(cfg: Config) -> None:
        context = MigrationContext.configure(cfg.attributes["connection"], opts={"version_table": version_table})
        found.append(context.get_current_revision())

    _run(settings, read)
    return found[0]


def head_revision() -> str | None:
    """The newest core revision."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()
