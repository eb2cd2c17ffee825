"""Prometheus metrics at ``/metrics``: requests by route template and status, the database connection pool,
the events outbox and the plugins loaded.

Each app keeps its own registry. With several worker processes, set ``PROMETHEUS_MULTIPROC_DIR`` to an
empty directory shared by the workers, and the request counts and latencies are summed over all of them
(prometheus_client's multiprocess mode); the pool and outbox figures are those of the worker that answers.

Requests are counted by ``RequestObserver``, the outermost middleware that also logs them, rather than by
Litestar's ``PrometheusMiddleware``: that one runs inside routing, so it records a request refused by a
router's middleware (a 401 from authentication, a 429 from the rate limit) as a 200.
"""

from __future__ import annotations

import hmac
import math
import os
from collections.abc import Iterator
from typing import Any

from litestar import Request, Response, get
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.metrics_core import Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.pool import QueuePool

from pl_api.config import MetricsSettings
from pl_api.http.problems import Unauthenticated
from pl_api.plugin_host.host import PluginHost

METRICS_PATH = "/metrics"
MEDIA_TYPE = CONTENT_TYPE_LATEST.split("; charset")[0]
"""Prometheus's text format (Litestar adds the charset to ``text/`` types itself)."""
MULTIPROCESS_VARIABLES = ("PROMETHEUS_MULTIPROC_DIR", "prometheus_multiproc_dir")
OUTBOX_COUNT = {
    "postgresql": "SELECT n_live_tup FROM pg_stat_user_tables WHERE relid = to_regclass('events')",
    "sqlite": "SELECT count(*) FROM events",
}
"""How many events the outbox holds. On PostgreSQL the statistics' live row count: cheap on a large table,
and readable by the API's role, which row-level security would otherwise show none of the rows."""


class StateCollector(Collector):
    """Gauges read when scraped: the connection pool, the outbox (counted just before) and the plugins."""

    def __init__(self, engine: AsyncEngine, plugins: PluginHost) -> None:
        self.engine = engine
        self.plugins = plugins
        self.outbox_rows = math.nan

    def collect(self) -> Iterator[Metric]:
        pool = self.engine.sync_engine.pool
        if isinstance(pool, QueuePool):
            size = GaugeMetricFamily("pl_api_db_pool_size", "Connections the pool keeps open (this worker).")
            size.add_metric([], pool.size())
            used = GaugeMetricFamily(
                "pl_api_db_pool_checked_out", "Connections in use by requests right now (this worker)."
            )
            used.add_metric([], pool.checkedout())
            overflow = GaugeMetricFamily(
                "pl_api_db_pool_overflow", "Connections open beyond the pool size (this worker; negative: unused)."
            )
            overflow.add_metric([], pool.overflow())
            yield from (size, used, overflow)
        outbox = GaugeMetricFamily(
            "pl_api_events_outbox_rows", "Events in the outbox (on PostgreSQL, the statistics' estimate)."
        )
        outbox.add_metric([], self.outbox_rows)
        yield outbox
        loaded = GaugeMetricFamily(
            "pl_api_plugin_loaded", "1 for each enabled plugin that loaded.", labels=["plugin", "version"]
        )
        for plugin in self.plugins.plugins:
            loaded.add_metric([plugin.manifest.slug, plugin.manifest.version], 1)
        yield loaded


class HttpMetrics:
    """The registry of one app: request counts and latencies, and the gauges of ``StateCollector``."""

    def __init__(self, settings: MetricsSettings, engine: AsyncEngine, plugins: PluginHost) -> None:
        self.settings = settings
        self.engine = engine
        self.registry = CollectorRegistry(auto_describe=True)
        labels = ["method", "route", "status"]
        self.requests = Counter(
            "pl_api_http_requests",
            "HTTP requests answered, by route template and status.",
            labels,
            registry=self.registry,
        )
        self.latency = Histogram(
            "pl_api_http_request_duration_seconds",
            "Time to answer an HTTP request, by route template and status.",
            labels,
            registry=self.registry,
        )
        self.state = StateCollector(engine, plugins)
        self.registry.register(self.state)

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        """Count one answered request."""
        self.requests.labels(method, route, str(status)).inc()
        self.latency.labels(method, route, str(status)).observe(seconds)

    async def count_outbox(self) -> None:
        """Read the outbox's size for the next scrape (NaN when the database does not answer)."""
        query = OUTBOX_COUNT.get(self.engine.dialect.name)
        self.state.outbox_rows = math.nan
        if query is None:
            return
        try:
            async with self.engine.connect() as connection:
                value = (await connection.execute(text(query))).scalar()
        except Exception:  # the metrics still answer when the database does not; /health/ready says why
            return
        self.state.outbox_rows = float(value) if value is not None else math.nan

    def exposition(self) -> bytes:
        """The text format of every metric; request figures summed over workers in multiprocess mode."""
        if any(os.environ.get(name) for name in MULTIPROCESS_VARIABLES):
            registry = CollectorRegistry()
            MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
            registry.register(self.state)
            return generate_latest(registry)
        return generate_latest(self.registry)

    def allows(self, authorization: str | None) -> bool:
        """Whether a request may read the metrics: no token configured, or the right bearer token sent."""
        if not self.settings.token:
            return True
        scheme, _, credential = (authorization or "").partition(" ")
        return scheme.lower() == "bearer" and hmac.compare_digest(credential.strip(), self.settings.token)


@get(METRICS_PATH, include_in_schema=False, cache_control=None)
async def metrics_endpoint(request: Request[Any, Any, Any]) -> Response[bytes]:
    """The Prometheus exposition; 401 without the configured bearer token."""
    metrics: HttpMetrics = request.app.state.metrics
    if not metrics.allows(request.headers.get("authorization")):
        raise Unauthenticated("send the metrics token as 'Authorization: Bearer <token>'")
    await metrics.count_outbox()
    return Response(metrics.exposition(), media_type=MEDIA_TYPE)
