"""OpenAPI helpers: the problem responses each operation documents."""

from __future__ import annotations

from dataclasses import replace

import msgspec
from litestar import Litestar
from litestar.enums import ParamType
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import (
    OpenAPI,
    OpenAPIHeader,
    OpenAPIMediaType,
    OpenAPIResponse,
    OpenAPIType,
    Parameter,
    Reference,
)
from litestar.openapi.spec import Schema as OpenAPISchema

from pl_api.domain.types import Schema
from pl_api.http.idempotency import KEY_PATTERN, MAX_KEY_LENGTH
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


def public_problems(*statuses: int) -> dict[int, ResponseSpec]:
    """Responses for an operation that takes no credentials (a secret in its URL instead): 429 and the given."""
    return {status: _problem_response(status) for status in sorted({429, *statuses})}


def _request_schemas() -> list[type[Schema]]:
    found: list[type[Schema]] = []
    pending: list[type[Schema]] = [Schema]
    while pending:
        cls = pending.pop()
        found.append(cls)
        pending.extend(cls.__subclasses__())
    return found


def _component_names(cls: type) -> set[str]:
    """The names Litestar may give ``cls``'s component: its own name, or, when another type shares that
    name (two plugins' ``MeetingCreate``), a suffix of its module path and name joined by ``_``."""
    key = [*cls.__module__.split("."), cls.__qualname__.replace(".<locals>.", ".")]
    return {"_".join(key[i:]) for i in range(len(key))}


_ITEM_CONSTRAINTS = {"minLength": "min_length", "maxLength": "max_length", "pattern": "pattern"}


def _constrain_list_items(schema: OpenAPISchema, cls: type[Schema]) -> None:
    """Litestar drops the constraints of a list's items (``list[Annotated[str, Meta(...)]]``); copy them
    from msgspec's own JSON Schema of the type, so the document says what validation enforces."""
    properties = msgspec.json.schema(cls).get("$defs", {}).get(cls.__name__, {}).get("properties", {})
    for name, prop in (schema.properties or {}).items():
        items = properties.get(name, {}).get("items")
        documented = getattr(prop, "items", None)
        if not isinstance(items, dict) or not isinstance(documented, OpenAPISchema):
            continue
        for key, attribute in _ITEM_CONSTRAINTS.items():
            if key in items and getattr(documented, attribute) is None:
                setattr(documented, attribute, items[key])


def finish_openapi(app: Litestar) -> None:
    """What the generated document cannot know by itself.

    Request schemas are ``additionalProperties: false`` (unknown fields are refused), every
    operation that takes a body documents 413 (the body-size limit applies to all of them),
    every ``POST`` under ``/v1`` documents ``Idempotency-Key`` (the middleware serves all of them),
    and operations that answer in other media types by ``Accept`` (``ALSO_ANSWERS``) list them.
    """
    document = app.openapi_schema
    components = document.components.schemas or {}
    for cls in _request_schemas():
        for name in _component_names(cls) & components.keys():
            components[name].additional_properties = False
            _constrain_list_items(components[name], cls)
    for item in (document.paths or {}).values():
        for method in ("post", "put", "patch"):
            operation = getattr(item, method, None)
            if operation is not None and operation.request_body is not None and operation.responses is not None:
                operation.responses.setdefault("413", _openapi_problem(413))
    _document_idempotency(document)
    _document_other_media(app, document)


ALSO_ANSWERS = "also_answers"
"""A handler's ``opt`` key: the other media types its 200 answers in when ``Accept`` asks (media type ->
description), beside the JSON the generated document shows."""


def _document_other_media(app: Litestar, document: OpenAPI) -> None:
    alternatives: dict[str, dict[str, str]] = {}
    for route in app.routes:
        for handler in getattr(route, "route_handlers", ()):
            media = handler.opt.get(ALSO_ANSWERS)
            if media and isinstance(handler.operation_id, str):
                alternatives[handler.operation_id] = media
    for item in (document.paths or {}).values():
        operation = item.get
        media = alternatives.get(operation.operation_id or "") if operation is not None else None
        success = operation.responses.get("200") if operation is not None and operation.responses else None
        if media and isinstance(success, OpenAPIResponse) and success.content is not None:
            for media_type, description in media.items():
                success.content[media_type] = OpenAPIMediaType(
                    schema=OpenAPISchema(type=OpenAPIType.STRING, description=description)
                )


def _openapi_problem(status: int) -> OpenAPIResponse:
    return OpenAPIResponse(
        description=_DESCRIPTIONS[status],
        content={PROBLEM_MEDIA_TYPE: OpenAPIMediaType(schema=Reference(ref="#/components/schemas/ProblemDetail"))},
    )


IDEMPOTENCY_KEY = Parameter(
    name="Idempotency-Key",
    param_in=ParamType.HEADER,
    required=False,
    schema=OpenAPISchema(type=OpenAPIType.STRING, min_length=1, max_length=MAX_KEY_LENGTH, pattern=KEY_PATTERN),
    description=(
        "Makes retrying this request safe: a new unique value (such as a UUID) per request. A retry with the "
        "same key and the same request gets the first successful answer again (with `Idempotent-Replayed: "
        "true`) instead of doing the work twice; the same key with another request is a 422; while the first "
        "request is still running, 409. A key is remembered for 24 hours by default and belongs to one caller. "
        "A failed request (4xx or 5xx) does not use up its key."
    ),
)
_IDEMPOTENCY_PROBLEMS = {
    409: "a request with the same `Idempotency-Key` is still in progress (retry after `Retry-After` seconds)",
    422: "the `Idempotency-Key` was already used for another request",
}
_REPLAYED = OpenAPIHeader(
    schema=OpenAPISchema(type=OpenAPIType.STRING, enum=["true"]),
    description="Present when this is the stored answer to an earlier request with the same `Idempotency-Key`",
)
_RETRY_AFTER = OpenAPIHeader(
    schema=OpenAPISchema(type=OpenAPIType.INTEGER, minimum=0),
    description="Seconds to wait before retrying, when a request with the same `Idempotency-Key` is in progress",
)


def _document_idempotency(document: OpenAPI) -> None:
    """``Idempotency-Key`` on every ``POST`` under ``/v1``, with its 409 and 422 and the replay header."""
    for path, item in (document.paths or {}).items():
        operation = item.post
        if not path.startswith("/v1/") or operation is None:
            continue
        operation.parameters = [*(operation.parameters or []), IDEMPOTENCY_KEY]
        responses = operation.responses if operation.responses is not None else {}
        for status, text in _IDEMPOTENCY_PROBLEMS.items():
            existing = responses.get(str(status))
            if isinstance(existing, OpenAPIResponse):
                described = replace(existing, description=f"{existing.description}; or {text}")
            else:
                described = _openapi_problem(status)
                described.description = text[0].upper() + text[1:]
            if status == 409:
                described.headers = {**(described.headers or {}), "Retry-After": _RETRY_AFTER}
            responses[str(status)] = described
        for code, response in list(responses.items()):
            if code.startswith("2") and isinstance(response, OpenAPIResponse):
                headers = {**(response.headers or {}), "Idempotent-Replayed": _REPLAYED}
                responses[code] = replace(response, headers=headers)
        operation.responses = responses
