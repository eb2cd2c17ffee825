"""``pl-api import oneroster PATH --tenant …``: a OneRoster set into a tenant, with a progress bar and a summary.

The progress bar and the table are drawn with ``rich`` (already installed with Litestar): it redraws one line
in place, shows rows per second and the time left, and degrades to plain lines when the output is not a
terminal, which click's own progress bar does not do as well for two phases of unknown length.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from uuid import UUID

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from pl_api.db.engine import create_engine, create_session_factory
from pl_api.domain.imports.importer import Importer, ImportSummary
from pl_api.domain.imports.oneroster import OneRosterSet, SetError


@click.group("import")
def import_group() -> None:
    """Import data from an MIS export."""


@import_group.command("oneroster")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("--tenant", "tenant_id", required=True, type=click.UUID, help="The tenant to import into.")
@click.option("--source", default="oneroster", show_default=True, help="The source the records are keyed by.")
@click.option("--valid-only", is_flag=True, help="Import the valid rows even if others have problems.")
@click.option("--force", is_flag=True, help="Apply a bulk file even if it marks many of a school's staff as left.")
def import_oneroster(path: Path, tenant_id: UUID, source: str, valid_only: bool, force: bool) -> None:
    """Import a OneRoster 1.1 or 1.2 CSV set (a zip file or a folder). Pupils, parents, guardians and relatives
    are dropped as they are read and never stored. A set with problems imports nothing (unless --valid-only);
    every problem is listed with its file and line. Exits 1 if anything was not imported."""
    from pl_api.cli import settings_or_exit

    settings = settings_or_exit()
    try:
        roster = OneRosterSet(path)
    except SetError as exc:
        raise click.ClickException(str(exc)) from exc
    console = Console(stderr=True)

    async def main() -> ImportSummary:
        engine = create_engine(settings.database.as_owner())
        try:
            with Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=console,
            ) as bar:
                task = bar.add_task("checking", total=None)

                def progress(phase: str, done: int, total: int) -> None:
                    bar.update(task, description=phase, completed=done, total=total or None)

                importer = Importer(
                    create_session_factory(engine),
                    tenant_id,
                    roster,
                    source=source,
                    valid_only=valid_only,
                    force=force,
                    share=settings.sync.max_deactivate_share,
                    progress=progress,
                )
                return await importer.run()
        finally:
            await engine.dispose()
            roster.close()

    summary = asyncio.run(main())
    print_summary(Console(), summary)
    if summary.problem_count or not summary.applied:
        raise SystemExit(1)


def print_summary(console: Console, summary: ImportSummary) -> None:
    """The counts per kind as a table, then every problem with its file and line."""
    table = Table(title=f"OneRoster {summary.version}: {'imported' if summary.applied else 'NOTHING imported'}")
    for column in ("", "created", "updated", "unchanged", "error", "deactivated"):
        table.add_column(column, justify="right" if column else "left")
    for kind, counts in summary.counts.items():
        table.add_row(
            kind, *(str(getattr(counts, c)) for c in ("created", "updated", "unchanged", "error", "deactivated"))
        )
    console.print(table)
    console.print(f"{summary.dropped_rows} rows of pupils, parents, guardians and relatives dropped unread")
    for problem in summary.problems:
        where = f"{problem.file}:{problem.line}" if problem.line else problem.file
        console.print(
            f"[red]{where}[/red] {problem.field + ': ' if problem.field else ''}{problem.detail}", highlight=False
        )
    if summary.problem_count > len(summary.problems):
        console.print(f"… and {summary.problem_count - len(summary.problems)} more problems")
