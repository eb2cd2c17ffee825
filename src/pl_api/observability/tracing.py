"""OpenTelemetry traces: a server span for every request and a span for every database statement.

Imported only when ``tracing.enabled`` is true (it needs ``pip install 'pl-api[tracing]'``), so with
tracing off nothing of OpenTelemetry is loaded or wrapped. Spans name the route template, never the
query string, which can hold personal data (``/v1/staff?email=…``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from litestar.plugins.opentelemetry import OpenTelemetryConfig, OpenTelemetryPlugin
from litestar.types import Message, Scope
from opentelemetry import metrics, trace
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.instrumentation.sqlalchemy.engine import EngineTracer
from opentelemetry.instrumentation.sqlalchemy.version import __version__ as sqlalchemy_instrumentation_version
from opentelemetry.sdk.resources import SERVICE_NAME, Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, SpanExporter
from opentelemetry.semconv.attributes.http_attributes import HTTP_ROUTE
from sqlalchemy.ext.asyncio import AsyncEngine

from pl_api.config import TracingSettings

URL_ATTRIBUTES = ("http.url", "url.full", "http.target")
"""Span attributes that carry the request's URL: recorded without their query string."""


def span_exporter(settings: TracingSettings) -> SpanExporter:
    """Where finished spans go: OTLP over HTTP to the configured endpoint (or OpenTelemetry's own variables)."""
    return OTLPSpanExporter(endpoint=settings.otlp_endpoint or None)


def _drop_query(span: Any, _scope: dict[str, Any]) -> None:
    """Server-request hook: keep URLs in the span without the query string, which may name a person."""
    attributes = getattr(span, "attributes", None) or {}
    for key in URL_ATTRIBUTES:
        value = attributes.get(key)
        if isinstance(value, str) and "?" in value:
            span.set_attribute(key, value.split("?", 1)[0])
    if "url.query" in attributes:
        span.set_attribute("url.query", "")


async def name_span_by_route(message: Message, scope: Scope) -> None:
    """``before_send`` hook: once routed, name the request's span by its route template, not its path."""
    template = scope.get("path_template")
    if message["type"] == "http.response.start" and template:
        span = trace.get_current_span()
        span.update_name(f"{scope.get('method', '')} {template}")
        span.set_attribute(HTTP_ROUTE, template)


@dataclass
class Tracing:
    """What the app wires in when tracing is on: the Litestar plugin, the provider and the engine's tracer."""

    plugin: OpenTelemetryPlugin
    provider: TracerProvider
    engine_tracer: EngineTracer

    def shutdown(self) -> None:
        """Export the spans still buffered, then stop."""
        self.provider.shutdown()


def instrument(settings: TracingSettings, engine: AsyncEngine) -> Tracing:
    """A tracer provider exporting over OTLP, the Litestar plugin for request spans, and spans for the
    statements of ``engine`` (only this engine: nothing global is patched)."""
    provider = TracerProvider(resource=Resource.create({SERVICE_NAME: settings.service_name}))
    provider.add_span_processor(BatchSpanProcessor(span_exporter(settings)))
    plugin = OpenTelemetryPlugin(
        OpenTelemetryConfig(
            tracer_provider=provider,
            server_request_hook_handler=_drop_query,
            exclude_spans=["receive", "send"],
        )
    )
    tracer = provider.get_tracer("opentelemetry.instrumentation.sqlalchemy", sqlalchemy_instrumentation_version)
    connections = metrics.get_meter(__name__).create_up_down_counter("db.client.connections.usage")
    engine_tracer = EngineTracer(tracer, engine.sync_engine, connections)  # type: ignore[no-untyped-call]
    return Tracing(plugin=plugin, provider=provider, engine_tracer=engine_tracer)
