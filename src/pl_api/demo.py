"""A realistic demo trust: two schools, about 60 staff, teams, the Teachers' Standards,
three priorities, the 2026/27 terms and holidays, and an autumn term of activities with participation."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TypeVar
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from pl_api.domain.activities.models import Activity, ActivityElement, ActivityPriority, Feedback, Participation
from pl_api.domain.frameworks.models import Framework, FrameworkElement
from pl_api.domain.goals.models import Goal, GoalElement
from pl_api.domain.priorities.models import Priority, PriorityElement
from pl_api.domain.reflections.models import Reflection
from pl_api.domain.schools.models import School
from pl_api.domain.staff.models import Staff, StaffMembership
from pl_api.domain.teams.models import Team, TeamMember
from pl_api.domain.tenants.models import Tenant
from pl_api.domain.tenants.service import create_client
from pl_api.domain.terms.models import Closure, Term

T = TypeVar("T")

TEACHERS_STANDARDS = [
    ("TS1", "Set high expectations which inspire, motivate and challenge pupils"),
    ("TS2", "Promote good progress and outcomes by pupils"),
    ("TS3", "Demonstrate good subject and curriculum knowledge"),
    ("TS4", "Plan and teach well structured lessons"),
    ("TS5", "Adapt teaching to respond to the strengths and needs of all pupils"),
    ("TS6", "Make accurate and productive use of assessment"),
    ("TS7", "Manage behaviour effectively to ensure a good and safe learning environment"),
    ("TS8", "Fulfil wider professional responsibilities"),
]
GIVEN_NAMES = [
    "Amira",
    "Ben",
    "Chloe",
    "Dev",
    "Ella",
    "Femi",
    "Grace",
    "Harry",
    "Isla",
    "Jack",
    "Kiran",
    "Leah",
    "Mo",
    "Nia",
    "Oscar",
    "Priya",
    "Quinn",
    "Rosa",
    "Sam",
    "Tom",
    "Uma",
    "Vik",
    "Wren",
    "Yusuf",
    "Zara",
]
FAMILY_NAMES = [
    "Adams",
    "Begum",
    "Clarke",
    "Davies",
    "Evans",
    "Fraser",
    "Green",
    "Hussain",
    "Iqbal",
    "Jones",
    "Khan",
    "Lewis",
    "Morgan",
    "Nowak",
    "Owen",
    "Patel",
    "Reid",
    "Singh",
    "Taylor",
    "Walsh",
]
JOB_TITLES = {
    "teacher": "Teacher",
    "school_leader": "Headteacher",
    "pd_lead": "Professional Development Lead",
    "coach": "Instructional Coach",
}
DEPARTMENTS = ["English", "Mathematics", "Science", "Humanities", "Arts"]


@dataclass(frozen=True, slots=True)
class DemoResult:
    """The demo tenant and a fresh API key for it."""

    tenant_id: UUID
    key: str
    summary: str


async def load_demo(session: AsyncSession, name: str, seed: int = 2026) -> DemoResult:
    """Create the demo trust unless a tenant of that name exists; either way, issue a new API key."""
    tenant = await session.scalar(select(Tenant).where(Tenant.name == name))
    if tenant is None:
        tenant = Tenant(name=name, kind="trust")
        session.add(tenant)
        await session.flush()
        summary = await _populate(session, tenant.id, random.Random(seed))
        _add_calendar(session, tenant.id)
        await session.commit()
    else:
        summary = "already loaded; a new key was issued"
    client = await create_client(session, tenant.id, "demo key")
    return DemoResult(tenant_id=tenant.id, key=client.key, summary=summary)


def _add_calendar(session: AsyncSession, tenant_id: UUID) -> None:
    """The trust's 2026/27: three terms, half terms and an INSET day, shared by both schools."""
    year = Term(
        tenant_id=tenant_id,
        name="2026/27",
        kind="academic_year",
        academic_year="2026/27",
        starts_on=date(2026, 9, 1),
        ends_on=date(2027, 7, 23),
    )
    session.add(year)
    for name, starts_on, ends_on in (
        ("Autumn", date(2026, 9, 2), date(2026, 12, 18)),
        ("Spring", date(2027, 1, 5), date(2027, 3, 26)),
        ("Summer", date(2027, 4, 12), date(2027, 7, 23)),
    ):
        session.add(
            Term(
                tenant_id=tenant_id,
                name=name,
                kind="term",
                academic_year="2026/27",
                parent_id=year.id,
                starts_on=starts_on,
                ends_on=ends_on,
            )
        )
    for kind, name, starts_on, ends_on in (
        ("holiday", "October half term", date(2026, 10, 26), date(2026, 10, 30)),
        ("holiday", "February half term", date(2027, 2, 15), date(2027, 2, 19)),
        ("holiday", "May half term", date(2027, 5, 31), date(2027, 6, 4)),
        ("inset_day", "INSET: assessment", date(2027, 1, 5), date(2027, 1, 5)),
    ):
        session.add(Closure(tenant_id=tenant_id, kind=kind, name=name, starts_on=starts_on, ends_on=ends_on))


async def _populate(session: AsyncSession, tenant_id: UUID, rng: random.Random) -> str:
    def add(obj: T) -> T:
        session.add(obj)
        return obj

    schools = [
        add(
            School(
                tenant_id=tenant_id, name="Oakfield Primary School", urn="141001", laestab="3802001", phase="primary"
            )
        ),
        add(School(tenant_id=tenant_id, name="Oakfield Academy", urn="141002", laestab="3804001", phase="secondary")),
    ]
    framework = add(Framework(tenant_id=tenant_id, name="Teachers' Standards", description="DfE, 2011 (updated 2021)"))
    elements = [
        add(FrameworkElement(tenant_id=tenant_id, framework_id=framework.id, code=code, title=title, position=i))
        for i, (code, title) in enumerate(TEACHERS_STANDARDS)
    ]

    staff: list[Staff] = []
    for i in range(60):
        school = schools[0] if i < 22 else schools[1]
        given, family = GIVEN_NAMES[i % len(GIVEN_NAMES)], FAMILY_NAMES[(i * 7) % len(FAMILY_NAMES)]
        roles = ["teacher"]
        if i in (0, 22):
            roles = ["school_leader"]
        elif i in (1, 23):
            roles = ["pd_lead", "teacher"]
        elif i % 9 == 0:
            roles = ["coach", "teacher"]
        member = add(
            Staff(
                tenant_id=tenant_id,
                given_name=given,
                family_name=family,
                email=f"{given}.{family}{i}@oakfield.example".lower(),
                job_title=JOB_TITLES[roles[0]],
                trust_roles=["trust_admin"] if i == 0 else [],
            )
        )
        member.memberships = [StaffMembership(tenant_id=tenant_id, school_id=school.id, roles=roles)]
        staff.append(member)
    primary_staff, secondary_staff = staff[:22], staff[22:]
    await session.flush()  # rows below refer to these; flush so foreign keys hold on insert

    teams: list[tuple[Team, list[Staff]]] = []
    for year, group in zip(
        ["Year 1", "Year 3", "Year 5"], [primary_staff[2:9], primary_staff[9:15], primary_staff[15:]], strict=False
    ):
        teams.append((add(Team(tenant_id=tenant_id, school_id=schools[0].id, name=year, kind="year_group")), group))
    for d, department in enumerate(DEPARTMENTS):
        group = secondary_staff[2 + d * 7 : 2 + (d + 1) * 7]
        teams.append(
            (add(Team(tenant_id=tenant_id, school_id=schools[1].id, name=department, kind="department")), group)
        )
    for team, group in teams:
        for j, person in enumerate(group):
            add(
                TeamMember(
                    tenant_id=tenant_id, team_id=team.id, staff_id=person.id, role="lead" if j == 0 else "member"
                )
            )

    priorities = [
        add(
            Priority(
                tenant_id=tenant_id,
                school_id=schools[0].id,
                academic_year="2026/27",
                owner_staff_id=staff[1].id,
                title="Early reading: every pupil reads fluently by Year 2",
                evidence_sources=["pupil_progress", "inspection"],
            )
        ),
        add(
            Priority(
                tenant_id=tenant_id,
                school_id=schools[1].id,
                academic_year="2026/27",
                owner_staff_id=staff[23].id,
                title="Responsive teaching: formative assessment in every lesson",
                evidence_sources=["observations", "research"],
            )
        ),
        add(
            Priority(
                tenant_id=tenant_id,
                school_id=None,
                academic_year="2026/27",
                owner_staff_id=staff[0].id,
                title="Adaptive teaching for pupils with SEND",
                evidence_sources=["pupil_voice", "staff_voice"],
            )
        ),
    ]
    for priority, codes in zip(priorities, [("TS3", "TS4"), ("TS6", "TS2"), ("TS5",)], strict=True):
        priority.element_links = [
            PriorityElement(tenant_id=tenant_id, element_id=e.id) for e in elements if e.code in codes
        ]

    await session.flush()
    term_start = datetime(2026, 9, 2, 15, 30, tzinfo=UTC)
    activity_count = participation_count = 0
    later: list[Participation | Feedback] = []

    def activity(
        school: School | None,
        team: Team | None,
        title: str,
        kind: str,
        stream: str,
        when: datetime,
        minutes: int,
        people: list[Staff],
        priority: Priority,
        mechanisms: list[str],
    ) -> None:
        nonlocal activity_count, participation_count
        done = when < datetime(2026, 11, 22, tzinfo=UTC)
        act = add(
            Activity(
                tenant_id=tenant_id,
                school_id=school.id if school else None,
                team_id=team.id if team else None,
                title=title,
                kind=kind,
                stream=stream,
                starts_at=when,
                duration_minutes=minutes,
                mechanisms=mechanisms,
                leader_staff_id=priority.owner_staff_id,
                status="completed" if done else "planned",
                cost_pence=None,
            )
        )
        act.priority_links = [ActivityPriority(tenant_id=tenant_id, priority_id=priority.id)]
        act.element_links = [
            ActivityElement(tenant_id=tenant_id, element_id=link.element_id) for link in priority.element_links
        ]
        activity_count += 1
        for person in people:
            status = ("attended" if rng.random() < 0.9 else "absent") if done else "invited"
            add(
                Participation(
                    tenant_id=tenant_id,
                    activity_id=act.id,
                    staff_id=person.id,
                    status=status,
                    minutes_credited=minutes if status == "attended" else 0,
                )
            )
            participation_count += 1
            if status == "attended" and rng.random() < 0.3:
                add(
                    Feedback(
                        tenant_id=tenant_id,
                        activity_id=act.id,
                        staff_id=person.id,
                        reaction=rng.randint(3, 5),
                        learning=rng.randint(2, 5),
                    )
                )

    for school, people, priority in (
        (schools[0], primary_staff, priorities[0]),
        (schools[1], secondary_staff, priorities[1]),
    ):
        activity(
            school,
            None,
            "INSET: the science of learning",
            "inset_session",
            "whole_school",
            term_start - timedelta(hours=6),
            300,
            people,
            priority,
            ["manage_cognitive_load", "credible_source"],
        )
        activity(
            school,
            None,
            "Expert input: responsive teaching",
            "expert_input",
            "whole_school",
            term_start + timedelta(weeks=7),
            90,
            people,
            priorities[2],
            ["credible_source", "model_technique"],
        )
    for team, group in teams:
        school = next(s for s in schools if s.id == team.school_id)
        priority = priorities[0] if school is schools[0] else priorities[1]
        for fortnight in range(7):
            activity(
                school,
                team,
                f"{team.name} CPD cycle {fortnight + 1}",
                "team_meeting",
                "team",
                term_start + timedelta(weeks=2 * fortnight, days=5),
                60,
                group,
                priority,
                ["rehearse_technique", "action_planning", "monitor_feedback"],
            )
    for i, person in enumerate(staff[::6]):
        activity(
            None,
            None,
            "Online course: adaptive teaching",
            "online_course",
            "individual",
            term_start + timedelta(weeks=3 + i % 8),
            120,
            [person],
            priorities[2],
            ["instruct_technique"],
        )

    await session.flush()
    session.add_all([p for p in later if isinstance(p, Participation)])
    await session.flush()
    session.add_all([f for f in later if isinstance(f, Feedback)])
    for person in staff[::3]:
        goal = add(
            Goal(
                tenant_id=tenant_id,
                staff_id=person.id,
                title="Sharper questioning in every lesson",
                starts_on=date(2026, 9, 7),
                review_on=date(2027, 2, 1),
            )
        )
        goal.element_links = [GoalElement(tenant_id=tenant_id, element_id=elements[5].id)]
        add(
            Reflection(
                tenant_id=tenant_id,
                staff_id=person.id,
                goal_id=goal.id,
                body="Cold calling after wait time brought more pupils in; try mini-whiteboards next.",
                visibility="private",
                written_at=term_start + timedelta(weeks=4),
            )
        )
        add(
            Reflection(
                tenant_id=tenant_id,
                staff_id=person.id,
                goal_id=goal.id,
                visibility="leaders",
                body="Hinge questions showed two misconceptions I had missed.",
                written_at=term_start + timedelta(weeks=6),
            )
        )

    return (
        f"2 schools, {len(staff)} staff, {len(teams)} teams, 1 framework, {len(priorities)} priorities, "
        f"{activity_count} activities, {participation_count} participations"
    )
