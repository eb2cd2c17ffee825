"""Preflight checks, shared by ``pl-api check`` and ``/health/ready``: the configuration is valid, the plugins
load, the database answers and its schema is what this code needs (the core's and each enabled plugin's).

A database *newer* than the code (a revision this code does not know) passes with a note: that is the
state of every upgrade that migrates before it deploys (see docs/deployment.md, expand then contract).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from pl_api.db.engine import is_sqlite
from pl_api.db.migrate import alembic_config
from pl_api.plugin_host.host import PluginHost
from pl_api.plugin_host.migrations import migrations_dir, version_table

CORE_VERSION_TABLE = "alembic_version"
UPGRADE_HINT = "run `pl-api db upgrade`"


@dataclass(frozen=True)
class Check:
    """The outcome of one check: ``ok``, or what is wrong and how to fix it."""

    name: str
    ok: bool
    detail: str = ""

    @property
    def status(self) -> str:
        """``ok`` or ``FAILED: <why>``."""
        return "ok" if self.ok else f"FAILED: {self.detail}"

    @property
    def line(self) -> str:
        """The line ``pl-api check`` prints: ``name: ok (note)`` or ``name: FAILED: why``."""
        note = f" ({self.detail})" if self.ok and self.detail else ""
        return f"{self.name}: {self.status}{note}"


def any_failed(checks: list[Check]) -> bool:
    """Whether any check failed."""
    return any(not c.ok for c in checks)


def summary(exc: BaseException) -> str:
    """An exception as one short line: its type and the first line of its message."""
    message = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    text_ = f"{type(exc).__name__}: {message}" if message else type(exc).__name__
    return text_[:300]


@functools.cache
def _script(location: str) -> ScriptDirectory:
    if location == "core":
        return ScriptDirectory.from_config(alembic_config())
    return ScriptDirectory(location)


def _trees(plugins: PluginHost) -> list[tuple[str, str, ScriptDirectory | None]]:
    """Each migration tree: the check's name, its version table and its revisions (None: the plugin has none yet)."""
    trees: list[tuple[str, str, ScriptDirectory | None]] = [("migrations", CORE_VERSION_TABLE, _script("core"))]
    for plugin in plugins.plugins:
        folder = migrations_dir(plugin)
        if folder is None:
            continue
        script = _script(str(folder)) if (folder / "versions").is_dir() else None
        trees.append((f"migrations ({plugin.manifest.slug})", version_table(plugin.manifest.slug), script))
    return trees


def _compare(name: str, current: str | None, script: ScriptDirectory | None) -> Check:
    head = script.get_current_head() if script is not None else None
    if current == head:
        return Check(name, True, f"at {head}" if head else "no revisions")
    if current is None:
        return Check(name, False, f"not migrated (this code needs {head}); {UPGRADE_HINT}")
    try:
        known = script is not None and script.get_revision(current) is not None
    except CommandError:
        known = False
    if not known:
        return Check(name, True, f"at {current}, newer than this code's {head}: fine while an upgrade rolls out")
    return Check(name, False, f"at {current}, but this code needs {head}; {UPGRADE_HINT}")


def _sqlite_file_missing(url: str) -> str | None:
    database = make_url(url).database
    if not is_sqlite(url) or not database or database == ":memory:" or database.startswith("file:"):
        return None
    return None if Path(database).exists() else database


async def database_checks(engine: AsyncEngine, plugins: PluginHost, *, show_target: bool = False) -> list[Check]:
    """The database answers; each migration tree (the core's, then each enabled plugin's) is current."""
    url = engine.url.render_as_string(hide_password=True)
    target = f" ({url})" if show_target else ""
    trees = _trees(plugins)
    missing = _sqlite_file_missing(engine.url.render_as_string(hide_password=False))
    if missing is not None:
        return [
            Check("database", False, f"no SQLite database at {missing}; `pl-api db upgrade` creates it"),
            *(Check(name, False, "not checked: no database") for name, _, _ in trees),
        ]

    def read(sync: Connection) -> list[str | None]:
        """Each tree's revision, straight from its version table (None: never migrated)."""
        inspector = inspect(sync)
        found: list[str | None] = []
        for _, table, _ in trees:
            versions: list[str] = []
            if inspector.has_table(table):
                versions = list(sync.execute(text(f'SELECT version_num FROM "{table}"')).scalars())
            found.append(",".join(sorted(versions)) or None)
        return found

    try:
        async with engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
            try:
                current = await connection.run_sync(read)
            except Exception as exc:  # e.g. a role without the right to read the version tables
                return [
                    Check("database", True, url if show_target else ""),
                    *(Check(name, False, f"cannot read {table}: {summary(exc)}") for name, table, _ in trees),
                ]
    except Exception as exc:  # unreachable, refused, wrong password, no such database: say which
        return [
            Check("database", False, f"cannot connect{target}: {summary(exc)}"),
            *(Check(name, False, "not checked: no database") for name, _, _ in trees),
        ]
    return [
        Check("database", True, url if show_target else ""),
        *(_compare(name, revision, script) for (name, _, script), revision in zip(trees, current, strict=True)),
    ]
