"""OpenAPI helpers: the problem responses each operation documents."""

from __future__ import annotations

from litestar import Litestar
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import OpenAPIMediaType, OpenAPIResponse, Reference

from pl_api.domain.types import Schema
from pl_api.http.problems import PROBLEM_MEDIA_TYPE, ProblemDetail

_DESCRIPTIONS = {
    400: "The request is malformed or a field is invalid; `errors` names each field",
    401: "No API key, or not a valid one",
    403: "The API key lacks the scope this operation needs",
    404: "No such object in your tenant",
    409: "Conflicts with existing data (a duplicate, or the object is still in use)",
    412: "`If-Match` does not match the current ETag",
    413: "The request body is larger than this deployment accepts",
    422: "A referenced object does not exist, or the change is not allowed in the object's state",
    429: "Too many requests from this API key; wait for `RateLimit-Reset` seconds",
}


def _problem_response(status: int) -> ResponseSpec:
    return ResponseSpec(
        data_container=ProblemDetail,
        description=_DESCRIPTIONS[status],
        media_type=PROBLEM_MEDIA_TYPE,
        generate_examples=False,
    )


def problems(*statuses: int) -> dict[int, ResponseSpec]:
    """Responses for an authenticated operation: 400, 401, 403 and 429, plus the given statuses."""
    return {status: _problem_response(status) for status in sorted({400, 401, 403, 429, *statuses})}


def _request_schema_names() -> set[str]:
    names: set[str] = set()
    pending: list[type[Schema]] = [Schema]
    while pending:
        cls = pending.pop()
        names.add(cls.__name__)
        pending.extend(cls.__subclasses__())
    return names


def finish_openapi(app: Litestar) -> None:
    """What the generated document cannot know by itself.

    Request schemas are ``additionalProperties: false`` (unknown fields are refused), and every
    operation that takes a body documents 413 (the body-size limit applies to all of them).
    """
    document = app.openapi_schema
    components = document.components.schemas or {}
    for name in _request_schema_names() & set(components):
        components[name].additional_properties = False
    for item in (document.paths or {}).values():
        for method in ("post", "put", "patch"):
            operation = getattr(item, method, None)
            if operation is not None and operation.request_body is not None and operation.responses is not None:
                operation.responses.setdefault("413", _openapi_problem(413))


def _openapi_problem(status: int) -> OpenAPIResponse:
    return OpenAPIResponse(
        description=_DESCRIPTIONS[status],
        content={PROBLEM_MEDIA_TYPE: OpenAPIMediaType(schema=Reference(ref="#/components/schemas/ProblemDetail"))},
    )
