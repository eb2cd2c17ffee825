"""RFC 9457 problem details: the one shape of every error pl-api returns.

Every problem has a stable ``type`` (``urn:pl-api:problem:<slug>``), a ``title`` that is the
same for every occurrence of that type, a human ``detail`` for this occurrence and, for
invalid input, ``errors`` naming each field that failed.
"""

from __future__ import annotations

import logging
import re
from typing import Any, ClassVar

import msgspec
from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.plugins.problem_details import (
    ProblemDetailsConfig,
    ProblemDetailsException,
    ProblemDetailsPlugin,
)
from litestar.types import ExceptionHandlersMap
from sqlalchemy.orm.exc import StaleDataError

PROBLEM_TYPE_PREFIX = "urn:pl-api:problem:"
PROBLEM_MEDIA_TYPE = "application/problem+json"

logger = logging.getLogger("pl_api.errors")


class FieldError(msgspec.Struct, omit_defaults=True):
    """One invalid part of a request."""

    field: str
    """Where the problem is: a dotted path into the body (``memberships.0.school_id``) or a parameter name."""
    detail: str
    source: str = "body"
    """``body``, ``query``, ``path`` or ``header``."""


class ProblemDetail(msgspec.Struct, omit_defaults=True):
    """An RFC 9457 problem details object."""

    type: str
    title: str
    status: int
    detail: str
    errors: list[FieldError] | None = None


class Problem(ProblemDetailsException):
    """Base of pl-api's problems; subclasses fix the status, type slug and title."""

    status: ClassVar[int] = 500
    slug: ClassVar[str] = "internal-error"
    default_title: ClassVar[str] = "Internal error"

    def __init__(
        self,
        detail: str,
        *,
        errors: list[FieldError] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        extra: dict[str, Any] = {}
        if errors:
            extra["errors"] = [msgspec.to_builtins(e) for e in errors]
        super().__init__(
            detail=detail,
            status_code=self.status,
            type_=PROBLEM_TYPE_PREFIX + self.slug,
            title=self.default_title,
            headers=headers,
            extra=extra or None,
        )


class InvalidRequest(Problem):
    status, slug, default_title = 400, "invalid-request", "The request is invalid"


class Unauthenticated(Problem):
    status, slug, default_title = 401, "unauthenticated", "Authentication required"

    def __init__(self, detail: str) -> None:
        super().__init__(detail, headers={"WWW-Authenticate": 'Bearer realm="pl-api"'})


class Forbidden(Problem):
    status, slug, default_title = 403, "forbidden", "Not allowed"


class NotFound(Problem):
    status, slug, default_title = 404, "not-found", "Not found"


class Conflict(Problem):
    status, slug, default_title = 409, "conflict", "Conflicts with the current state"


class RequestInProgress(Problem):
    """Another request with the same ``Idempotency-Key`` is still running."""

    status, slug, default_title = 409, "request-in-progress", "A request with this key is still in progress"


class PreconditionFailed(Problem):
    status, slug, default_title = 412, "precondition-failed", "The resource has changed"


class PayloadTooLarge(Problem):
    status, slug, default_title = 413, "payload-too-large", "Request body too large"


class Unprocessable(Problem):
    status, slug, default_title = 422, "unprocessable", "The request cannot be applied"


class IdempotencyKeyReused(Problem):
    """An ``Idempotency-Key`` sent again with a different method, path or body."""

    status, slug, default_title = 422, "idempotency-key-reused", "The idempotency key was used for another request"


class TokenRequestRejected(Problem):
    """A refused OAuth 2.0 token request: a problem that also carries RFC 6749's ``error`` code."""

    status, slug, default_title = 400, "token-request-rejected", "The token request is refused"

    def __init__(self, error: str, detail: str) -> None:
        invalid_client = error == "invalid_client"
        ProblemDetailsException.__init__(
            self,
            detail=detail,
            status_code=401 if invalid_client else 400,
            type_=PROBLEM_TYPE_PREFIX + self.slug,
            title=self.default_title,
            headers={"WWW-Authenticate": 'Basic realm="pl-api"', "Cache-Control": "no-store"}
            if invalid_client
            else {"Cache-Control": "no-store"},
            extra={"error": error},
        )


def field_problem(problem: type[Problem], field: str, detail: str, source: str = "body") -> Problem:
    """A problem about one field, with the field named both in ``detail`` and ``errors``."""
    return problem(f"{field}: {detail}", errors=[FieldError(field=field, detail=detail, source=source)])


_MSGSPEC_PATH = re.compile(r"^(?P<message>.*?)(?: - at `\$(?P<path>[^`]*)`)?$", re.DOTALL)
_MISSING_FIELD = re.compile(r"missing required field `(?P<name>[^`]+)`")
_UNKNOWN_FIELD = re.compile(r"unknown field `(?P<name>[^`]+)`")
_LEADING_FIELD = re.compile(r"^`(?P<name>[^`]+)` ")


def _json_path_to_field(path: str) -> str:
    return re.sub(r"\[(\d+)\]", r".\1", path).lstrip(".")


def _field_error(message: str, key: str | None, source: str | None) -> FieldError:
    """Turn one of Litestar's validation messages into a ``FieldError`` naming the field."""
    match = _MSGSPEC_PATH.match(message)
    text = match.group("message") if match else message
    path = _json_path_to_field(match.group("path") or "") if match else ""
    for pattern in (_MISSING_FIELD, _UNKNOWN_FIELD, _LEADING_FIELD):
        if named := pattern.search(text):
            path = f"{path}.{named.group('name')}" if path else named.group("name")
    field = path or _json_path_to_field(key or "") or "body"
    return FieldError(field=field, detail=text, source=source or "body")


def field_error_of(message: str, prefix: str) -> FieldError:
    """A msgspec validation message about part of a body (``… - at `$.name```) as a ``FieldError`` whose field
    is prefixed (``records.3`` + ``name``)."""
    error = _field_error(message, None, "body")
    field = prefix if error.field == "body" else f"{prefix}.{error.field}"
    return FieldError(field=field, detail=error.detail)


def _public_name(request: Request[Any, Any, Any], key: str | None) -> str | None:
    """The name a client used for a parameter (``from``), not the handler's argument (``starts_from``)."""
    if not key:
        return key
    parameter = request.route_handler.parsed_fn_signature.parameters.get(key)
    definition = getattr(parameter, "kwarg_definition", None)
    return getattr(definition, "name", None) or key


def _validation_to_problem(request: Request[Any, Any, Any], exc: ValidationException) -> Response[Any]:
    """Invalid input: a 400 problem whose ``errors`` name every field that failed, as the client named it."""
    errors: list[FieldError] = []
    raw = exc.extra if isinstance(exc.extra, list) else []
    for item in raw:
        if isinstance(item, dict):
            key = _public_name(request, item.get("key") or None)
            errors.append(_field_error(str(item.get("message", "")), key, item.get("source")))
    if not errors:
        errors.append(_field_error(str(exc.detail), None, "body"))
    detail = "; ".join(f"{e.field}: {e.detail}" for e in errors)
    return InvalidRequest(detail, errors=errors).to_response(request)


_GENERIC_TITLES = {
    400: "The request is invalid",
    401: "Authentication required",
    403: "Not allowed",
    404: "Not found",
    405: "Method not allowed",
    413: "Request body too large",
    429: "Too many requests",
}


def _http_to_problem(exc: HTTPException) -> ProblemDetailsException:
    if isinstance(exc, Problem):
        return exc
    slug = _GENERIC_TITLES.get(exc.status_code, "http-error").lower().replace(" ", "-")
    if exc.status_code >= 500:
        logger.error("HTTP %s raised: %s", exc.status_code, exc.detail)
    return ProblemDetailsException(
        detail=str(exc.detail),
        status_code=exc.status_code,
        type_=PROBLEM_TYPE_PREFIX + f"http-{exc.status_code}",
        title=_GENERIC_TITLES.get(exc.status_code, slug),
        headers=exc.headers,
    )


def _stale_to_problem(_exc: StaleDataError) -> ProblemDetailsException:
    return PreconditionFailed("the resource was changed by another request; fetch it again and retry")


def _unexpected_error(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    """Anything unforeseen: log it with the route, answer a bare 500 problem with no internals."""
    logger.exception("unhandled error on %s %s", request.method, request.scope.get("path_template", "?"))
    return Problem("an unexpected error occurred; it has been logged").to_response(request)


def problem_details_plugin() -> ProblemDetailsPlugin:
    """The Litestar plugin that renders every error as ``application/problem+json``."""
    return ProblemDetailsPlugin(
        ProblemDetailsConfig(
            enable_for_all_http_exceptions=True,
            exception_to_problem_detail_map={
                HTTPException: _http_to_problem,
                StaleDataError: _stale_to_problem,
            },
        )
    )


def exception_handlers() -> ExceptionHandlersMap:
    """Handlers added beside the plugin: invalid input (with the request at hand), and the catch-all 500."""
    return {ValidationException: _validation_to_problem, Exception: _unexpected_error}
