"""``/health/live`` (no I/O) and ``/health/ready`` (the preflight checks that can change while running)."""

from __future__ import annotations

import msgspec
from litestar import Controller, Response, get
from litestar.datastructures import State

from pl_api.preflight import any_failed, database_checks


class Health(msgspec.Struct):
    """Whether the process (live) or its dependencies (ready) are well."""

    status: str
    checks: dict[str, str] = msgspec.field(default_factory=dict)


class HealthController(Controller):
    """Probes for load balancers and orchestrators; no authentication."""

    path = "/health"
    tags = ["Health"]

    @get("/live", operation_id="GetLiveness", cache_control=None)
    async def live(self) -> Health:
        """The process is up. Touches nothing else."""
        return Health(status="ok")

    @get("/ready", operation_id="GetReadiness", responses=None)
    async def ready(self, state: State) -> Response[Health]:
        """The database answers and its schema is current for the core and every enabled plugin (the checks of
        `pl-api check`; configuration and plugins were checked when the process started). 503 naming the
        failed check otherwise."""
        checks = await database_checks(state.engine, state.plugin_host)
        body = Health(status="unavailable" if any_failed(checks) else "ok", checks={c.name: c.status for c in checks})
        return Response(body, status_code=503 if any_failed(checks) else 200)
