"""The ``pl-api`` command: serve, migrate, create tenants and clients, load a demo, export the spec."""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar
from uuid import UUID

import click
from sqlalchemy.ext.asyncio import AsyncSession

from pl_api.app import create_app
from pl_api.cli_import import import_group
from pl_api.cli_retention import RETENTION_HELP, RETENTION_YEARS, retention, tenants_set_retention
from pl_api.config import ConfigError, Settings, load_settings
from pl_api.db import migrate
from pl_api.db.engine import create_engine, create_session_factory
from pl_api.domain.identity.signing import SigningKeyError
from pl_api.domain.tenants.scopes import CORE_RESOURCES
from pl_api.plugin_host.host import PluginHost, PluginLoadError, installed_plugins
from pl_api.plugin_host.migrations import version_table

T = TypeVar("T")
DEFAULT_OPENAPI_PATH = Path("openapi") / "openapi.json"
DEFAULT_PERMISSIONS_PATH = Path("docs") / "permissions.md"
DEFAULT_CONFIGURATION_PATH = Path("docs") / "configuration.md"


def settings_or_exit() -> Settings:
    """The settings, or exit with the one-line message of what is wrong."""
    try:
        return load_settings()
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from exc


def plugins_or_exit(settings: Settings) -> PluginHost:
    """The enabled plugins, loaded, or exit with the one-line message naming the one that is wrong."""
    try:
        return PluginHost.load(settings.plugins)
    except PluginLoadError as exc:
        raise click.ClickException(str(exc)) from exc


class PlApiCommand(click.Group):
    """The ``pl-api`` group: the core's commands, and ``pl-api <slug> …`` for each enabled plugin's."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self._plugin_groups()})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return super().get_command(ctx, cmd_name) or self._plugin_groups().get(cmd_name)

    @staticmethod
    def _plugin_groups() -> dict[str, click.Command]:
        try:
            host = PluginHost.load(load_settings().plugins)
        except (ConfigError, PluginLoadError):
            return {}  # the core's commands still work; `pl-api plugins list` says what is wrong
        groups: dict[str, click.Group] = {}
        for plugin, command in host.declarations("register_commands"):
            slug = plugin.manifest.slug
            group = groups.setdefault(slug, click.Group(slug, help=f"Commands of the {plugin.manifest.name} plugin."))
            group.add_command(command)
        return dict(groups)


def run_with_session(settings: Settings, work: Callable[[AsyncSession], Awaitable[T]]) -> T:
    """Run ``work`` with a database session as the tables' owner (administrative commands cross
    tenants), then dispose of the engine."""

    async def main() -> T:
        engine = create_engine(settings.database.as_owner())
        try:
            async with create_session_factory(engine)() as session:
                return await work(session)
        finally:
            await engine.dispose()

    return asyncio.run(main())


@click.group(cls=PlApiCommand)
@click.version_option(package_name="pl-api")
def main() -> None:
    """pl-api: the professional-learning API."""


@main.command()
@click.option("--host", help="Interface to listen on (default from config: 127.0.0.1).")
@click.option("--port", type=int, help="Port (default from config: 8000).")
@click.option("--workers", type=int, help="Worker processes (default from config: 1).")
def serve(host: str | None, port: int | None, workers: int | None) -> None:
    """Serve the API with granian, the production ASGI server."""
    from granian.constants import Interfaces
    from granian.log import LogLevels
    from granian.server import Server

    from pl_api.observability.logs import server_logging

    settings = settings_or_exit()
    try:
        create_app(settings)  # fail here, with one clear line, rather than in every worker
    except (ConfigError, PluginLoadError) as exc:
        raise click.ClickException(str(exc)) from exc
    server = Server(
        "pl_api.app:create_served_app",
        address=host or settings.server.host,
        port=port or settings.server.port,
        workers=workers or settings.server.workers,
        interface=Interfaces.ASGI,
        factory=True,
        log_level=LogLevels(settings.logging.level),
        log_dictconfig=server_logging(settings.logging),
    )
    server.serve()


@main.command()
def check() -> None:
    """Check this deployment before serving it: the configuration, the plugins, the database and its migrations
    (the core's and each enabled plugin's). One line per check; exits 1 if any failed."""
    from pl_api.domain.activities.kinds import ActivityKindRegistry
    from pl_api.plugin_host.wiring import collect
    from pl_api.preflight import Check, any_failed, database_checks

    try:
        settings = load_settings()
    except ConfigError as exc:
        click.echo(Check("config", False, str(exc)).line)
        sys.exit(1)  # nothing else can be checked without it
    checks = [Check("config", True)]
    try:
        host = PluginHost.load(settings.plugins)
        collect(host, ActivityKindRegistry.with_core_kinds())  # routes, permissions and tables fit together
        checks.append(Check("plugins", True, ", ".join(host.slugs) or "none enabled"))
    except PluginLoadError as exc:
        checks.append(Check("plugins", False, str(exc)))
        host = PluginHost.empty()
    if settings.tracing.enabled:
        from pl_api.observability.wiring import TRACING_MISSING

        try:
            import pl_api.observability.tracing  # noqa: F401
        except ImportError as exc:
            checks.append(Check("tracing", False, TRACING_MISSING.format(exc=exc)))
        else:
            checks.append(Check("tracing", True, settings.tracing.otlp_endpoint or "OpenTelemetry's default endpoint"))

    async def reach_database() -> list[Check]:
        engine = create_engine(settings.database)
        try:
            return await database_checks(engine, host, show_target=True)
        finally:
            await engine.dispose()

    checks += asyncio.run(reach_database())
    for result in checks:
        click.echo(result.line)
    if any_failed(checks):
        sys.exit(1)


@main.command()
@click.option("--once", is_flag=True, help="Do one round (queue new events, send what is due) and stop.")
def worker(once: bool) -> None:
    """Deliver webhooks: queue each new event for the endpoints that want it and send what is due, retrying
    failures over about a day. Run as many as you like on PostgreSQL; they never send the same attempt twice."""
    from pl_api.domain.webhooks.worker import WebhookWorker

    settings = settings_or_exit()

    async def main() -> None:
        engine = create_engine(settings.database.as_owner())  # it works for every tenant
        try:
            work = WebhookWorker(create_session_factory(engine), settings)
            if once:
                click.echo(f"sent {await work.run_once()} deliveries", err=True)
            else:
                await work.run_forever()
        finally:
            await engine.dispose()

    asyncio.run(main())


@main.group()
def webhooks() -> None:
    """Webhook subscriptions' secrets."""


@webhooks.command("reencrypt")
def webhooks_reencrypt() -> None:
    """Encrypt every stored signing secret again with the first of webhooks.encryption_keys (after adding a key)."""
    from sqlalchemy import select

    from pl_api.domain.webhooks.models import WebhookSubscription
    from pl_api.domain.webhooks.secrets import SecretBox

    settings = settings_or_exit()
    box = SecretBox(settings)

    async def work(session: AsyncSession) -> int:
        count = 0
        for subscription in await session.scalars(select(WebhookSubscription)):
            subscription.secret_encrypted = box.reseal(subscription.secret_encrypted)
            if subscription.previous_secret_encrypted:
                subscription.previous_secret_encrypted = box.reseal(subscription.previous_secret_encrypted)
            count += 1
        await session.commit()
        return count

    click.echo(f"re-encrypted the secrets of {run_with_session(settings, work)} subscriptions")


@main.group()
def db() -> None:
    """Database migrations."""


@db.command("upgrade")
@click.argument("revision", default="head")
def db_upgrade(revision: str) -> None:
    """Migrate the database up: the core, then each enabled plugin's own tables."""
    settings = settings_or_exit()
    migrate.upgrade(settings.database, revision, plugins_or_exit(settings))
    click.echo(f"database at {revision}")


@db.command("downgrade")
@click.argument("revision")
@click.option("--plugin", help="Downgrade this plugin's tables instead of the core's.")
def db_downgrade(revision: str, plugin: str | None) -> None:
    """Migrate the database down to REVISION (``base`` removes every table of the core, or of the plugin)."""
    settings = settings_or_exit()
    migrate.downgrade(settings.database, revision, plugins_or_exit(settings), plugin)
    click.echo(f"{plugin or 'core'} at {revision}")


@db.command("current")
def db_current() -> None:
    """Print the revision the database is at."""
    settings = settings_or_exit()
    current = migrate.current_revision(settings.database)
    head = migrate.head_revision()
    state = "up to date" if current == head else f"behind (newest is {head})"
    click.echo(f"{current or 'not migrated'} ({state})")
    for plugin in plugins_or_exit(settings).plugins:
        if plugin.manifest.migrations is not None:
            at = migrate.current_revision(settings.database, version_table(plugin.manifest.slug))
            click.echo(f"{plugin.manifest.slug}: {at or 'not migrated'}")


@db.command("revision")
@click.option("-m", "--message", required=True, help="What the revision changes.")
@click.option("--rev-id", help="The revision's id (default: a random one).")
@click.option("--empty", is_flag=True, help="Write an empty revision instead of comparing models and database.")
@click.option("--plugin", help="Write a revision of this enabled plugin's tables instead of the core's.")
def db_revision(message: str, rev_id: str | None, empty: bool, plugin: str | None) -> None:
    """Write a new revision from the difference between the models and the database."""
    settings = settings_or_exit()
    try:
        migrate.revision(
            settings.database, message, rev_id, not empty, plugins_or_exit(settings) if plugin else None, plugin
        )
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc


@main.group()
def tenants() -> None:
    """Tenants: trusts and standalone schools."""


@tenants.command("create")
@click.argument("name")
@click.option("--kind", type=click.Choice(["trust", "school"]), default="trust", show_default=True)
@click.option("--retention-years", type=RETENTION_YEARS, default=6, show_default=True, help=RETENTION_HELP)
def tenants_create(name: str, kind: str, retention_years: int) -> None:
    """Create a tenant and print its id."""
    from pl_api.domain.tenants.service import create_tenant

    try:
        tenant = run_with_session(
            settings_or_exit(),
            lambda s: create_tenant(s, name, kind, retention_years),  # type: ignore[arg-type]
        )
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(str(tenant.id))


tenants.add_command(tenants_set_retention)
main.add_command(retention)
main.add_command(import_group)


@main.group()
def clients() -> None:
    """Integration clients and their API keys."""


@clients.command("create")
@click.option("--tenant", "tenant_id", required=True, type=click.UUID, help="The tenant the client acts in.")
@click.option("--name", required=True, help="Who the client is, e.g. 'Wonde sync'.")
@click.option("--scopes", help="Comma-separated, e.g. 'staff:read,activities:write'. Default: everything.")
def clients_create(tenant_id: UUID, name: str, scopes: str | None) -> None:
    """Create a client and print its API key. The key is shown only this once."""
    from pl_api.domain.tenants.service import create_client

    wanted = [s.strip() for s in scopes.split(",") if s.strip()] if scopes else None
    settings = settings_or_exit()
    resources = [*CORE_RESOURCES, *plugins_or_exit(settings).slugs]
    try:
        client = run_with_session(settings, lambda s: create_client(s, tenant_id, name, wanted, resources))
    except (ValueError, LookupError) as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(client.key)
    click.echo(f"client {client.client_id}, scopes {','.join(client.scopes)} (store the key now)", err=True)


@main.group()
def tokens() -> None:
    """Tokens pl-api signs itself, for staff (development and the embedded default)."""


@tokens.command("issue")
@click.option("--staff", "staff_id", required=True, type=click.UUID, help="The staff member the token acts as.")
@click.option("--minutes", type=click.IntRange(1, 60 * 24 * 31), help="How long it lasts (default from config).")
def tokens_issue(staff_id: UUID, minutes: int | None) -> None:
    """Print a signed user token for a staff member; they act with their own roles."""
    from pl_api.domain.identity.service import issue_staff_token

    settings = settings_or_exit()
    try:
        issued = run_with_session(settings, lambda s: issue_staff_token(s, settings.auth, staff_id, minutes))
    except (LookupError, SigningKeyError) as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(issued.token)
    click.echo(f"valid for {issued.expires_in // 60} minutes", err=True)


@main.group()
def issuers() -> None:
    """Identity providers (OpenID Connect issuers) trusted to sign in a tenant's staff."""


@issuers.command("add")
@click.option("--tenant", "tenant_id", required=True, type=click.UUID, help="The tenant whose staff sign in.")
@click.option("--issuer", required=True, help="The tokens' iss, e.g. https://login.microsoftonline.com/<id>/v2.0")
@click.option("--audience", required=True, help="The tokens' aud: the application (client) id registered there.")
@click.option("--jwks-uri", help="Where the signing keys are; found by OIDC discovery when left out.")
@click.option(
    "--staff-claim",
    default="email",
    show_default=True,
    help="The claim naming the staff member: an email claim (email, preferred_username, upn) or sub.",
)
def issuers_add(tenant_id: UUID, issuer: str, audience: str, jwks_uri: str | None, staff_claim: str) -> None:
    """Trust an issuer's tokens for a tenant."""
    from pl_api.domain.identity.service import add_identity_provider

    settings = settings_or_exit()
    try:
        provider = run_with_session(
            settings, lambda s: add_identity_provider(s, tenant_id, issuer, audience, jwks_uri, staff_claim)
        )
    except (LookupError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(str(provider.id))


@issuers.command("list")
@click.option("--tenant", "tenant_id", type=click.UUID, help="Only this tenant's.")
def issuers_list(tenant_id: UUID | None) -> None:
    """List trusted issuers: id, tenant, issuer, audience, staff claim."""
    from pl_api.domain.identity.service import identity_providers

    for p in run_with_session(settings_or_exit(), lambda s: identity_providers(s, tenant_id)):
        click.echo(f"{p.id}\t{p.tenant_id}\t{p.issuer}\t{p.audience}\t{p.staff_claim}")


@issuers.command("remove")
@click.argument("provider_id", type=click.UUID)
def issuers_remove(provider_id: UUID) -> None:
    """Stop trusting an issuer."""
    from pl_api.domain.identity.service import remove_identity_provider

    try:
        run_with_session(settings_or_exit(), lambda s: remove_identity_provider(s, provider_id))
    except LookupError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"removed {provider_id}")


@main.command()
@click.option("--name", default="Oakfield Learning Trust", show_default=True, help="The demo trust's name.")
def demo(name: str) -> None:
    """Load a realistic demo trust and print an API key for it."""
    from pl_api.demo import load_demo

    result = run_with_session(settings_or_exit(), lambda s: load_demo(s, name))
    click.echo(result.key)
    click.echo(
        f"demo tenant {result.tenant_id}: {result.summary}",
        err=True,
    )


@main.group()
def plugins() -> None:
    """Plugins: which are installed, which enabled."""


@plugins.command("list")
def plugins_list() -> None:
    """List installed plugins and whether config enables them."""
    settings = settings_or_exit()
    installed = installed_plugins()
    for slug in sorted({*installed, *settings.plugins.enabled}):
        state = "enabled" if slug in settings.plugins.enabled else "installed"
        if slug not in installed:
            state = "enabled but NOT INSTALLED"
        click.echo(f"{slug}\t{state}")
    plugins_or_exit(settings)


@main.group()
def openapi() -> None:
    """The OpenAPI document."""


def generate_openapi() -> dict[str, Any]:
    """The OpenAPI document of the app as configured."""
    settings = settings_or_exit()
    return create_app(settings, plugins_or_exit(settings)).openapi_schema.to_schema()


def render_openapi(document: dict[str, Any]) -> str:
    """The committed form of the document: sorted keys, two-space indent, final newline."""
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


@main.group()
def permissions() -> None:
    """The permission matrix: roles, permissions and what every operation needs."""


@permissions.command("export")
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=DEFAULT_PERMISSIONS_PATH,
    show_default=True,
    help="Where to write it ('-' for standard output).",
)
def permissions_export(output: Path) -> None:
    """Write docs/permissions.md from the routes and roles of the app as configured."""
    from pl_api.domain.identity.matrix import permissions_markdown

    settings = settings_or_exit()
    write_output(permissions_markdown(create_app(settings, plugins_or_exit(settings))), output)


def write_output(text: str, output: Path) -> None:
    """Write a generated file, or print it when ``output`` is ``-``."""
    if str(output) == "-":
        sys.stdout.write(text)
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    click.echo(f"wrote {output}", err=True)


@openapi.command("export")
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=DEFAULT_OPENAPI_PATH,
    show_default=True,
    help="Where to write it ('-' for standard output).",
)
def openapi_export(output: Path) -> None:
    """Write the OpenAPI document."""
    write_output(render_openapi(generate_openapi()), output)


@main.group("config")
def config_group() -> None:
    """The settings: where they come from and what each one means."""


@config_group.command("reference")
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=DEFAULT_CONFIGURATION_PATH,
    show_default=True,
    help="Where to write it ('-' for standard output).",
)
def config_reference(output: Path) -> None:
    """Write docs/configuration.md from the settings types."""
    from pl_api.config_reference import configuration_markdown

    write_output(configuration_markdown(), output)
