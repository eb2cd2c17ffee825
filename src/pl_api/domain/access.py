"""Who may see and change which rows: the one place the privacy rules live.

Integration clients see the whole tenant, as their scopes allow, except reflections: a client acts
for the school's leadership, so it sees only reflections shared with leaders.

A user (a staff member signed in) sees the rows of the schools where their roles carry the
``<resource>.read`` permission, and rows that belong to no school. What is personal follows its owner:

- goals: the owner, and ``goals.read`` holders in a school the owner belongs to;
- reflections: the author; others only by the visibility the author chose — ``team`` (members of a
  team the author is in), ``coach`` (``reflections.coach`` holders in the author's schools),
  ``leaders`` (``reflections.leaders`` holders in the author's schools); ``private`` is the author's alone;
- terms and closures follow their school like activities (``terms.read``; trust-wide ones: everyone), and
  planned series like the activities they make (``activities.read``);
- calendar feeds: a user manages their own and those of teams they are in; others' with ``calendars.write``
  in the staff member's (or team's) school. A feed's URL is shown only when it is made or rotated; the feed
  it opens holds what its staff member leads or is invited to and may see by these rules (or the team's
  activities), and names no other staff;
- feedback on an activity: its author, and ``activities.write`` holders in the activity's school;
- the CPD record: the staff member, and ``records.read`` holders in one of their schools;
- the portfolio (``GET /v1/staff/{id}/portfolio``): as the record, but its reflections are only those shared
  with ``leaders`` (never ``coach``, ``team`` or ``private`` ones, whoever asks); the staff member alone may
  ask for their own copy with the rest (``include_unshared``), each marked as not shared;
- the data export (``GET /v1/staff/{id}/export``): the staff member, ``privacy.read`` holders in one of
  their schools, and clients with ``privacy:read``. It is complete — every reflection, private ones
  included, and each plugin's data — because it answers the staff member's right of access; every
  export by anyone other than the staff member themselves is put on record;
- erasure (``POST /v1/staff/{id}/erase``): ``privacy.write`` holders in every school of the staff member
  (trust-wide for one in no school) and clients with ``privacy:write``; nobody erases themselves;
- evaluation plans: ``evaluation.read`` holders in the school of the activity or priority evaluated (and
  everyone, for a trust-wide one); their follow-ups record the group's evidence, never a person's;
- CPD budgets: ``budgets.read`` holders in the budget's school;
- reports: ``reports.read`` holders for the school reported on (trust-wide for the whole trust), as
  aggregates only: no reflection, no feedback comment and no staff member's name appears in them, and
  minutes, shares and rates of a group of fewer than three people are withheld. The names of staff
  with no recorded learning in a term are listed only for ``reports.names`` holders and clients
  given ``reports:names`` (which ``*`` does not cover);
- the audit log: only ``audit.read`` holders across the trust (its entries belong to no school);
- the change feed (``GET /v1/events``): only ``events.read`` holders across the trust (trust admins) and
  clients with ``events:read``. Its events name objects by id and never hold their content, but they
  still tell when someone wrote a reflection or a goal, so a school-level role does not get it;
- OneRoster imports and webhook subscriptions: trust-wide ``imports.write`` / ``webhooks.*`` holders and
  clients with ``imports:*`` / ``webhooks:*`` (a webhook delivers the feed, so it is as guarded).

The ``*`` scope does not cover ``privacy:read`` or ``privacy:write``: a client gets them only by name.

A row a caller may not see answers 404, exactly like a missing one; a row they may see but not
change answers 403.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement, and_, exists, false, or_, select, true
from sqlalchemy.orm import aliased

from pl_api.db.tenant_scope import TenantScope
from pl_api.domain.activities.models import Activity, Feedback
from pl_api.domain.audit.models import AuditEntry
from pl_api.domain.budgets.models import CpdBudget
from pl_api.domain.calendars.models import CalendarFeed
from pl_api.domain.evaluation.models import EvaluationPlan
from pl_api.domain.events.models import EventRecord
from pl_api.domain.goals.models import Goal
from pl_api.domain.identity.principal import Grants, Principal
from pl_api.domain.imports.models import ImportJob
from pl_api.domain.priorities.models import Priority
from pl_api.domain.reflections.models import Reflection
from pl_api.domain.schools.models import School
from pl_api.domain.series.models import ActivitySeries
from pl_api.domain.staff.models import Staff, StaffMembership
from pl_api.domain.teams.models import Team, TeamMember
from pl_api.domain.terms.models import Closure, Term
from pl_api.domain.webhooks.models import WebhookDelivery, WebhookSubscription
from pl_api.http.problems import Forbidden

VISIBLE_TO_CLIENTS = ("leaders",)


def _in_schools(column: Any, schools: Collection[UUID] | None) -> ColumnElement[bool]:
    """``column`` names one of ``schools`` (``None``: every school)."""
    if schools is None:
        return true()
    return column.in_(schools) if schools else false()


def _member_of(staff_id: Any, schools: Collection[UUID] | None) -> ColumnElement[bool]:
    """The staff member ``staff_id`` belongs to one of ``schools`` (``None``: any, or none)."""
    if schools is None:
        return true()
    if not schools:
        return false()
    return exists().where(StaffMembership.staff_id == staff_id, StaffMembership.school_id.in_(schools))


def _school_or_none(model: Any, grants: Grants, permission: str) -> ColumnElement[bool]:
    schools = grants.schools_with(permission)
    return or_(model.school_id.is_(None), _in_schools(model.school_id, schools))


def reflections_visible_to_clients() -> ColumnElement[bool]:
    """The reflections an integration client may read (shared with leaders); plain comparisons, so that a
    statement holding it compiles once (``pl_api.db.reads``)."""
    return or_(*(Reflection.visibility == visibility for visibility in VISIBLE_TO_CLIENTS))


def _reflections(principal: Principal) -> ColumnElement[bool]:
    grants = principal.grants
    if grants is None:
        return reflections_visible_to_clients()
    mine, theirs = aliased(TeamMember), aliased(TeamMember)
    shares_a_team = exists().where(
        mine.staff_id == principal.staff_id, theirs.team_id == mine.team_id, theirs.staff_id == Reflection.staff_id
    )
    return or_(
        Reflection.staff_id == principal.staff_id,
        and_(Reflection.visibility == "team", shares_a_team),
        and_(
            Reflection.visibility == "coach",
            _member_of(Reflection.staff_id, grants.schools_with("reflections.coach")),
        ),
        and_(
            Reflection.visibility == "leaders",
            _member_of(Reflection.staff_id, grants.schools_with("reflections.leaders")),
        ),
    )


def _calendar_feeds(principal: Principal, grants: Grants) -> ColumnElement[bool]:
    member = exists().where(TeamMember.team_id == CalendarFeed.team_id, TeamMember.staff_id == principal.staff_id)
    team_school = exists().where(Team.id == CalendarFeed.team_id, _school_or_none(Team, grants, "calendars.write"))
    return or_(
        CalendarFeed.staff_id == principal.staff_id,
        and_(
            CalendarFeed.staff_id.is_not(None),
            _member_of(CalendarFeed.staff_id, grants.schools_with("calendars.write")),
        ),
        member,
        team_school,
    )


def _users_only(rule: Callable[[Principal, Grants], ColumnElement[bool]]) -> Callable[[Principal], Any]:
    def apply(principal: Principal) -> ColumnElement[bool] | None:
        return None if principal.grants is None else rule(principal, principal.grants)

    return apply


ROW_RULES: dict[type[Any], Callable[[Principal], ColumnElement[bool] | None]] = {
    School: _users_only(lambda p, g: _in_schools(School.id, g.schools_with("schools.read"))),
    Staff: _users_only(lambda p, g: or_(Staff.id == p.staff_id, _member_of(Staff.id, g.schools_with("staff.read")))),
    Team: _users_only(lambda p, g: _school_or_none(Team, g, "teams.read")),
    Priority: _users_only(lambda p, g: _school_or_none(Priority, g, "priorities.read")),
    Activity: _users_only(lambda p, g: _school_or_none(Activity, g, "activities.read")),
    ActivitySeries: _users_only(lambda p, g: _school_or_none(ActivitySeries, g, "activities.read")),
    Term: _users_only(lambda p, g: _school_or_none(Term, g, "terms.read")),
    Closure: _users_only(lambda p, g: _school_or_none(Closure, g, "terms.read")),
    CalendarFeed: _users_only(_calendar_feeds),
    Goal: _users_only(
        lambda p, g: or_(Goal.staff_id == p.staff_id, _member_of(Goal.staff_id, g.schools_with("goals.read")))
    ),
    Feedback: _users_only(
        lambda p, g: or_(
            Feedback.staff_id == p.staff_id,
            exists().where(Activity.id == Feedback.activity_id, _school_or_none(Activity, g, "activities.write")),
        )
    ),
    Reflection: _reflections,
    EvaluationPlan: _users_only(
        lambda p, g: or_(
            exists().where(Activity.id == EvaluationPlan.activity_id, _school_or_none(Activity, g, "evaluation.read")),
            exists().where(Priority.id == EvaluationPlan.priority_id, _school_or_none(Priority, g, "evaluation.read")),
        )
    ),
    CpdBudget: _users_only(lambda p, g: _in_schools(CpdBudget.school_id, g.schools_with("budgets.read"))),
    AuditEntry: _users_only(lambda p, g: true() if g.schools_with("audit.read") is None else false()),
    EventRecord: _users_only(lambda p, g: true() if g.schools_with("events.read") is None else false()),
    ImportJob: _users_only(lambda p, g: true() if g.schools_with("imports.write") is None else false()),
    WebhookSubscription: _users_only(lambda p, g: true() if g.schools_with("webhooks.read") is None else false()),
    WebhookDelivery: _users_only(lambda p, g: true() if g.schools_with("webhooks.read") is None else false()),
}
"""For each model, the condition selecting the rows a caller may see (none: every row of the tenant)."""


def visible_rows(principal: Principal, model: type[Any]) -> ColumnElement[bool] | None:
    """The condition selecting the rows of ``model`` that ``principal`` may see, or None for all."""
    rule = ROW_RULES.get(model)
    return rule(principal) if rule else None


async def schools_of_staff(db: TenantScope, staff_id: UUID) -> list[UUID]:
    """The schools a staff member belongs to."""
    return list(await db.session.scalars(select(StaffMembership.school_id).where(StaffMembership.staff_id == staff_id)))


async def ensure_may_act_for(db: TenantScope, staff_id: UUID, permission: str, what: str) -> None:
    """A user may act on ``what`` of their own, or of a staff member in a school where they hold
    ``permission``; otherwise 403. Clients pass (their scopes were checked)."""
    principal = db.principal
    if principal is None or principal.grants is None or principal.staff_id == staff_id:
        return
    grants = principal.grants
    if grants.holds(permission, None):
        return
    if any(grants.holds(permission, school) for school in await schools_of_staff(db, staff_id)):
        return
    raise Forbidden(f"only your own {what}, or with {permission} in their school")


def is_own(db: TenantScope, staff_id: UUID) -> bool:
    """Whether the caller is the user ``staff_id``."""
    return db.principal is not None and db.principal.staff_id == staff_id


def ensure_author(db: TenantScope, staff_id: UUID, what: str) -> None:
    """Only its author may write ``what``; 403 for any other user. Clients pass (their scopes were checked)."""
    principal = db.principal
    if principal is not None and principal.grants is not None and principal.staff_id != staff_id:
        raise Forbidden(f"a user may write only their own {what}")
