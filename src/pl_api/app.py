"""The app factory: the one place that wires pl-api together."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import AsyncGenerator
from contextlib import asynccontextmanager
from typing import Any

from litestar import Litestar, Request, Router, get
from litestar.config.cors import CORSConfig
from litestar.datastructures import State
from litestar.middleware.base import DefineMiddleware
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin, SwaggerRenderPlugin
from litestar.openapi.spec import Components, SecurityScheme

from pl_api import API_VERSION
from pl_api.config import Settings, load_settings
from pl_api.db.engine import create_engine, create_session_factory, write_gate
from pl_api.db.reads import create_reads
from pl_api.domain.activities.kinds import ActivityKindRegistry
from pl_api.domain.calendars.controller import calendar_router
from pl_api.domain.controllers import CORE_CONTROLLERS
from pl_api.domain.identity.cache import CredentialCache
from pl_api.domain.identity.controller import TokenController
from pl_api.domain.identity.tokens import ProviderKeys
from pl_api.domain.sync.controller import document_records
from pl_api.domain.webhooks.worker import WebhookWorker, delivers_in_process
from pl_api.health import HealthController
from pl_api.http.auth import BearerAuthMiddleware
from pl_api.http.dependencies import V1_DEPENDENCIES
from pl_api.http.hooks import check_request
from pl_api.http.idempotency import IdempotencyMiddleware
from pl_api.http.limits import RATE_LIMIT_STORE, rate_limit_config, rate_limit_store
from pl_api.http.openapi import finish_openapi
from pl_api.http.problems import exception_handlers, problem_details_plugin
from pl_api.observability.logs import configure_logging
from pl_api.observability.requests import RequestObserver
from pl_api.observability.wiring import Observability
from pl_api.plugin_host.host import PluginHost
from pl_api.plugin_host.wiring import collect

DESCRIPTION = """\
The professional-learning API: schools, staff, teams, frameworks, priorities and the
learning activities of teacher CPD, for a trust or a standalone school.

Every `/v1` operation needs `Authorization: Bearer <credential>`: an integration client's API
key or client-credentials token (acting with its scopes), or a user's token (acting as a staff
member, with their roles; see docs/permissions.md). Errors are RFC 9457
problem details. Lists are cursor-paginated: pass `next_cursor` back as `cursor`.
Writes return an `ETag`; send it as `If-Match` on PATCH and DELETE. A POST may carry an
`Idempotency-Key`: a retry with the same key and body gets the first answer back.
"""


def openapi_config() -> OpenAPIConfig:
    """Docs at ``/docs``, the document at ``/openapi.json``."""
    return OpenAPIConfig(
        title="pl-api",
        version=API_VERSION,
        description=DESCRIPTION,
        path="/docs",
        render_plugins=[SwaggerRenderPlugin(path="/"), JsonRenderPlugin(path="/openapi.json")],
        components=Components(
            security_schemes={
                "bearer": SecurityScheme(
                    type="http",
                    scheme="bearer",
                    description=(
                        "An integration client's API key (`pl-api clients create`) or a token from "
                        "`POST /oauth/token`; or a user's token from the tenant's identity provider "
                        "(or `pl-api tokens issue`)."
                    ),
                )
            }
        ),
        use_handler_docstrings=True,
    )


@get(
    "/openapi.json",
    include_in_schema=False,
    media_type="application/vnd.oai.openapi+json",
    sync_to_thread=False,
)
def openapi_document(request: Request[Any, Any, Any]) -> dict[str, Any]:
    """The OpenAPI document, at the root as well as under ``/docs``."""
    return request.app.openapi_schema.to_schema()


def create_app(settings: Settings | None = None, plugins: PluginHost | None = None) -> Litestar:
    """Build the ASGI application from settings (read from file and environment when not given).

    ``plugins`` defaults to loading the plugins the settings enable; a ``PluginLoadError``
    says which one cannot be loaded and why.
    """
    settings = settings or load_settings()
    configure_logging(settings.logging)
    host = plugins if plugins is not None else PluginHost.load(settings.plugins)
    activity_kinds = ActivityKindRegistry.with_core_kinds()
    declared = collect(host, activity_kinds)
    engine = create_engine(settings.database)
    reads = create_reads(settings.database)
    observability = Observability.of(settings, engine, host)

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncGenerator[None, None]:
        await host.react("startup", app=app)
        stop, worker = asyncio.Event(), None
        if delivers_in_process(settings):  # the embedded default delivers webhooks itself
            worker = asyncio.create_task(WebhookWorker(app.state.sessions, settings).run_forever(stop))
        try:
            yield
        finally:
            stop.set()
            if worker is not None:
                await worker
            await host.react("shutdown", app=app)
            await engine.dispose()
            if reads is not None:
                await reads.close()
            if observability.tracing is not None:
                await asyncio.to_thread(observability.tracing.shutdown)

    rate_limit = rate_limit_config(settings.http)
    v1 = Router(
        path="/v1",
        route_handlers=[*CORE_CONTROLLERS, *declared.routers],
        dependencies=V1_DEPENDENCIES,
        middleware=[
            DefineMiddleware(BearerAuthMiddleware, exclude_http_methods=["OPTIONS"]),
            *([rate_limit.middleware] if rate_limit else []),
            IdempotencyMiddleware(settings.http.idempotency_key_hours, settings.http.max_body_bytes),
        ],
        security=[{"bearer": []}],
    )
    app = Litestar(
        route_handlers=[
            HealthController,
            openapi_document,
            TokenController,
            v1,
            calendar_router(settings.http),
            *observability.route_handlers,
        ],
        state=State(
            {
                "settings": settings,
                "engine": engine,
                "sessions": create_session_factory(engine),
                "write_sessions": create_session_factory(engine, write=True),
                "write_gate": write_gate(settings.database),
                "reads": reads,
                "activity_kinds": activity_kinds,
                "plugin_host": host,
                "plugin_declarations": declared,
                "role_permissions": declared.role_permissions(),
                "provider_keys": ProviderKeys(),
                "credentials": CredentialCache(settings.auth.cache_seconds),
                "metrics": observability.metrics,
                "tracing": observability.tracing,
            }
        ),
        lifespan=[lifespan],
        plugins=[problem_details_plugin(), *observability.plugins],
        exception_handlers=exception_handlers(),
        openapi_config=openapi_config(),
        cors_config=CORSConfig(allow_origins=settings.http.cors_origins) if settings.http.cors_origins else None,
        before_request=check_request,
        before_send=observability.before_send,
        request_max_body_size=settings.http.max_body_bytes,
        stores={RATE_LIMIT_STORE: rate_limit_store(settings.http)},
        debug=False,
        logging_config=None,  # pl_api.observability.logs configures logging; pl-api logs 500s itself
    )
    # Outermost of all, so that every request is logged and counted, including those refused before routing.
    app.asgi_handler = RequestObserver(app.asgi_handler, observability.metrics)
    finish_openapi(app)
    document_records(app)
    return app


def create_served_app(settings: Settings | None = None) -> Litestar:
    """``create_app`` as ``pl-api serve`` runs it in each worker: then everything built so far (the modules, the
    routes, the OpenAPI document: about a quarter of a million objects) moves to the collector's permanent
    generation. It lives as long as the worker, and a full collection walking it would pause every request
    in flight for tens of milliseconds."""
    app = create_app(settings)
    gc.collect()
    gc.freeze()
    return app
