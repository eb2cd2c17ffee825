"""Logs, metrics and traces as an operator sees them: one line per request naming its id, caller and route
template; Prometheus metrics at /metrics; OpenTelemetry spans for requests and database calls."""

from __future__ import annotations

import json
import logging
import os
import re
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from litestar import Litestar, post
from litestar.params import JSONBody
from prometheus_client.parser import text_string_to_metric_families

from pl_api.app import create_app
from pl_api.config import MetricsSettings, PluginsSettings, Settings, TracingSettings
from pl_api.observability.logs import formatter
from pl_api.plugin_host.host import PluginHost
from pl_api.testing import TEST_AUTH, TenantClient, new_tenant_client

METRICS_TOKEN = "metrics-reader-" + "k" * 24


@pytest.fixture
def log_lines() -> Iterator[list[dict[str, Any]]]:
    """The log lines written during a test, as the JSON objects production would write."""
    lines: list[dict[str, Any]] = []
    handler = logging.Handler()
    handler.setFormatter(formatter(as_json=True))
    handler.emit = lambda record: lines.append(json.loads(handler.format(record)))  # type: ignore[method-assign]
    logging.getLogger().addHandler(handler)
    yield lines
    logging.getLogger().removeHandler(handler)


def access_lines(lines: list[dict[str, Any]], request_id: str) -> list[dict[str, Any]]:
    return [line for line in lines if line["logger"] == "pl_api.access" and line.get("request_id") == request_id]


async def client_for(app: Litestar) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver")


async def test_a_request_writes_one_line_naming_its_id_caller_and_route_template(
    api: TenantClient, log_lines: list[dict[str, Any]]
) -> None:
    staff = await api.create(
        "/v1/staff", {"given_name": "Oluwaseun", "family_name": "Adeyemi", "email": "oa@s.example"}
    )
    response = await api.get(f"/v1/staff/{staff['id']}", headers={"X-Request-ID": "lb-7f3a.2:9"})
    assert response.headers["x-request-id"] == "lb-7f3a.2:9"
    [line] = access_lines(log_lines, "lb-7f3a.2:9")
    assert {k: v for k, v in line.items() if k not in {"actor", "duration_ms", "timestamp"}} == {
        "event": "request",
        "level": "info",
        "logger": "pl_api.access",
        "request_id": "lb-7f3a.2:9",
        "tenant_id": str(api.tenant_id),
        "method": "GET",
        "route": "/v1/staff/{staff_id}",
        "status": 200,
    }
    assert re.fullmatch(r"client:[0-9a-f-]{36}", line["actor"])
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    assert staff["id"] not in json.dumps(line)  # the template, not the path


async def test_a_staff_member_is_named_by_id_and_the_query_string_is_never_logged(
    app: Litestar, api: TenantClient, log_lines: list[dict[str, Any]]
) -> None:
    staff = await api.create("/v1/staff", {"given_name": "Siobhan", "family_name": "Kerr", "email": "sk@s.example"})
    response = await api.as_staff(app, staff["id"]).get("/v1/staff?email=sk@s.example")
    [line] = access_lines(log_lines, response.headers["x-request-id"])
    assert line["actor"] == f"staff:{staff['id']}"
    assert line["route"] == "/v1/staff"
    assert "sk@s.example" not in json.dumps(log_lines)


async def test_a_missing_or_malformed_request_id_is_replaced_by_a_new_one(
    http: httpx.AsyncClient, log_lines: list[dict[str, Any]]
) -> None:
    given: list[str] = []
    for sent in ["x" * 129, "two words", "<script>", "ünïcode", None]:
        headers = {"X-Request-ID": sent.encode()} if sent else {}
        response = await http.get("/health/live", headers=headers)
        request_id = response.headers["x-request-id"]
        assert re.fullmatch(r"[0-9a-f]{32}", request_id), request_id
        assert len(access_lines(log_lines, request_id)) == 1
        given.append(request_id)
    assert len(set(given)) == len(given)


async def test_a_refused_request_and_an_unknown_path_are_logged_without_their_path(
    http: httpx.AsyncClient, log_lines: list[dict[str, Any]]
) -> None:
    refused = await http.get("/v1/schools", headers={"Authorization": "Bearer pl_0123456789ab_not-a-real-key"})
    unknown = await http.get("/wp-admin/setup.php?user=admin")
    [refused_line] = access_lines(log_lines, refused.headers["x-request-id"])
    [unknown_line] = access_lines(log_lines, unknown.headers["x-request-id"])
    assert (refused_line["status"], refused_line["route"], refused_line["tenant_id"]) == (401, "/v1/schools", None)
    assert (unknown_line["status"], unknown_line["route"]) == (404, "unmatched")
    assert "wp-admin" not in json.dumps(log_lines)


async def test_an_unexpected_error_is_logged_with_the_request_id_and_without_the_request_body(
    migrated_settings: Settings, log_lines: list[dict[str, Any]]
) -> None:
    @post("/test-only/fail", sync_to_thread=False)
    def fail(data: JSONBody[dict[str, str]]) -> None:
        raise RuntimeError("the handler failed")

    app = create_app(migrated_settings, PluginHost.empty())
    app.register(fail)
    async with await client_for(app) as client:
        body = {"given_name": "Marguerite", "note": "words only the caller should see"}
        response = await client.post("/test-only/fail", json=body, headers={"X-Request-ID": "fail-1"})
    await app.state.engine.dispose()
    assert response.status_code == 500
    assert "the handler failed" not in response.text
    [error] = [line for line in log_lines if line["logger"] == "pl_api.errors"]
    assert error["request_id"] == "fail-1"
    assert error["level"] == "error"
    assert "RuntimeError: the handler failed" in error["exception"]
    [access] = access_lines(log_lines, "fail-1")
    assert (access["status"], access["level"]) == (500, "error")
    written = json.dumps(log_lines)
    assert "Marguerite" not in written
    assert "words only the caller should see" not in written


def test_logging_format_auto_is_json_unless_a_terminal(tmp_path: Path) -> None:
    from pl_api.config import LoggingSettings
    from pl_api.observability.logs import wants_json

    class Terminal:
        def isatty(self) -> bool:
            return True

    with (tmp_path / "log").open("w") as file:
        assert wants_json(LoggingSettings(), file)
        assert not wants_json(LoggingSettings(format="console"), file)
    assert not wants_json(LoggingSettings(), Terminal())  # type: ignore[arg-type]
    assert wants_json(LoggingSettings(format="json"), Terminal())  # type: ignore[arg-type]


# --- metrics -------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
async def metrics_app(migrated_settings: Settings) -> AsyncIterator[tuple[Litestar, httpx.AsyncClient]]:
    """An app serving /metrics behind a token."""
    settings = Settings(
        database=migrated_settings.database,
        auth=TEST_AUTH,
        metrics=MetricsSettings(enabled=True, token=METRICS_TOKEN),
    )
    app = create_app(settings, PluginHost.empty())
    async with await client_for(app) as client:
        yield app, client
    await app.state.engine.dispose()


async def scrape(client: httpx.AsyncClient) -> dict[str, Any]:
    response = await client.get("/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/plain; version=")
    return {family.name: family for family in text_string_to_metric_families(response.text)}


def sample(families: dict[str, Any], name: str, **labels: str) -> float | None:
    for family in families.values():
        for s in family.samples:
            if s.name == name and all(s.labels.get(k) == v for k, v in labels.items()):
                return float(s.value)
    return None


async def test_metrics_show_the_request_just_made_by_its_route_template(
    metrics_app: tuple[Litestar, httpx.AsyncClient],
) -> None:
    app, client = metrics_app
    api = await new_tenant_client(app, client)
    staff = await api.create("/v1/staff", {"given_name": "Tomasz", "family_name": "Nowak", "email": "tn@s.example"})
    assert (await api.get(f"/v1/staff/{staff['id']}")).status_code == 200
    families = await scrape(client)
    labels = {"method": "GET", "route": "/v1/staff/{staff_id}", "status": "200"}
    assert sample(families, "pl_api_http_requests_total", **labels) == 1
    assert sample(families, "pl_api_http_request_duration_seconds_count", **labels) == 1
    assert sample(families, "pl_api_http_requests_total", method="POST", route="/v1/staff", status="201") == 1
    assert not any(staff["id"] in s.labels.get("route", "") for f in families.values() for s in f.samples)


async def test_metrics_show_the_pool_and_the_outbox(
    metrics_app: tuple[Litestar, httpx.AsyncClient], database_kind: str
) -> None:
    app, client = metrics_app
    api = await new_tenant_client(app, client)
    before = await scrape(client)
    await api.create("/v1/schools", {"name": "Outbox Primary"})
    after = await scrape(client)
    assert sample(after, "pl_api_db_pool_size") == (5 if database_kind == "sqlite" else 10)
    assert sample(after, "pl_api_db_pool_checked_out") is not None
    outbox_before, outbox_after = (
        sample(before, "pl_api_events_outbox_rows"),
        sample(after, "pl_api_events_outbox_rows"),
    )
    assert outbox_before is not None and outbox_after is not None
    if database_kind == "sqlite":  # exact; PostgreSQL's is the statistics' estimate, updated lazily
        assert outbox_after == outbox_before + 1


async def test_metrics_name_each_enabled_plugin(migrated_settings: Settings) -> None:
    pytest.importorskip("pl_api_sample", reason="install tests/plugins/pl_api_sample (dev.py test does)")
    plugins = PluginsSettings(enabled=["sample"], settings={"sample": {"greeting": "ahoy"}})
    settings = Settings(database=migrated_settings.database, metrics=MetricsSettings(enabled=True), plugins=plugins)
    app = create_app(settings)
    async with await client_for(app) as client:
        families = {f.name: f for f in text_string_to_metric_families((await client.get("/metrics")).text)}
    await app.state.engine.dispose()
    [loaded] = families["pl_api_plugin_loaded"].samples
    assert (loaded.labels["plugin"], loaded.value) == ("sample", 1)


async def test_metrics_need_the_token_when_one_is_set(metrics_app: tuple[Litestar, httpx.AsyncClient]) -> None:
    _, client = metrics_app
    assert (await client.get("/metrics")).status_code == 401
    wrong = await client.get("/metrics", headers={"Authorization": "Bearer not-the-token"})
    assert wrong.status_code == 401
    assert wrong.headers["content-type"].startswith("application/problem+json")
    assert (await client.get("/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"})).status_code == 200


async def test_metrics_are_off_by_default(http: httpx.AsyncClient, app: Litestar) -> None:
    assert (await http.get("/metrics")).status_code == 404
    assert app.state.metrics is None
    assert "/metrics" not in app.openapi_schema.to_schema()["paths"]


# --- tracing -------------------------------------------------------------------------------------------------


async def test_a_request_makes_a_server_span_with_database_spans_inside_it(
    migrated_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
    from opentelemetry.trace import SpanKind

    from pl_api.observability import tracing

    exporter = InMemorySpanExporter()
    monkeypatch.setattr(tracing, "span_exporter", lambda settings: exporter)
    settings = Settings(database=migrated_settings.database, auth=TEST_AUTH, tracing=TracingSettings(enabled=True))
    app = create_app(settings, PluginHost.empty())
    async with await client_for(app) as client:
        api = await new_tenant_client(app, client)
        assert (await api.get("/v1/staff?email=private.person@s.example")).status_code == 200
    await app.state.engine.dispose()
    app.state.tracing.provider.force_flush()
    spans = exporter.get_finished_spans()
    [server] = [s for s in spans if s.kind == SpanKind.SERVER]
    assert server.name == "GET /v1/staff"
    assert server.attributes["http.route"] == "/v1/staff"
    statements = [s for s in spans if s.kind == SpanKind.CLIENT and s.context.trace_id == server.context.trace_id]
    assert any("staff" in str(s.attributes.get("db.statement", "")) for s in statements), [s.name for s in spans]
    recorded = json.dumps([dict(s.attributes or {}) for s in spans] + [s.name for s in spans])
    assert "private.person" not in recorded


def test_with_tracing_and_metrics_off_nothing_of_them_is_loaded_or_wrapped(tmp_path: Path) -> None:
    """(Litestar and redis-py import parts of OpenTelemetry whenever it is installed; pl-api adds nothing.)"""
    script = (
        "import sys\n"
        "from pl_api.app import create_app\n"
        "from pl_api.config import Settings\n"
        "app = create_app(Settings())\n"
        "from opentelemetry import trace\n"
        "print(type(trace.get_tracer_provider()).__name__)\n"
        "handler = app.asgi_handler\n"
        "chain = []\n"
        "while handler is not None:\n"
        "    chain.append(type(handler).__name__)\n"
        "    handler = getattr(handler, 'app', None)\n"
        "print(','.join(chain))\n"
        "print(sorted(m for m in sys.modules if m.startswith(\n"
        "    ('prometheus_client', 'pl_api.observability.tracing', 'pl_api.observability.metrics',\n"
        "     'opentelemetry.sdk.trace', 'opentelemetry.instrumentation.sqlalchemy', 'opentelemetry.exporter'))))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, check=True)
    provider, chain, modules = done.stdout.strip().splitlines()
    assert provider == "ProxyTracerProvider"  # no tracer provider was made
    assert chain.split(",")[:3] == ["RequestObserver", "ExceptionHandlerMiddleware", "ASGIRouter"], chain
    assert modules == "[]"


def test_with_a_multiprocess_directory_request_counts_are_shared_by_workers(tmp_path: Path) -> None:
    """prometheus_client's multiprocess mode (chosen when it is imported), in a process of its own."""
    shared = tmp_path / "metrics"
    shared.mkdir()
    script = (
        "import asyncio, httpx\n"
        "from pl_api.app import create_app\n"
        "from pl_api.config import MetricsSettings, Settings\n"
        "app = create_app(Settings(metrics=MetricsSettings(enabled=True)))\n"
        "async def main():\n"
        "    transport = httpx.ASGITransport(app=app)\n"
        "    async with httpx.AsyncClient(transport=transport, base_url='http://t') as client:\n"
        "        await client.get('/health/live')\n"
        "        await client.get('/health/live')\n"
        "        print((await client.get('/metrics')).text)\n"
        "asyncio.run(main())\n"
    )
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(shared)}
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True, check=True
    )
    families = {f.name: f for f in text_string_to_metric_families(done.stdout)}
    labels = {"method": "GET", "route": "/health/live", "status": "200"}
    assert sample(families, "pl_api_http_requests_total", **labels) == 2
    assert any(path.name.startswith("counter_") for path in shared.iterdir())  # written where workers share it
