"""The priority coverage report: how far the CPD serving each priority reached, and its evaluation evidence.

An evaluation plan attaches to an activity or to a priority (the programme of work the activities serving
it make up). A priority's evidence is that of its own plan and of the plans of the activities serving it
in the period; feedback on those activities is its level 1 and 2 evidence."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from statistics import fmean
from uuid import UUID

from sqlalchemy import select

from pl_api.domain.activities.models import Activity, ActivityPriority, Feedback, Participation
from pl_api.domain.evaluation.models import EvaluationFollowUp, EvaluationPlan
from pl_api.domain.evaluation.schemas import LEVEL_NAMES
from pl_api.domain.priorities.models import Priority
from pl_api.domain.reports import schemas
from pl_api.domain.reports.common import ReportScope, academic_years, pairs, small


@dataclass(slots=True)
class _Evidence:
    """What is known of a set of activities and plans, to be counted."""

    activities: set[UUID] = field(default_factory=set)
    completed: set[UUID] = field(default_factory=set)
    plans: set[UUID] = field(default_factory=set)


@dataclass(frozen=True, slots=True)
class _Facts:
    status: dict[UUID, str]
    attended: dict[UUID, set[UUID]]
    minutes: dict[tuple[UUID, UUID], int]
    feedback: dict[UUID, list[tuple[UUID, int, int]]]
    measures: dict[UUID, Counter[int]]
    follow_ups: dict[UUID, Counter[int]]
    plan_of_activity: dict[UUID, UUID]


def _levels(facts: _Facts, evidence: _Evidence) -> list[schemas.LevelEvidence]:
    planned: Counter[int] = Counter()
    gathered: Counter[int] = Counter()
    for plan_id in evidence.plans:
        planned.update(facts.measures.get(plan_id, Counter()))
        gathered.update(facts.follow_ups.get(plan_id, Counter()))
    responses = [f for a in evidence.activities for f in facts.feedback.get(a, [])]
    people = len({staff for staff, _, _ in responses})
    reactions = [r for _, r, _ in responses]
    learning = [x for _, _, x in responses]

    def mean(values: list[int]) -> float | None:
        return round(fmean(values), 2) if values and not small(people) else None

    rows = []
    for level, name in LEVEL_NAMES.items():
        if level <= 2:
            rows.append(
                schemas.LevelEvidence(
                    level, name, planned[level], len(responses), mean(reactions if level == 1 else learning)
                )
            )
        else:
            rows.append(schemas.LevelEvidence(level, name, planned[level], gathered[level]))
    return rows


async def _facts(scope: ReportScope, activity_ids: set[UUID], plan_ids: set[UUID]) -> _Facts:
    session, tenant_id = scope.db.session, scope.tenant_id
    status = await pairs(
        session,
        select(Activity.id, Activity.status).where(Activity.tenant_id == tenant_id, Activity.id.in_(activity_ids)),
    )
    attended: dict[UUID, set[UUID]] = defaultdict(set)
    minutes: dict[tuple[UUID, UUID], int] = {}
    rows = await session.execute(
        select(Participation.activity_id, Participation.staff_id, Participation.minutes_credited).where(
            Participation.tenant_id == tenant_id,
            Participation.activity_id.in_(activity_ids),
            Participation.status == "attended",
        )
    )
    for activity_id, staff_id, credited in rows:
        attended[activity_id].add(staff_id)
        minutes[(activity_id, staff_id)] = credited
    feedback: dict[UUID, list[tuple[UUID, int, int]]] = defaultdict(list)
    for activity_id, staff_id, reaction, learning in await session.execute(
        select(Feedback.activity_id, Feedback.staff_id, Feedback.reaction, Feedback.learning).where(
            Feedback.tenant_id == tenant_id, Feedback.activity_id.in_(activity_ids)
        )
    ):
        feedback[activity_id].append((staff_id, reaction, learning))
    plans = await session.execute(
        select(EvaluationPlan.id, EvaluationPlan.activity_id, EvaluationPlan.measures).where(
            EvaluationPlan.tenant_id == tenant_id,
            EvaluationPlan.id.in_(plan_ids) | EvaluationPlan.activity_id.in_(activity_ids),
        )
    )
    measures: dict[UUID, Counter[int]] = {}
    plan_of_activity: dict[UUID, UUID] = {}
    for plan_id, activity_id, plan_measures in plans:
        measures[plan_id] = Counter(int(m["level"]) for m in plan_measures)
        if activity_id is not None:
            plan_of_activity[activity_id] = plan_id
    follow_ups: dict[UUID, Counter[int]] = defaultdict(Counter)
    for plan_id, level in await session.execute(
        select(EvaluationFollowUp.plan_id, EvaluationFollowUp.level).where(
            EvaluationFollowUp.tenant_id == tenant_id,
            EvaluationFollowUp.plan_id.in_(measures),
            EvaluationFollowUp.recorded_on >= scope.from_date,
            EvaluationFollowUp.recorded_on <= scope.to_date,
        )
    ):
        follow_ups[plan_id][level] += 1
    return _Facts(status, attended, minutes, feedback, measures, follow_ups, plan_of_activity)


async def coverage_report(scope: ReportScope) -> schemas.CoverageReport:
    """The coverage report for ``scope``: the priorities of its school (or every priority of the trust) for the
    academic years the period touches."""
    session, tenant_id = scope.db.session, scope.tenant_id
    stmt = select(Priority).where(
        Priority.tenant_id == tenant_id, Priority.academic_year.in_(academic_years(scope.from_date, scope.to_date))
    )
    if scope.school_id is not None or scope.limited:
        stmt = stmt.where(scope.of_schools(Priority.school_id))
    priorities = list(await session.scalars(stmt.order_by(Priority.title, Priority.id)))
    ids = [p.id for p in priorities]
    links = await session.execute(
        select(ActivityPriority.priority_id, Activity.id)
        .join(Activity, Activity.id == ActivityPriority.activity_id)
        .where(
            ActivityPriority.priority_id.in_(ids),
            Activity.tenant_id == tenant_id,
            Activity.status != "cancelled",
            Activity.starts_at >= scope.start,
            Activity.starts_at < scope.end,
        )
    )
    serving: dict[UUID, set[UUID]] = defaultdict(set)
    for priority_id, activity_id in links:
        serving[priority_id].add(activity_id)
    own_plans = await pairs(
        session,
        select(EvaluationPlan.priority_id, EvaluationPlan.id).where(
            EvaluationPlan.tenant_id == tenant_id, EvaluationPlan.priority_id.in_(ids)
        ),
    )
    all_activities = set().union(*serving.values()) if serving else set()
    facts = await _facts(scope, all_activities, set(own_plans.values()))

    def evidence_of(activities: set[UUID], plans: set[UUID]) -> _Evidence:
        plans = plans | {facts.plan_of_activity[a] for a in activities if a in facts.plan_of_activity}
        completed = {a for a in activities if facts.status.get(a) == "completed"}
        return _Evidence(activities, completed, plans)

    def coverage(priority: Priority) -> schemas.PriorityCoverage:
        activities = serving.get(priority.id, set())
        own = {own_plans[priority.id]} if priority.id in own_plans else set()
        evidence = evidence_of(activities, own)
        people = {s for a in activities for s in facts.attended.get(a, set())}
        minutes = sum(facts.minutes.get((a, s), 0) for a in activities for s in facts.attended.get(a, set()))
        return schemas.PriorityCoverage(
            priority_id=priority.id,
            title=priority.title,
            academic_year=priority.academic_year,
            status=priority.status,
            activities=len(activities),
            completed_activities=len(evidence.completed),
            people_reached=len(people),
            minutes=None if small(len(people)) else minutes,
            evidence=_levels(facts, evidence),
        )

    by_school: dict[UUID | None, list[schemas.PriorityCoverage]] = defaultdict(list)
    for priority in priorities:
        by_school[priority.school_id].append(coverage(priority))
    parts = [
        schemas.CoveragePart(school_id, scope.label(school_id), by_school.get(school_id, []))
        for school_id in scope.part_ids(set(by_school))
    ]
    everything = evidence_of(all_activities, set(own_plans.values()))
    return schemas.CoverageReport(
        school_id=scope.school_id,
        from_date=scope.from_date,
        to_date=scope.to_date,
        schools=parts,
        total=schemas.CoverageTotal(
            priorities=len(priorities),
            activities=len(all_activities),
            people_reached=len({s for a in all_activities for s in facts.attended.get(a, set())}),
            evidence=_levels(facts, everything),
        ),
    )
