"""Each plugin's own Alembic tree, with its own version table, run after the core's.

A plugin's migrations folder holds an ``env.py`` of two lines::

    from pl_api.plugin.migrations import run_migrations
    run_migrations()

``pl-api db revision --plugin <slug> -m ...`` writes that file (and the revision template)
the first time. Disabling a plugin leaves its tables and version table alone; enabling it
again resumes where it stopped.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from alembic import context
from alembic.config import Config

from pl_api.plugin_host.types import LoadedPlugin

ENV_PY = '''"""Alembic environment of this plugin: pl-api supplies connection, version table and table filter."""

from pl_api.plugin.migrations import run_migrations

run_migrations()
'''


def version_table(slug: str) -> str:
    """The table that records which of a plugin's revisions have run."""
    return f"alembic_version_{slug}"


def migrations_dir(plugin: LoadedPlugin) -> Path | None:
    """The plugin's migrations folder (relative to its module when not absolute), or None if it has none."""
    if plugin.manifest.migrations is None:
        return None
    folder = Path(plugin.manifest.migrations)
    if not folder.is_absolute():
        folder = Path(plugin.module.__file__).resolve().parent / folder
    return folder


def plugin_config(plugin: LoadedPlugin, folder: Path, template_from: Path) -> Config:
    """An Alembic config for one plugin's tree; writes env.py and the template if the folder is new."""
    (folder / "versions").mkdir(parents=True, exist_ok=True)
    if not (folder / "env.py").exists():
        (folder / "env.py").write_text(ENV_PY, encoding="utf-8")
    if not (folder / "script.py.mako").exists():
        shutil.copy(template_from / "script.py.mako", folder / "script.py.mako")
    config = Config()
    config.set_main_option("script_location", str(folder))
    config.set_main_option("path_separator", "os")
    config.attributes["version_table"] = version_table(plugin.manifest.slug)
    config.attributes["table_prefix"] = plugin.manifest.table_prefix
    return config


def run_migrations() -> None:
    """The body of a plugin's env.py: migrate only the plugin's own tables, in its own version table."""
    from pl_api.domain.models import Base

    config = context.config
    connection = config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("run plugin migrations through `pl-api db upgrade`, which supplies the connection")
    prefix: str = config.attributes["table_prefix"]

    def include_object(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
        table = getattr(obj, "table", obj) if type_ != "table" else obj
        table_name = getattr(table, "name", name) or ""
        return str(table_name).startswith(prefix)

    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        version_table=config.attributes["version_table"],
        include_object=include_object,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
