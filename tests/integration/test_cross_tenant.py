"""Every operation that takes an id, called with another tenant's ids: 404, and nothing changes.

The operations are read from the OpenAPI document, so a new id-taking operation is covered
the moment it exists (and fails here until its request body is listed below, if it has one).
"""

from __future__ import annotations

import re
import uuid
from datetime import UTC, date, datetime
from typing import Any

import pytest
from litestar import Litestar
from sqlalchemy import select

from pl_api.domain.activities.models import Activity, Feedback, Participation
from pl_api.domain.budgets.models import CpdBudget
from pl_api.domain.calendars.models import CalendarFeed
from pl_api.domain.evaluation.models import EvaluationFollowUp, EvaluationPlan
from pl_api.domain.events.models import EventRecord
from pl_api.domain.frameworks.models import Framework, FrameworkElement
from pl_api.domain.goals.models import Goal
from pl_api.domain.imports.models import ImportJob
from pl_api.domain.priorities.models import Priority
from pl_api.domain.reflections.models import Reflection
from pl_api.domain.schools.models import School
from pl_api.domain.series.models import ActivitySeries
from pl_api.domain.staff.models import Staff, StaffMembership
from pl_api.domain.teams.models import Team, TeamMember
from pl_api.domain.terms.models import Closure, Term
from pl_api.domain.webhooks.models import WebhookDelivery, WebhookSubscription
from tests.conftest import TenantClient

METHODS = ("get", "put", "post", "patch", "delete")


def body_for(operation_id: str, own: dict[str, str]) -> dict[str, Any] | None:
    """A valid body for each id-taking write, naming only the caller's own objects where it names any."""
    bodies: dict[str, dict[str, Any]] = {
        "UpdateSchool": {"name": "Taken over"},
        "UpdateStaff": {"job_title": "Taken over"},
        "UpdateTeam": {"name": "Taken over"},
        "PutTeamMember": {"role": "member"},
        "UpdateFramework": {"name": "Taken over"},
        "CreateFrameworkElement": {"code": "X1", "title": "Injected"},
        "UpdateFrameworkElement": {"title": "Taken over"},
        "UpdatePriority": {"title": "Taken over"},
        "UpdateGoal": {"title": "Taken over"},
        "UpdateReflection": {"body": "Taken over"},
        "UpdateActivity": {"title": "Taken over"},
        "AddParticipant": {"staff_id": own["staff_id"], "status": "attended"},
        "UpdateParticipant": {"status": "absent"},
        "CreateFeedback": {"staff_id": own["staff_id"], "reaction": 5, "learning": 5},
        "UpdateWebhookSubscription": {"url": "https://hooks.example/taken-over"},
        "UpdateEvaluationPlan": {"summary": "Taken over"},
        "CreateFollowUp": {"level": 3, "instrument": "survey", "recorded_on": "2026-10-01", "summary": "Injected"},
        "UpdateFollowUp": {"summary": "Taken over"},
        "UpdateCpdBudget": {"amount_pence": 1},
        "UpdateTerm": {"name": "Taken over"},
        "UpdateClosure": {"name": "Taken over"},
        "UpdateActivitySeries": {"title": "Taken over"},
        "CancelActivitySeries": {"apply_from": "2026-10-20"},
    }
    return bodies.get(operation_id)


async def _populate(app: Litestar, tenant_id: Any) -> dict[str, str]:
    """One of everything in a tenant, straight into the database; returns path-parameter values."""
    now = datetime(2026, 10, 1, 16, 0, tzinfo=UTC)
    async with app.state.sessions() as session:
        school = School(tenant_id=tenant_id, name="Theirs")
        framework = Framework(tenant_id=tenant_id, name="Their framework")
        session.add_all([school, framework])
        await session.flush()
        staff = Staff(
            tenant_id=tenant_id,
            given_name="A",
            family_name="B",
            email="a.b@theirs.example",
            memberships=[StaffMembership(tenant_id=tenant_id, school_id=school.id, roles=["teacher"])],
        )
        session.add(staff)
        await session.flush()
        team = Team(tenant_id=tenant_id, school_id=school.id, name="Their team", kind="department")
        element = FrameworkElement(tenant_id=tenant_id, framework_id=framework.id, code="T1", title="Theirs")
        priority = Priority(tenant_id=tenant_id, school_id=school.id, academic_year="2026/27", title="Theirs")
        goal = Goal(tenant_id=tenant_id, staff_id=staff.id, title="Theirs")
        activity = Activity(
            tenant_id=tenant_id,
            school_id=school.id,
            title="Theirs",
            kind="inset_session",
            stream="whole_school",
            starts_at=now,
            duration_minutes=60,
        )
        session.add_all([team, element, priority, goal, activity])
        await session.flush()
        reflection = Reflection(
            tenant_id=tenant_id, staff_id=staff.id, body="Theirs", visibility="leaders", written_at=now
        )
        member = TeamMember(tenant_id=tenant_id, team_id=team.id, staff_id=staff.id)
        participation = Participation(
            tenant_id=tenant_id, activity_id=activity.id, staff_id=staff.id, status="attended", minutes_credited=60
        )
        session.add_all([reflection, member, participation])
        await session.flush()
        feedback = Feedback(tenant_id=tenant_id, activity_id=activity.id, staff_id=staff.id, reaction=4, learning=4)
        subscription = WebhookSubscription(  # disabled, with a delivery given up: no worker touches them
            tenant_id=tenant_id,
            url="https://hooks.example/theirs",
            secret_encrypted="sealed",
            status="disabled",
            last_position=0,
        )
        job = ImportJob(tenant_id=tenant_id)
        plan = EvaluationPlan(tenant_id=tenant_id, activity_id=activity.id, measures=[])
        budget = CpdBudget(tenant_id=tenant_id, school_id=school.id, academic_year="2026/27", amount_pence=100)
        term = Term(
            tenant_id=tenant_id,
            school_id=school.id,
            name="Theirs",
            kind="academic_year",
            starts_on=date(2026, 9, 1),
            ends_on=date(2027, 7, 23),
        )
        closure = Closure(
            tenant_id=tenant_id,
            school_id=school.id,
            name="Theirs",
            kind="inset_day",
            starts_on=date(2026, 12, 21),
            ends_on=date(2026, 12, 21),
        )
        series = ActivitySeries(
            tenant_id=tenant_id,
            school_id=school.id,
            title="Theirs",
            kind="team_meeting",
            stream="team",
            duration_minutes=60,
            frequency="weekly",
            starts_on=date(2026, 10, 1),
            ends_on=date(2026, 10, 31),
            start_time="15:30",
            timezone="Europe/London",
            term_time_only=False,
        )
        feed = CalendarFeed(tenant_id=tenant_id, staff_id=staff.id, token_hash=uuid.uuid4().hex * 2)
        session.add_all([feedback, subscription, job, term, closure, series, feed, plan, budget])
        await session.flush()
        follow_up = EvaluationFollowUp(
            tenant_id=tenant_id, plan_id=plan.id, level=3, instrument="survey", recorded_on=now.date(), summary="x"
        )
        session.add(follow_up)
        await session.commit()
        event_id = await session.scalar(select(EventRecord.id).where(EventRecord.tenant_id == tenant_id).limit(1))
        delivery = WebhookDelivery(
            tenant_id=tenant_id, subscription_id=subscription.id, event_id=event_id, status="failed"
        )
        session.add(delivery)
        await session.commit()
        return {
            "school_id": str(school.id),
            "staff_id": str(staff.id),
            "team_id": str(team.id),
            "framework_id": str(framework.id),
            "element_id": str(element.id),
            "priority_id": str(priority.id),
            "goal_id": str(goal.id),
            "reflection_id": str(reflection.id),
            "activity_id": str(activity.id),
            "feedback_id": str(feedback.id),
            "subscription_id": str(subscription.id),
            "delivery_id": str(delivery.id),
            "job_id": str(job.id),
            "plan_id": str(plan.id),
            "follow_up_id": str(follow_up.id),
            "budget_id": str(budget.id),
            "term_id": str(term.id),
            "closure_id": str(closure.id),
            "series_id": str(series.id),
            "feed_id": str(feed.id),
            "slug": "sample",
        }


async def _snapshot(app: Litestar, tenant_id: Any) -> list[tuple[str, Any, Any]]:
    """Every row of a tenant with its version (or its whole state for unversioned link rows)."""
    from pl_api.domain.models import CORE_TABLES, Base

    rows: list[tuple[str, Any, Any]] = []
    async with app.state.sessions() as session:
        for table in Base.metadata.sorted_tables:
            if table.name not in CORE_TABLES or "tenant_id" not in table.c:
                continue
            result = await session.execute(table.select().where(table.c.tenant_id == tenant_id))
            rows += [(table.name, tuple(sorted(map(str, r._mapping.items()))), None) for r in result]
    return sorted(rows)


def id_operations(app: Litestar) -> list[tuple[str, str, str, bool]]:
    """Every ``/v1`` operation taking an id: (operation id, method, path template, has a body)."""
    document = app.openapi_schema.to_schema()
    found = []
    for template, item in document["paths"].items():
        if template.startswith("/v1/") and "{" in template:
            for method in METHODS:
                if method in item:
                    operation = item[method]
                    found.append((operation["operationId"], method, template, "requestBody" in operation))
    return found


async def call_every_id_operation(
    app: Litestar, caller: TenantClient | None, http: Any, ids: dict[str, str], own: dict[str, str]
) -> dict[str, int]:
    """Call every id-taking operation on the objects ``ids`` names; ``caller`` None sends no credentials.
    Returns each operation's status."""
    statuses: dict[str, int] = {}
    for operation_id, method, template, has_body in id_operations(app):
        names = re.findall(r"{(\w+)}", template)
        unknown = [n for n in names if n not in ids]
        assert not unknown, f"add an object for path parameter(s) {unknown} to _populate"
        path = template
        for name in names:
            path = path.replace("{" + name + "}", ids[name])
        kwargs: dict[str, Any] = {}
        if has_body:
            body = body_for(operation_id, own)
            assert body is not None, f"add a body for {operation_id} to body_for"
            kwargs["json"] = body
        response = await (caller.request if caller else http.request)(method.upper(), path, **kwargs)
        assert response.headers["content-type"].startswith("application/problem+json") or response.is_success
        statuses[operation_id] = response.status_code
    return statuses


async def test_another_tenants_ids_are_not_found(app: Litestar, api: TenantClient, other_api: TenantClient) -> None:
    theirs = await _populate(app, other_api.tenant_id)
    own = await _populate(app, api.tenant_id)
    before = await _snapshot(app, other_api.tenant_id)
    statuses = await call_every_id_operation(app, api, None, theirs, own)
    assert len(statuses) >= 40, statuses
    assert {op: s for op, s in statuses.items() if s != 404} == {}
    assert await _snapshot(app, other_api.tenant_id) == before


@pytest.mark.parametrize("path", ["/v1/schools", "/v1/staff", "/v1/teams", "/v1/activities"])
async def test_lists_show_only_own_tenant(app: Litestar, api: TenantClient, other_api: TenantClient, path: str) -> None:
    await _populate(app, other_api.tenant_id)
    response = await api.get(path)
    if response.status_code == 404:
        pytest.skip(f"{path} is not served yet")
    assert response.status_code == 200
    assert response.json()["items"] == []
