"""Request checks that hold for every route, run before the handler.

- ``OPTIONS`` is answered with every method the path supports (Litestar 2's automatic
  handler lists only the first handler's methods).
- A query parameter the operation does not define is a 400 naming it: a misspelt filter
  must not silently return everything.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from litestar import Litestar, Request, Response
from litestar.status_codes import HTTP_204_NO_CONTENT

from pl_api.http.problems import FieldError, InvalidRequest

METHODS = ("get", "put", "post", "patch", "delete")


@dataclass(frozen=True, slots=True)
class RouteTable:
    """What each path template allows, read once from the app's routes and OpenAPI document."""

    allow: dict[str, str]
    query_parameters: dict[tuple[str, str], frozenset[str]]

    @classmethod
    def of(cls, app: Litestar) -> RouteTable:
        allow = {route.path_format: ", ".join(sorted(route.methods)) for route in app.routes}
        query: dict[tuple[str, str], frozenset[str]] = {}
        for path, item in (app.openapi_schema.paths or {}).items():
            for method in METHODS:
                operation = getattr(item, method, None)
                if operation is not None:
                    names = {p.name for p in operation.parameters or [] if getattr(p, "param_in", None) == "query"}
                    query[(path, method.upper())] = frozenset(names)
        return cls(allow=allow, query_parameters=query)


def _table(request: Request[Any, Any, Any]) -> RouteTable:
    state = request.app.state
    if "route_table" not in state:
        state.route_table = RouteTable.of(request.app)
    table: RouteTable = state.route_table
    return table


async def check_request(request: Request[Any, Any, Any]) -> Response[None] | None:
    """``before_request`` hook: answer ``OPTIONS``; refuse unknown query parameters."""
    table = _table(request)
    template = request.scope.get("path_template", "")
    if request.method == "OPTIONS":
        return Response(None, status_code=HTTP_204_NO_CONTENT, headers={"Allow": table.allow.get(template, "OPTIONS")})
    known = table.query_parameters.get((template, request.method))
    if known is not None:
        unknown = sorted(set(request.query_params) - known)
        if unknown:
            accepted = ", ".join(sorted(known)) or "none"
            raise InvalidRequest(
                f"unknown query parameter(s) {', '.join(unknown)}; this operation accepts: {accepted}",
                errors=[
                    FieldError(field=name, detail="not a parameter of this operation", source="query")
                    for name in unknown
                ],
            )
    return None
