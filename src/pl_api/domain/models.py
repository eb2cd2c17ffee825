"""Every core table, imported so that ``Base.metadata`` is complete for migrations and tests."""

from __future__ import annotations

from pl_api.db.base import Base
from pl_api.domain.activities.models import Activity, ActivityElement, ActivityPriority, Feedback, Participation
from pl_api.domain.audit.models import AuditEntry
from pl_api.domain.budgets.models import CpdBudget
from pl_api.domain.calendars.models import CalendarFeed
from pl_api.domain.evaluation.models import EvaluationFollowUp, EvaluationPlan
from pl_api.domain.events.models import EventPosition, EventRecord
from pl_api.domain.frameworks.models import Framework, FrameworkElement
from pl_api.domain.goals.models import Goal, GoalElement
from pl_api.domain.idempotency.models import IdempotencyKey
from pl_api.domain.identity.models import IdentityProvider
from pl_api.domain.imports.models import ImportJob
from pl_api.domain.priorities.models import Priority, PriorityElement
from pl_api.domain.reflections.models import Reflection
from pl_api.domain.schools.models import School, SchoolPlugin
from pl_api.domain.series.models import ActivitySeries
from pl_api.domain.staff.models import Staff, StaffMembership
from pl_api.domain.teams.models import Team, TeamMember
from pl_api.domain.tenants.models import ApiClient, Tenant
from pl_api.domain.terms.models import Closure, Term
from pl_api.domain.webhooks.models import WebhookDelivery, WebhookSubscription

CORE_TABLES = frozenset(
    str(mapper.persist_selectable.description)
    for mapper in Base.registry.mappers
    if mapper.class_.__module__.startswith("pl_api.")
)
"""The core's tables; plugins' tables (prefixed with their slug) live in their own migration trees."""

__all__ = [
    "CORE_TABLES",
    "Activity",
    "ActivityElement",
    "ActivityPriority",
    "ActivitySeries",
    "ApiClient",
    "AuditEntry",
    "Base",
    "CalendarFeed",
    "Closure",
    "CpdBudget",
    "EvaluationFollowUp",
    "EvaluationPlan",
    "EventPosition",
    "EventRecord",
    "Feedback",
    "Framework",
    "FrameworkElement",
    "Goal",
    "GoalElement",
    "IdempotencyKey",
    "IdentityProvider",
    "ImportJob",
    "Participation",
    "Priority",
    "PriorityElement",
    "Reflection",
    "School",
    "SchoolPlugin",
    "Staff",
    "StaffMembership",
    "Team",
    "TeamMember",
    "Tenant",
    "Term",
    "WebhookDelivery",
    "WebhookSubscription",
]
