"""``/v1/terms`` and ``/v1/closures``: a school's academic years, terms, INSET days and holidays."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from litestar import Controller, Request, Response, delete, get, patch, post
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter

from pl_api.domain.listing import filter_updated_since, page_response, where_given
from pl_api.domain.schemas import changes_of, to_schema
from pl_api.domain.terms import models, schemas
from pl_api.domain.terms.service import applies_at, apply_closure_changes, apply_term_changes, has_children
from pl_api.domain.types import ACADEMIC_YEAR_PATTERN
from pl_api.http.dependencies import Db, Paging, TimestampQuery
from pl_api.http.etag import check_if_match, with_etag
from pl_api.http.openapi import problems
from pl_api.http.problems import Conflict

ForSchool = Annotated[
    UUID | None,
    QueryParameter(description="Those that apply at this school: its own and the trust-wide ones"),
]


class TermController(Controller):
    """Academic years and the terms within them, per school or for the whole trust. OneRoster imports
    fill them from academic sessions; they can be planned and changed here too."""

    path = "/terms"
    tags = ["Calendar"]
    opt = {"resource": "terms"}

    @get("/", operation_id="ListTerms", responses=problems())
    async def list_terms(
        self,
        request: Request[Any, Any, Any],
        db: Db,
        page: Paging,
        school_id: FromQuery[UUID | None] = None,
        for_school: ForSchool = None,
        kind: FromQuery[schemas.TermKind | None] = None,
        parent_id: FromQuery[UUID | None] = None,
        academic_year: Annotated[str | None, QueryParameter(pattern=ACADEMIC_YEAR_PATTERN)] = None,
        status: FromQuery[schemas.TermStatus | None] = None,
        updated_since: TimestampQuery = None,
    ) -> Response[schemas.TermPage]:
        """List terms, oldest first. `school_id` keeps one school's own; `for_school` adds the trust-wide ones."""
        model = models.Term
        filters = [
            (model.school_id, school_id),
            (model.kind, kind),
            (model.parent_id, parent_id),
            (model.academic_year, academic_year),
            (model.status, status),
        ]
        stmt = where_given(db.select(model), filters)
        if for_school is not None:
            stmt = stmt.where(applies_at(model, for_school))
        stmt = filter_updated_since(stmt, model, updated_since)
        return await page_response(request, db, stmt, model, page, schemas.TermPage)

    @post("/", operation_id="CreateTerm", responses=problems(422))
    async def create_term(self, db: Db, data: JSONBody[schemas.TermCreate]) -> Response[schemas.Term]:
        """Add an academic year, or a term within one."""
        term = models.Term(tenant_id=db.tenant_id)
        await apply_term_changes(db, term, changes_of(data))
        db.session.add(term)
        await db.commit()
        return with_etag(to_schema(term, schemas.Term), term.version, 201)

    @get("/{term_id:uuid}", operation_id="GetTerm", responses=problems(404))
    async def get_term(self, db: Db, term_id: FromPath[UUID]) -> Response[schemas.Term]:
        """One term."""
        term = await db.get(models.Term, term_id)
        return with_etag(to_schema(term, schemas.Term), term.version)

    @patch("/{term_id:uuid}", operation_id="UpdateTerm", responses=problems(404, 412, 422))
    async def update_term(
        self, request: Request[Any, Any, Any], db: Db, term_id: FromPath[UUID], data: JSONBody[schemas.TermUpdate]
    ) -> Response[schemas.Term]:
        """Change a term. Series already planned keep their dates until they are changed (PATCH the series)."""
        term = await db.writable(models.Term, term_id)
        check_if_match(request, term.version)
        await apply_term_changes(db, term, changes_of(data))
        await db.commit()
        return with_etag(to_schema(term, schemas.Term), term.version)

    @delete("/{term_id:uuid}", operation_id="DeleteTerm", responses=problems(404, 409, 412))
    async def delete_term(self, request: Request[Any, Any, Any], db: Db, term_id: FromPath[UUID]) -> None:
        """Delete a term; an academic year only once its terms are gone, and no term a series was planned in."""
        term = await db.writable(models.Term, term_id)
        check_if_match(request, term.version)
        if await has_children(db, term):
            raise Conflict("terms sit within this academic year; delete or move them first")
        await db.delete(term, "a planned series runs in this term")


class ClosureController(Controller):
    """INSET days, holidays within terms (half term, bank holidays) and other closures, per school or for the
    whole trust. Planned series skip them."""

    path = "/closures"
    tags = ["Calendar"]
    opt = {"resource": "terms"}

    @get("/", operation_id="ListClosures", responses=problems())
    async def list_closures(
        self,
        request: Request[Any, Any, Any],
        db: Db,
        page: Paging,
        school_id: FromQuery[UUID | None] = None,
        for_school: ForSchool = None,
        kind: FromQuery[schemas.ClosureKind | None] = None,
        updated_since: TimestampQuery = None,
    ) -> Response[schemas.ClosurePage]:
        """List closures, oldest first. `school_id` keeps one school's own; `for_school` adds the trust-wide ones."""
        model = models.Closure
        stmt = where_given(db.select(model), [(model.school_id, school_id), (model.kind, kind)])
        if for_school is not None:
            stmt = stmt.where(applies_at(model, for_school))
        stmt = filter_updated_since(stmt, model, updated_since)
        return await page_response(request, db, stmt, model, page, schemas.ClosurePage)

    @post("/", operation_id="CreateClosure", responses=problems(422))
    async def create_closure(self, db: Db, data: JSONBody[schemas.ClosureCreate]) -> Response[schemas.Closure]:
        """Add an INSET day, a holiday or a closure."""
        closure = models.Closure(tenant_id=db.tenant_id)
        await apply_closure_changes(db, closure, changes_of(data))
        db.session.add(closure)
        await db.commit()
        return with_etag(to_schema(closure, schemas.Closure), closure.version, 201)

    @get("/{closure_id:uuid}", operation_id="GetClosure", responses=problems(404))
    async def get_closure(self, db: Db, closure_id: FromPath[UUID]) -> Response[schemas.Closure]:
        """One closure."""
        closure = await db.get(models.Closure, closure_id)
        return with_etag(to_schema(closure, schemas.Closure), closure.version)

    @patch("/{closure_id:uuid}", operation_id="UpdateClosure", responses=problems(404, 412, 422))
    async def update_closure(
        self,
        request: Request[Any, Any, Any],
        db: Db,
        closure_id: FromPath[UUID],
        data: JSONBody[schemas.ClosureUpdate],
    ) -> Response[schemas.Closure]:
        """Change a closure."""
        closure = await db.writable(models.Closure, closure_id)
        check_if_match(request, closure.version)
        await apply_closure_changes(db, closure, changes_of(data))
        await db.commit()
        return with_etag(to_schema(closure, schemas.Closure), closure.version)

    @delete("/{closure_id:uuid}", operation_id="DeleteClosure", responses=problems(404, 412))
    async def delete_closure(self, request: Request[Any, Any, Any], db: Db, closure_id: FromPath[UUID]) -> None:
        """Delete a closure."""
        closure = await db.writable(models.Closure, closure_id)
        check_if_match(request, closure.version)
        await db.delete(closure, "the closure is still referred to")
