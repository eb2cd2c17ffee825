"""The core's controllers, in the order the docs list them."""

from __future__ import annotations

from litestar.types import ControllerRouterHandler

from pl_api.domain.activities.controller import ActivityController, ActivityKindController
from pl_api.domain.activities.participants import FeedbackController, ParticipantController
from pl_api.domain.audit.controller import AuditController
from pl_api.domain.budgets.controller import CpdBudgetController
from pl_api.domain.calendars.controller import CalendarFeedController
from pl_api.domain.evaluation.controller import EvaluationPlanController, FollowUpController
from pl_api.domain.events.controller import EventController
from pl_api.domain.frameworks.controller import FrameworkController, FrameworkElementController
from pl_api.domain.goals.controller import GoalController
from pl_api.domain.imports.controller import ImportController
from pl_api.domain.portfolio.controller import StaffPortfolioController
from pl_api.domain.priorities.controller import PriorityController
from pl_api.domain.privacy.controller import PrivacyController
from pl_api.domain.records.controller import StaffRecordController
from pl_api.domain.reflections.controller import ReflectionController
from pl_api.domain.reports.controller import ReportController
from pl_api.domain.schools.controller import SchoolController
from pl_api.domain.series.controller import SeriesController
from pl_api.domain.staff.controller import StaffController
from pl_api.domain.sync.controller import SyncController
from pl_api.domain.teams.controller import TeamController, TeamMemberController
from pl_api.domain.terms.controller import ClosureController, TermController
from pl_api.domain.webhooks.controller import WebhookController
from pl_api.plugin_host.controller import PluginController, SchoolPluginController

CORE_CONTROLLERS: list[ControllerRouterHandler] = [
    SchoolController,
    StaffController,
    StaffRecordController,
    StaffPortfolioController,
    PrivacyController,
    TeamController,
    TeamMemberController,
    FrameworkController,
    FrameworkElementController,
    PriorityController,
    TermController,
    ClosureController,
    ActivityController,
    ActivityKindController,
    SeriesController,
    ParticipantController,
    FeedbackController,
    EvaluationPlanController,
    FollowUpController,
    CpdBudgetController,
    ReportController,
    GoalController,
    ReflectionController,
    CalendarFeedController,
    PluginController,
    SchoolPluginController,
    AuditController,
    EventController,
    SyncController,
    ImportController,
    WebhookController,
]
