"""The cost report: what CPD cost against each school's budget for an academic year."""

from __future__ import annotations

from collections import defaultdict
from uuid import UUID

from sqlalchemy import select

from pl_api.domain.activities.models import Activity
from pl_api.domain.budgets.models import CpdBudget
from pl_api.domain.reports import schemas
from pl_api.domain.reports.common import TOTAL, ReportScope, pairs, ratio


def _row(
    school_id: UUID | None, label: str, budget: int | None, activities: list[tuple[str, int | None]]
) -> schemas.CostRow:
    spent = sum(cost or 0 for status, cost in activities if status == "completed")
    planned = sum(cost or 0 for status, cost in activities if status == "planned")
    return schemas.CostRow(
        school_id=school_id,
        label=label,
        budget_pence=budget,
        spent_pence=spent,
        planned_pence=planned,
        remaining_pence=None if budget is None else budget - spent - planned,
        used_share=None if budget is None else ratio(spent + planned, budget),
        activities=len(activities),
        uncosted_activities=sum(1 for _, cost in activities if cost is None),
    )


async def cost_report(scope: ReportScope, academic_year: str) -> schemas.CostReport:
    """Costs of the scope's activities in ``academic_year`` (the scope's period) against the schools' budgets."""
    rows = await scope.db.session.execute(
        scope.activities(select(Activity.school_id, Activity.status, Activity.cost_pence))
    )
    by_school: dict[UUID | None, list[tuple[str, int | None]]] = defaultdict(list)
    for school_id, status, cost in rows:
        by_school[school_id].append((status, cost))
    budgets = await pairs(
        scope.db.session,
        select(CpdBudget.school_id, CpdBudget.amount_pence).where(
            CpdBudget.tenant_id == scope.tenant_id,
            CpdBudget.academic_year == academic_year,
            CpdBudget.school_id.in_(scope.schools),
        ),
    )
    parts = [
        _row(s, scope.label(s), budgets.get(s) if s else None, by_school.get(s, []))
        for s in scope.part_ids(set(by_school))
    ]
    everything = [item for items in by_school.values() for item in items]
    total_budget = sum(budgets.values()) if budgets else None
    label = scope.label(scope.school_id) if scope.school_id else TOTAL
    return schemas.CostReport(
        school_id=scope.school_id,
        academic_year=academic_year,
        from_date=scope.from_date,
        to_date=scope.to_date,
        schools=parts,
        total=_row(scope.school_id, label, total_budget, everything),
    )
