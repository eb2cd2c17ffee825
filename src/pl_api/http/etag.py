"""ETags from row versions, and ``If-Match`` for optimistic concurrency on PATCH and DELETE."""

from __future__ import annotations

from typing import Any, TypeVar

from litestar import Request, Response

from pl_api.http.problems import PreconditionFailed

T = TypeVar("T")


def etag_for(version: int) -> str:
    """The strong ETag of a resource at ``version``."""
    return f'"{version}"'


def check_if_match(request: Request[Any, Any, Any], version: int) -> None:
    """Raise 412 when the request carries ``If-Match`` and it does not name the current version."""
    header = request.headers.get("if-match")
    if header is None:
        return
    candidates = {tag.strip().removeprefix("W/") for tag in header.split(",")}
    if "*" in candidates or etag_for(version) in candidates:
        return
    raise PreconditionFailed(
        f"If-Match {header} does not match the current ETag {etag_for(version)}; fetch the resource again"
    )


def with_etag(content: T, version: int, status_code: int = 200) -> Response[T]:
    """A response carrying the resource and its ETag."""
    return Response(content, status_code=status_code, headers={"ETag": etag_for(version)})
