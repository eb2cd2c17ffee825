"""Structured logs: one JSON object per line for collectors, readable lines in a terminal.

Every line written while a request is handled carries its ``request_id`` (bound with structlog's
context variables), including lines from the standard library's loggers. Nothing here logs a
request's body, query string or credentials: see ``pl_api.observability.requests`` for the one
line each request writes.
"""

from __future__ import annotations

import logging
import sys
from typing import Any, TextIO

import structlog
from structlog.typing import Processor

from pl_api.config import LoggingSettings

HANDLER_NAME = "pl_api"
"""The name of the root handler pl-api installs (so configuring again replaces it, and only it)."""

QUIET_LOGGERS = ("httpx", "httpcore", "aiosqlite", "asyncio")
"""Libraries whose INFO or DEBUG lines would repeat request URLs or SQL parameters: warnings only."""

_SHARED: list[Processor] = [
    structlog.contextvars.merge_contextvars,
    structlog.stdlib.add_logger_name,
    structlog.stdlib.add_log_level,
    structlog.processors.TimeStamper(fmt="iso", utc=True),
]


def wants_json(settings: LoggingSettings, stream: TextIO) -> bool:
    """Whether lines are JSON: asked for, or ``auto`` and the stream is not a terminal."""
    if settings.format == "auto":
        return not (hasattr(stream, "isatty") and stream.isatty())
    return settings.format == "json"


def renderers(as_json: bool, colors: bool = False) -> list[Processor]:
    """The last processors: JSON with the traceback as one string, or a console line with a plain traceback
    (never local variables, which could hold request data)."""
    if as_json:
        return [structlog.processors.format_exc_info, structlog.processors.JSONRenderer()]
    return [structlog.dev.ConsoleRenderer(colors=colors, exception_formatter=structlog.dev.plain_traceback)]


def formatter(as_json: bool, colors: bool = False) -> logging.Formatter:
    """A ``logging`` formatter rendering structlog's and the standard library's records alike."""
    return structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=_SHARED,
        processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta, *renderers(as_json, colors)],
    )


def configure_logging(settings: LoggingSettings, stream: TextIO | None = None) -> None:
    """Route structlog and the standard library's logging to one handler on ``stream`` (standard error).

    Safe to call again (each app built calls it): it replaces its own handler and leaves others alone.
    """
    stream = stream or sys.stderr
    structlog.configure(
        processors=[*_SHARED, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    as_json = wants_json(settings, stream)
    handler = logging.StreamHandler(stream)
    handler.set_name(HANDLER_NAME)
    handler.setFormatter(formatter(as_json, colors=not as_json and stream.isatty()))
    root = logging.getLogger()
    for old in [h for h in root.handlers if h.get_name() == HANDLER_NAME]:
        root.removeHandler(old)
    root.addHandler(handler)
    level = logging.getLevelName(settings.level.upper())
    root.setLevel(level)
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(max(logging.WARNING, level))


def get_logger(name: str) -> Any:
    """A structlog logger writing through the standard library's ``name`` logger."""
    return structlog.stdlib.get_logger(name)


def server_logging(settings: LoggingSettings, stream: TextIO | None = None) -> dict[str, Any]:
    """A ``logging.config`` dictionary for granian, so that its own lines (starting, stopping workers) are written
    in the same format as pl-api's. Its access log stays off: pl-api writes its own line per request, without
    the path and query string that granian's would carry."""
    stream = stream or sys.stderr
    as_json = wants_json(settings, stream)
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            HANDLER_NAME: {
                "()": f"{__name__}.formatter",
                "as_json": as_json,
                "colors": not as_json and stream.isatty(),
            }
        },
        "handlers": {
            HANDLER_NAME: {"class": "logging.StreamHandler", "formatter": HANDLER_NAME, "stream": "ext://sys.stderr"}
        },
        "loggers": {"_granian": {"handlers": [HANDLER_NAME], "propagate": False}},
    }
