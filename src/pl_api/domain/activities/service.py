"""Rules for activities and participation that hold however they are written."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from pl_api.db.tenant_scope import TenantScope
from pl_api.domain.activities import models
from pl_api.domain.activities.kinds import ActivityKindRegistry
from pl_api.domain.frameworks.models import FrameworkElement
from pl_api.domain.links import build_links
from pl_api.domain.priorities.models import Priority
from pl_api.domain.schemas import apply_changes
from pl_api.domain.schools.models import School
from pl_api.domain.staff.models import Staff
from pl_api.domain.teams.models import Team
from pl_api.http.problems import Unprocessable, field_problem


async def apply_activity_changes(
    db: TenantScope, kinds: ActivityKindRegistry, activity: models.Activity, changes: dict[str, Any]
) -> None:
    """Check an activity's references and kind, then apply the changes (links replaced wholesale)."""
    if "kind" in changes and changes["kind"] not in kinds:
        raise field_problem(Unprocessable, "kind", f"unknown kind {changes['kind']!r}; see GET /v1/activity-kinds")
    await db.require_one(School, changes.get("school_id"), "school_id")
    await db.require_one(Team, changes.get("team_id"), "team_id")
    await db.require_one(Staff, changes.get("leader_staff_id"), "leader_staff_id")
    if "mechanisms" in changes:
        changes["mechanisms"] = sorted(set(changes["mechanisms"]))
    if "priority_ids" in changes:
        changes["priority_links"] = await build_links(
            db,
            Priority,
            changes.pop("priority_ids"),
            "priority_ids",
            lambda i: models.ActivityPriority(tenant_id=db.tenant_id, activity_id=activity.id, priority_id=i),
        )
    if "element_ids" in changes:
        changes["element_links"] = await build_links(
            db,
            FrameworkElement,
            changes.pop("element_ids"),
            "element_ids",
            lambda i: models.ActivityElement(tenant_id=db.tenant_id, activity_id=activity.id, element_id=i),
        )
    apply_changes(activity, changes)
    db.authorize(activity.school_id)


def credited_minutes(status: str, minutes: int | None, duration_minutes: int) -> int:
    """Minutes to credit: given ones only when attended; attended with none given earns the whole duration."""
    if status != "attended":
        if minutes:
            raise field_problem(Unprocessable, "minutes_credited", "only an attended participation earns minutes")
        return 0
    return duration_minutes if minutes is None else minutes


def check_distinct_staff(staff_ids: list[UUID], field: str) -> None:
    """The same staff member may take part once."""
    if len(set(staff_ids)) != len(staff_ids):
        raise field_problem(Unprocessable, field, "lists the same staff member more than once")
