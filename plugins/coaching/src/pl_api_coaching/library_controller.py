"""``/v1/coaching/libraries``: step libraries, imported and exported as JSON or CSV."""

from __future__ import annotations

from typing import Any, Literal
from uuid import UUID

import msgspec
from sqlalchemy import delete as sql_delete
from sqlalchemy import or_
from sqlalchemy.exc import IntegrityError

from pl_api.plugin import (
    Conflict,
    Controller,
    Db,
    FromPath,
    FromQuery,
    JSONBody,
    NotFound,
    Paging,
    Request,
    Response,
    School,
    TenantScope,
    check_if_match,
    delete,
    emit_event,
    get,
    post,
    problems,
    with_etag,
)
from pl_api_coaching import library_schemas as ls
from pl_api_coaching.library import build_library, export_csv, export_json, library_tree, parse_csv
from pl_api_coaching.models import CoachingLibrary

MANAGE = {"permission": "coaching.manage"}
DUPLICATE = "a library with this name and edition exists already: import it as a new edition"


def _visible(db: TenantScope) -> Any:
    principal = db.principal
    if principal is None or principal.grants is None:
        return None
    schools = principal.grants.schools_with("coaching.read")
    if schools is None:
        return None
    return or_(CoachingLibrary.school_id.is_(None), CoachingLibrary.school_id.in_(schools))


async def _library(db: TenantScope, library_id: UUID) -> CoachingLibrary:
    stmt = db.select(CoachingLibrary).where(CoachingLibrary.id == library_id)
    if (rule := _visible(db)) is not None:
        stmt = stmt.where(rule)
    library = await db.session.scalar(stmt)
    if library is None:
        raise NotFound(f"no step library with id {library_id}")
    return library


async def _import(db: TenantScope, data: ls.LibraryImport) -> Response[ls.Library]:
    await db.require_one(School, data.school_id, "school_id")
    db.authorize(data.school_id)
    library = await build_library(db, data)
    db.session.add(library)
    await db.commit(DUPLICATE)
    return with_etag(library_tree(library), library.version, 201)


class LibraryController(Controller):
    """Step libraries: strands → skills → action steps, mapped to framework elements."""

    path = "/coaching/libraries"

    @get("/", operation_id="CoachingListLibraries", responses=problems())
    async def list_libraries(
        self, db: Db, page: Paging, school_id: FromQuery[UUID | None] = None
    ) -> ls.LibrarySummaryPage:
        """The step libraries of the trust and its schools (`school_id` keeps one school's)."""
        stmt = db.select(CoachingLibrary)
        if (rule := _visible(db)) is not None:
            stmt = stmt.where(rule)
        if school_id is not None:
            stmt = stmt.where(CoachingLibrary.school_id == school_id)
        rows, cursor = await db.page(stmt, CoachingLibrary, page)
        items = [msgspec.convert(r, ls.LibrarySummary, from_attributes=True) for r in rows]
        return ls.LibrarySummaryPage(items, cursor)

    @post("/", operation_id="CoachingImportLibrary", responses=problems(409, 422), opt=MANAGE)
    async def import_library(self, db: Db, data: JSONBody[ls.LibraryImport]) -> Response[ls.Library]:
        """Import a library as JSON (a school's, or the trust's when `school_id` is left out)."""
        return await _import(db, data)

    @post("/csv", operation_id="CoachingImportLibraryCsv", responses=problems(409, 422), opt=MANAGE)
    async def import_library_csv(self, db: Db, data: JSONBody[ls.LibraryCsvImport]) -> Response[ls.Library]:
        """Import a library from CSV text (one row per step; see the `csv` field)."""
        return await _import(db, parse_csv(data))

    @get("/{library_id:uuid}", operation_id="CoachingGetLibrary", responses=problems(404))
    async def get_library(self, db: Db, library_id: FromPath[UUID]) -> Response[ls.Library]:
        """A library with its strands, skills and steps (their ids are what steps are set by)."""
        library = await _library(db, library_id)
        return with_etag(library_tree(library), library.version)

    @get(
        "/{library_id:uuid}/export",
        operation_id="CoachingExportLibrary",
        responses=problems(404),
        media_type="application/json",
    )
    async def export_library(
        self, db: Db, library_id: FromPath[UUID], format: FromQuery[Literal["json", "csv"]] = "json"
    ) -> Response[Any]:
        """The library as the JSON import takes it (`format=json`) or as CSV (`format=csv`, `text/csv`)."""
        library = await _library(db, library_id)
        if format == "csv":
            return Response(export_csv(library), media_type="text/csv; charset=utf-8")
        return Response(export_json(library))

    @delete("/{library_id:uuid}", operation_id="CoachingDeleteLibrary", responses=problems(404, 409, 412), opt=MANAGE)
    async def delete_library(self, request: Request[Any, Any, Any], db: Db, library_id: FromPath[UUID]) -> None:
        """Delete a library no coachee has been set a step from (409 otherwise: keep it, import a new edition)."""
        library = await _library(db, library_id)
        db.authorize(library.school_id)
        check_if_match(request, library.version)
        try:
            # In SQL, so the database's cascades remove the tree and its restriction guards steps in use.
            await db.session.execute(sql_delete(CoachingLibrary).where(CoachingLibrary.id == library.id))
        except IntegrityError as exc:
            await db.session.rollback()
            raise Conflict("coachees have been set steps from this library; it stays for their record") from exc
        emit_event(db.session, db.tenant_id, "coaching.library.deleted", library.id)
        await db.commit()
