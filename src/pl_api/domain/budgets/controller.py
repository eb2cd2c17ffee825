"""``/v1/cpd-budgets``."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from litestar import Controller, Request, Response, delete, get, patch, post
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter

from pl_api.domain.budgets import models, schemas
from pl_api.domain.listing import filter_updated_since, page_response, where_given
from pl_api.domain.schemas import apply_changes, changes_of, to_schema
from pl_api.domain.schools.models import School
from pl_api.domain.types import ACADEMIC_YEAR_PATTERN, check_academic_year
from pl_api.http.dependencies import Db, Paging, TimestampQuery
from pl_api.http.etag import check_if_match, with_etag
from pl_api.http.openapi import problems
from pl_api.http.problems import Unprocessable, field_problem


class CpdBudgetController(Controller):
    """Each school's CPD budget per academic year, which the cost report sets spending against."""

    path = "/cpd-budgets"
    tags = ["Reports"]
    opt = {"resource": "budgets"}

    @get("/", operation_id="ListCpdBudgets", responses=problems())
    async def list_budgets(
        self,
        request: Request[Any, Any, Any],
        db: Db,
        page: Paging,
        school_id: FromQuery[UUID | None] = None,
        academic_year: Annotated[str | None, QueryParameter(pattern=ACADEMIC_YEAR_PATTERN)] = None,
        updated_since: TimestampQuery = None,
    ) -> Response[schemas.CpdBudgetPage]:
        """List budgets, oldest first."""
        model = models.CpdBudget
        stmt = where_given(db.select(model), [(model.school_id, school_id), (model.academic_year, academic_year)])
        stmt = filter_updated_since(stmt, model, updated_since)
        return await page_response(request, db, stmt, model, page, schemas.CpdBudgetPage)

    @post("/", operation_id="CreateCpdBudget", responses=problems(409, 422))
    async def create_budget(self, db: Db, data: JSONBody[schemas.CpdBudgetCreate]) -> Response[schemas.CpdBudget]:
        """Set a school's budget for an academic year."""
        try:
            check_academic_year(data.academic_year)
        except ValueError as exc:
            raise field_problem(Unprocessable, "academic_year", str(exc)) from exc
        await db.require_one(School, data.school_id, "school_id")
        db.authorize(data.school_id)
        budget = models.CpdBudget(tenant_id=db.tenant_id, **changes_of(data))
        db.session.add(budget)
        await db.commit("this school already has a budget for that academic year; change it instead")
        return with_etag(to_schema(budget, schemas.CpdBudget), budget.version, 201)

    @get("/{budget_id:uuid}", operation_id="GetCpdBudget", responses=problems(404))
    async def get_budget(self, db: Db, budget_id: FromPath[UUID]) -> Response[schemas.CpdBudget]:
        """One budget."""
        budget = await db.get(models.CpdBudget, budget_id)
        return with_etag(to_schema(budget, schemas.CpdBudget), budget.version)

    @patch("/{budget_id:uuid}", operation_id="UpdateCpdBudget", responses=problems(404, 412, 422))
    async def update_budget(
        self,
        request: Request[Any, Any, Any],
        db: Db,
        budget_id: FromPath[UUID],
        data: JSONBody[schemas.CpdBudgetUpdate],
    ) -> Response[schemas.CpdBudget]:
        """Change a budget's amount or notes."""
        budget = await db.writable(models.CpdBudget, budget_id)
        check_if_match(request, budget.version)
        apply_changes(budget, changes_of(data))
        await db.commit()
        return with_etag(to_schema(budget, schemas.CpdBudget), budget.version)

    @delete("/{budget_id:uuid}", operation_id="DeleteCpdBudget", responses=problems(404, 412))
    async def delete_budget(self, request: Request[Any, Any, Any], db: Db, budget_id: FromPath[UUID]) -> None:
        """Delete a budget."""
        budget = await db.writable(models.CpdBudget, budget_id)
        check_if_match(request, budget.version)
        await db.delete(budget, "the budget is still referred to")
