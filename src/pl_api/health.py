"""``/health/live`` (no I/O) and ``/health/ready`` (the database answers)."""

from __future__ import annotations

import msgspec
from litestar import Controller, Response, get
from litestar.datastructures import State
from sqlalchemy import text


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
        """The database answers. 503 when it does not."""
        try:
            async with state.engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
        except Exception:  # any failure to reach the database means not ready
            return Response(Health(status="unavailable", checks={"database": "unreachable"}), status_code=503)
        return Response(Health(status="ok", checks={"database": "ok"}))
