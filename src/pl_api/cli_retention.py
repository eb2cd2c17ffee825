"""``pl-api retention run`` and ``pl-api tenants set-retention``: erasing leavers once their tenant's
retention period has passed. Registered on the ``pl-api`` group by ``pl_api.cli``."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime
from uuid import UUID

import click

from pl_api.domain.tenants.models import DEFAULT_RETENTION_YEARS
from pl_api.domain.tenants.service import MAX_RETENTION_YEARS

RETENTION_YEARS = click.IntRange(1, MAX_RETENTION_YEARS)
RETENTION_HELP = (
    f"Years after a staff member's leaving date that `pl-api retention run` erases them "
    f"(default {DEFAULT_RETENTION_YEARS})."
)


@click.command("set-retention")
@click.argument("tenant_id", type=click.UUID)
@click.argument("years", type=RETENTION_YEARS)
def tenants_set_retention(tenant_id: UUID, years: int) -> None:
    """Set how many YEARS after leaving a tenant's staff are erased."""
    from pl_api.cli import run_with_session, settings_or_exit
    from pl_api.domain.tenants.service import set_retention

    try:
        run_with_session(settings_or_exit(), lambda s: set_retention(s, tenant_id, years))
    except LookupError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"tenant {tenant_id}: staff are erased {years} years after leaving")


@click.group()
def retention() -> None:
    """Retention: erasing staff whose leaving date plus their tenant's retention period has passed."""


@retention.command("run")
@click.option("--dry-run", is_flag=True, help="Only list how many would be erased; change nothing.")
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Run as if on this day, YYYY-MM-DD (default: today in UTC).",
)
def retention_run(dry_run: bool, today: datetime | None) -> None:
    """Erase, in every tenant, each staff member who left at least the tenant's retention period ago
    (status `left`, `left_on` that many years before today or earlier), exactly as
    `POST /v1/staff/{id}/erase` does. Prints one line per tenant and the total."""
    from pl_api.cli import plugins_or_exit, settings_or_exit
    from pl_api.db.engine import create_engine, create_session_factory
    from pl_api.domain.privacy.service import TenantRetention, run_retention
    from pl_api.plugin_host.host import PluginErasureError

    settings = settings_or_exit()
    plugins = plugins_or_exit(settings)
    day: date = today.date() if today else datetime.now(UTC).date()

    async def main() -> list[TenantRetention]:
        engine = create_engine(settings.database)
        try:
            return await run_retention(create_session_factory(engine), plugins, day, dry_run=dry_run)
        finally:
            await engine.dispose()

    try:
        results = asyncio.run(main())
    except PluginErasureError as exc:
        raise click.ClickException(
            f"{exc}; staff erased before it stay erased, the rest were left as they were"
        ) from exc
    verb = "would erase" if dry_run else "erased"
    for r in results:
        click.echo(
            f"{r.tenant_id}\t{r.tenant_name}\t{verb} {len(r.staff_ids)} "
            f"(retention {r.retention_years} years: left on or before {r.left_by.isoformat()})"
        )
    total = sum(len(r.staff_ids) for r in results)
    click.echo(f"total: {verb} {total} staff in {len(results)} tenants{' (dry run: nothing changed)' * dry_run}")
