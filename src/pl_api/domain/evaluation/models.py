"""Evaluation plans and their follow-ups."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from pl_api.db.base import JSONColumn, TenantEntity


class EvaluationPlan(TenantEntity):
    """How an activity, or the programme of work behind a priority, will be evaluated: one plan each.

    ``measures`` lists what will be gathered at each of Guskey's levels: the level, the instrument and
    when it is due."""

    event_subject = "evaluation_plan"

    __tablename__ = "evaluation_plans"

    activity_id: Mapped[UUID | None] = mapped_column(
        ForeignKey("activities.id", ondelete="CASCADE"), unique=True, index=True
    )
    priority_id: Mapped[UUID | None] = mapped_column(
        ForeignKey("priorities.id", ondelete="CASCADE"), unique=True, index=True
    )
    summary: Mapped[str | None] = mapped_column(String(2000))
    measures: Mapped[list[dict[str, Any]]] = mapped_column(JSONColumn, default=list)


class EvaluationFollowUp(TenantEntity):
    """Evidence gathered at Guskey's levels 3 to 5 (organisational support, use of new practice, pupil
    outcomes) for an evaluation plan. Levels 1 and 2 come from participants' feedback."""

    event_subject = "evaluation_follow_up"

    __tablename__ = "evaluation_follow_ups"

    plan_id: Mapped[UUID] = mapped_column(ForeignKey("evaluation_plans.id", ondelete="CASCADE"), index=True)
    level: Mapped[int]
    instrument: Mapped[str] = mapped_column(String(30))
    recorded_on: Mapped[date]
    summary: Mapped[str] = mapped_column(String(2000))
    outcome: Mapped[str | None] = mapped_column(String(10))
    """``met``, ``partly_met`` or ``not_met`` against what the plan looked for."""
