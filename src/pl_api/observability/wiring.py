"""What the app factory wires in for metrics and tracing, as the settings ask."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy.ext.asyncio import AsyncEngine

from pl_api.config import ConfigError, Settings
from pl_api.plugin_host.host import PluginHost

if TYPE_CHECKING:
    from pl_api.observability.metrics import HttpMetrics
    from pl_api.observability.tracing import Tracing

TRACING_MISSING = "tracing.enabled is true but OpenTelemetry is not installed ({exc}): pip install 'pl-api[tracing]'"


@dataclass
class Observability:
    """Metrics and tracing as the settings ask; their modules (prometheus_client, OpenTelemetry) are imported
    only when turned on, so what is off costs nothing."""

    metrics: HttpMetrics | None = None
    tracing: Tracing | None = None
    route_handlers: list[Any] = field(default_factory=list)
    plugins: list[Any] = field(default_factory=list)
    before_send: list[Any] = field(default_factory=list)

    @classmethod
    def of(cls, settings: Settings, engine: AsyncEngine, host: PluginHost) -> Observability:
        """The route, plugin and hooks to add to the app, and the metrics and tracing it keeps in its state."""
        wired = cls()
        if settings.metrics.enabled:
            from pl_api.observability.metrics import HttpMetrics, metrics_endpoint

            wired.metrics = HttpMetrics(settings.metrics, engine, host)
            wired.route_handlers.append(metrics_endpoint)
        if settings.tracing.enabled:
            try:
                from pl_api.observability.tracing import instrument, name_span_by_route
            except ImportError as exc:
                raise ConfigError(TRACING_MISSING.format(exc=exc)) from exc
            wired.tracing = instrument(settings.tracing, engine)
            wired.plugins.append(wired.tracing.plugin)
            wired.before_send.append(name_span_by_route)
        return wired
