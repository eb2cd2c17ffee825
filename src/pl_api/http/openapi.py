"""OpenAPI helpers: the problem responses each operation documents."""

from __future__ import annotations

from litestar import Litestar
from litestar.openapi.datastructures import ResponseSpec

from pl_api.domain.types import Schema
from pl_api.http.problems import PROBLEM_MEDIA_TYPE, ProblemDetail

_DESCRIPTIONS = {
    400: "The request is malformed or a field is invalid; `errors` names each field",
    401: "No API key, or not a valid one",
    403: "The API key lacks the scope this operation needs",
    404: "No such object in your tenant",
    409: "Conflicts with existing data (a duplicate, or the object is still in use)",
    412: "`If-Match` does not match the current ETag",
    422: "A referenced object does not exist, or the change is not allowed in the object's state",
}


def problems(*statuses: int) -> dict[int, ResponseSpec]:
    """Responses for an authenticated operation: 400, 401 and 403, plus the given statuses."""
    return {
        status: ResponseSpec(
            data_container=ProblemDetail,
            description=_DESCRIPTIONS[status],
            media_type=PROBLEM_MEDIA_TYPE,
            generate_examples=False,
        )
        for status in sorted({400, 401, 403, *statuses})
    }


def _request_schema_names() -> set[str]:
    names: set[str] = set()
    pending: list[type[Schema]] = [Schema]
    while pending:
        cls = pending.pop()
        names.add(cls.__name__)
        pending.extend(cls.__subclasses__())
    return names


def declare_closed_request_bodies(app: Litestar) -> None:
    """Mark request schemas ``additionalProperties: false``: pl-api refuses unknown fields, and says so."""
    components = app.openapi_schema.components.schemas or {}
    for name in _request_schema_names() & set(components):
        components[name].additional_properties = False
