"""Settings: a TOML file overlaid by ``PL_API_*`` environment variables, decoded into msgspec Structs.

The file is ``$PL_API_CONFIG`` or, when that is unset, ``./pl-api.toml`` if it exists. Every
leaf setting ``[section] key`` can be overridden by the variable ``PL_API_SECTION_KEY``.
"""

from __future__ import annotations

import json
import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal

import msgspec
from msgspec import Meta, Struct

DEFAULT_CONFIG_FILE = "pl-api.toml"
ENV_PREFIX = "PL_API_"


class ConfigError(Exception):
    """The configuration is invalid; the message is one line naming the key and what was expected."""


class DatabaseSettings(Struct, forbid_unknown_fields=True, kw_only=True):
    """Where the data lives."""

    url: str = "sqlite+aiosqlite:///./pl-api.db"
    """SQLAlchemy URL the API connects with: ``sqlite+aiosqlite:///PATH`` (embedded) or
    ``postgresql+asyncpg://…`` (production, as a role that owns nothing: see docs/security.md)."""
    migration_url: str = ""
    """The connection of the role that owns the tables, for ``pl-api db upgrade`` and the administrative
    commands; empty: ``url``. When its user differs from ``url``'s, an upgrade grants ``url``'s role the
    right to read and write rows, and nothing more."""
    pool_size: Annotated[int, Meta(ge=1, le=200)] = 10
    """Connections kept open per worker (PostgreSQL)."""
    pooling: bool = True
    """Keep connections open between requests; turn off behind an external pooler such as PgBouncer."""
    echo: bool = False
    """Log every SQL statement (development only)."""
    busy_timeout_ms: Annotated[int, Meta(ge=0, le=600_000)] = 5000
    """How long a SQLite writer waits for the lock before giving up."""

    def as_owner(self) -> DatabaseSettings:
        """These settings connecting as the tables' owner (``migration_url`` when set)."""
        return msgspec.structs.replace(self, url=self.migration_url) if self.migration_url else self


class ServerSettings(Struct, forbid_unknown_fields=True, kw_only=True):
    """How ``pl-api serve`` listens."""

    host: str = "127.0.0.1"
    """Interface to listen on (``0.0.0.0`` for every interface, e.g. in a container)."""
    port: Annotated[int, Meta(ge=1, le=65535)] = 8000
    """Port to listen on."""
    workers: Annotated[int, Meta(ge=1, le=256)] = 1
    """Worker processes; about one per CPU core."""


class HttpSettings(Struct, forbid_unknown_fields=True, kw_only=True):
    """HTTP conventions that an operator may tune."""

    cors_origins: list[str] = msgspec.field(default_factory=list)
    """Browser origins allowed to call the API (none by default)."""
    max_body_bytes: Annotated[int, Meta(ge=1024, le=100_000_000)] = 1_048_576
    """Largest request body accepted; a larger one is answered 413."""
    rate_limit_per_minute: Annotated[int, Meta(ge=0, le=1_000_000)] = 600
    """Requests per minute for each API client and each user; 0 turns rate limiting off. Over it: 429."""
    rate_limit_store: Literal["memory", "redis"] = "memory"
    """Where request counts live: this process, or Redis so that every worker and host shares them."""
    redis_url: str = "redis://127.0.0.1:6379/0"
    """Redis for shared rate-limit counts (used when rate_limit_store is redis)."""
    public_url: Annotated[str, Meta(pattern=r"^(https?://[^\s/?#]+(/[^\s?#]*)?)?$")] = ""
    """The address people reach pl-api at, such as ``https://cpd.oakfield.example``: calendar feed URLs start with
    it. Empty: they start with the address each request came to (its ``Host``)."""
    idempotency_key_hours: Annotated[int, Meta(ge=1, le=24 * 30)] = 24
    """How long an ``Idempotency-Key`` is remembered after its first use: a retry within this time gets the
    first response back; after it the key may be used again."""


class AuthSettings(Struct, forbid_unknown_fields=True, kw_only=True):
    """Tokens this deployment signs itself: user tokens (``pl-api tokens issue``) and client-credentials tokens."""

    signing_key: str = ""
    """Secret that signs and checks the tokens pl-api issues (HS256, at least 32 characters). Empty: read
    ``signing_key_file``, creating it with a random key on first use. Set it (e.g. ``PL_API_AUTH_SIGNING_KEY``)
    to the same value on every worker and host."""
    signing_key_file: str = "pl-api-signing.key"
    """Where the generated signing key is kept when ``signing_key`` is empty (readable by its owner only)."""
    issuer: str = "pl-api"
    """The ``iss`` and ``aud`` of tokens pl-api issues."""
    user_token_minutes: Annotated[int, Meta(ge=1, le=60 * 24 * 31)] = 60
    """How long a token from ``pl-api tokens issue`` lasts."""
    client_token_minutes: Annotated[int, Meta(ge=1, le=24 * 60)] = 15
    """How long a token from the client-credentials grant (``POST /oauth/token``) lasts."""
    clock_skew_seconds: Annotated[int, Meta(ge=0, le=300)] = 30
    """Leeway when checking a token's expiry and not-before times against this server's clock."""
    cache_seconds: Annotated[int, Meta(ge=0, le=300)] = 10
    """How long a worker remembers a verified API key or token, so most requests skip the database. A key
    revoked or a staff member who left through this worker is refused at once; through another worker, the CLI
    or SQL, within this many seconds. 0: check every request against the database."""

    def __post_init__(self) -> None:
        if self.signing_key and len(self.signing_key) < 32:
            raise ValueError("auth.signing_key must be at least 32 characters long")


class LoggingSettings(Struct, forbid_unknown_fields=True, kw_only=True):
    """What pl-api logs, and how: one line per request and whatever goes wrong, never personal data or secrets."""

    level: Literal["debug", "info", "warning", "error"] = "info"
    """The least severe messages written; ``info`` includes the line for every request."""
    format: Literal["auto", "json", "console"] = "auto"
    """``json``: one JSON object per line, for log collectors; ``console``: readable, for a terminal; ``auto``:
    ``console`` when standard error is a terminal, otherwise ``json``."""


class MetricsSettings(Struct, forbid_unknown_fields=True, kw_only=True):
    """Prometheus metrics at ``/metrics``: requests, the connection pool, the events outbox, plugins."""

    enabled: bool = False
    """Serve ``/metrics``; when off the path does not exist and nothing is counted."""
    token: str = ""
    """When set, ``/metrics`` answers only requests sending ``Authorization: Bearer <token>`` (401 otherwise).
    Empty: anyone who can reach the port may read the metrics, so keep it on a private network."""


class TracingSettings(Struct, forbid_unknown_fields=True, kw_only=True):
    """OpenTelemetry traces of requests and database calls (needs ``pip install 'pl-api[tracing]'``)."""

    enabled: bool = False
    """Record a span for every request and database call and export them over OTLP. Off: pl-api makes no
    tracer and wraps nothing, so tracing costs nothing."""
    otlp_endpoint: str = ""
    """Where spans are sent (OTLP over HTTP), e.g. ``http://collector:4318/v1/traces``. Empty: OpenTelemetry's
    own ``OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`` or ``OTEL_EXPORTER_OTLP_ENDPOINT`` variables, else
    ``http://localhost:4318/v1/traces``."""
    service_name: str = "pl-api"
    """The ``service.name`` the spans carry."""


class SyncSettings(Struct, forbid_unknown_fields=True, kw_only=True):
    """MIS sync (``POST /v1/sync/…``) and OneRoster imports."""

    max_deactivate_share: Annotated[float, Meta(ge=0, le=1)] = 0.1
    """The largest share of a school's active staff (or of a source's schools or teams) that a full sync or a
    bulk import may deactivate; beyond it the whole batch is refused unless sent with ``force``, because a
    broken export must not wipe a school."""
    max_upload_bytes: Annotated[int, Meta(ge=1024, le=10_000_000_000)] = 200_000_000
    """The largest OneRoster zip ``POST /v1/imports/oneroster`` accepts (413 beyond it); larger sets can be
    imported with ``pl-api import oneroster``."""


class WebhookSettings(Struct, forbid_unknown_fields=True, kw_only=True):
    """Webhook deliveries: who delivers them, and the keys their signing secrets are encrypted with."""

    encryption_keys: list[str] = msgspec.field(default_factory=list)
    """Fernet keys (``python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"``)
    that encrypt the signing secrets at rest. The first encrypts; every one decrypts. To rotate: put a new key
    first, keep the old ones after it, run ``pl-api webhooks reencrypt``, then drop the old ones. Empty: a key
    derived from the token signing key (fine for the embedded default; set your own in production)."""
    in_process: Literal["auto", "on", "off"] = "auto"
    """Deliver from the API process itself: ``auto`` does so on SQLite (the embedded default) and leaves it to
    ``pl-api worker`` on PostgreSQL."""
    poll_seconds: Annotated[float, Meta(ge=0.1, le=300)] = 2.0
    """How often a worker looks for new events and due deliveries."""
    timeout_seconds: Annotated[float, Meta(ge=1, le=60)] = 10.0
    """How long a delivery waits for the endpoint's answer; longer counts as a failure and is retried."""
    batch_size: Annotated[int, Meta(ge=1, le=1000)] = 50
    """Deliveries a worker takes at once (each held for a minute; a worker that dies gives them back then)."""


class PluginsSettings(Struct, forbid_unknown_fields=True, kw_only=True):
    """Which plugins run, and their settings (each checked against the plugin's own settings type)."""

    enabled: list[str] = msgspec.field(default_factory=list)
    """Slugs of the plugins to load, e.g. ``["tlc", "coaching"]``. Only these are imported."""
    settings: dict[str, dict[str, Any]] = msgspec.field(default_factory=dict)
    """A plugin's own settings: the ``[plugins.<slug>]`` table of the config file, checked against the
    plugin's settings type at start-up."""


class Settings(Struct, forbid_unknown_fields=True, kw_only=True):
    """All settings of one pl-api deployment."""

    database: DatabaseSettings = msgspec.field(default_factory=DatabaseSettings)
    server: ServerSettings = msgspec.field(default_factory=ServerSettings)
    http: HttpSettings = msgspec.field(default_factory=HttpSettings)
    auth: AuthSettings = msgspec.field(default_factory=AuthSettings)
    logging: LoggingSettings = msgspec.field(default_factory=LoggingSettings)
    metrics: MetricsSettings = msgspec.field(default_factory=MetricsSettings)
    tracing: TracingSettings = msgspec.field(default_factory=TracingSettings)
    sync: SyncSettings = msgspec.field(default_factory=SyncSettings)
    webhooks: WebhookSettings = msgspec.field(default_factory=WebhookSettings)
    plugins: PluginsSettings = msgspec.field(default_factory=PluginsSettings)


def env_var_name(section: str, key: str) -> str:
    """The environment variable that overrides ``[section] key``."""
    return f"{ENV_PREFIX}{section}_{key}".upper()


def _section_types() -> dict[str, type[Struct]]:
    return {f.name: f.type for f in msgspec.structs.fields(Settings)}


def _gather_plugin_tables(data: dict[str, Any]) -> None:
    """``[plugins.<slug>]`` tables sit beside ``enabled`` in the file; move them under ``settings``."""
    section = data.get("plugins")
    if isinstance(section, dict):
        tables = {k: v for k, v in section.items() if isinstance(v, dict)}
        data["plugins"] = {**{k: v for k, v in section.items() if k not in tables}, "settings": tables}


def _parse_env_value(raw: str, default: Any) -> Any:
    """Environment values are strings; lists may be given as JSON or comma-separated."""
    if isinstance(default, list):
        stripped = raw.strip()
        if stripped.startswith("["):
            return json.loads(stripped)
        return [part.strip() for part in stripped.split(",") if part.strip()]
    return raw


def _env_overrides(environ: Mapping[str, str]) -> dict[str, dict[str, Any]]:
    overrides: dict[str, dict[str, Any]] = {}
    for section, section_type in _section_types().items():
        defaults = section_type()
        for field in msgspec.structs.fields(section_type):
            if isinstance(getattr(defaults, field.name), dict):
                continue  # tables of their own, such as [plugins.<slug>]: set per key by their owner
            name = env_var_name(section, field.name)
            if name in environ:
                value = _parse_env_value(environ[name], getattr(defaults, field.name))
                overrides.setdefault(section, {})[field.name] = value
    return overrides


def _describe_location(path: str) -> str:
    """Turn msgspec's ``$.server.port`` into ``server.port (PL_API_SERVER_PORT)``."""
    dotted = path.removeprefix("$").lstrip(".")
    parts = dotted.split(".")
    if len(parts) == 2:
        return f"{dotted} (or {env_var_name(*parts)})"
    return dotted or "the file"


def load_settings(config_file: str | Path | None = None, environ: Mapping[str, str] | None = None) -> Settings:
    """Read the config file and environment into ``Settings``; raise ``ConfigError`` if invalid."""
    environ = os.environ if environ is None else environ
    path = Path(config_file or environ.get(f"{ENV_PREFIX}CONFIG") or DEFAULT_CONFIG_FILE)
    data: dict[str, Any] = {}
    explicit = bool(config_file or environ.get(f"{ENV_PREFIX}CONFIG"))
    if path.exists():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"config file {path}: not valid TOML: {exc}") from exc
    elif explicit:
        raise ConfigError(f"config file {path} does not exist (set PL_API_CONFIG to an existing file)")
    _gather_plugin_tables(data)
    try:
        overrides = _env_overrides(environ)
    except json.JSONDecodeError as exc:
        raise ConfigError(f"an environment list setting is not valid JSON: {exc}") from exc
    for section, values in overrides.items():
        existing = data.get(section)
        data[section] = {**existing, **values} if isinstance(existing, dict) else values
    try:
        return msgspec.convert(data, Settings, strict=False)
    except msgspec.ValidationError as exc:
        message, _, location = str(exc).rpartition(" - at `")
        if not message:
            raise ConfigError(f"invalid configuration: {exc}") from exc
        where = _describe_location(location.rstrip("`"))
        raise ConfigError(f"invalid configuration: {where}: {message}") from exc
