"""Roles and the permissions they carry: the one table every access decision reads.

A staff member holds roles in a school (``staff_memberships.roles``) or across the whole trust
(``staff.trust_roles``). A role held in a school grants its permissions for that school's rows; a
trust-wide role grants them everywhere, including rows that belong to no school. In a standalone
school's tenant (kind ``school``) the two are the same. Plugins add permissions of their own
(``<slug>.<action>``) and say which roles receive them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType

ROLES = ("teacher", "team_lead", "coach", "pd_lead", "school_leader", "trust_admin")

CORE_PERMISSIONS: Mapping[str, str] = MappingProxyType(
    {
        "schools.read": "See the school.",
        "schools.write": "Change the school and switch plugins on or off for it; trust-wide: add and remove schools.",
        "staff.read": "See the school's staff directory (names, work emails, roles).",
        "staff.write": "Add staff, change their details and roles, record that they left.",
        "teams.read": "See teams and their members.",
        "teams.write": "Create, change and delete teams and set their members.",
        "frameworks.read": "See frameworks and their elements.",
        "frameworks.write": "Create, change and delete frameworks (they belong to no school: a trust-wide role).",
        "priorities.read": "See school-improvement priorities.",
        "priorities.write": "Create, change and delete priorities.",
        "terms.read": "See academic years, terms and closures (INSET days, holidays).",
        "terms.write": "Plan academic years, terms and closures (trust-wide ones: a trust-wide role).",
        "activities.read": "See activities, planned series and who takes part.",
        "activities.write": (
            "Plan activities and series, record attendance and credited minutes, read and remove feedback."
        ),
        "calendars.write": "Make, rotate and revoke the calendar feeds of the school's staff and teams.",
        "goals.read": "See the goals of the school's staff (everyone sees their own).",
        "goals.write": "Set and change the goals of the school's staff (everyone manages their own).",
        "records.read": "See the CPD record of the school's staff (everyone sees their own).",
        "reflections.coach": "Read reflections their authors shared with coaches.",
        "reflections.leaders": "Read reflections their authors shared with leaders.",
        "audit.read": "Read the audit log: who changed what, and when (it belongs to no school: a trust-wide role).",
        "privacy.read": "Export everything held about a staff member.",
        "privacy.write": "Erase (anonymise) a staff member.",
        "events.read": "Read the change feed: which object changed, and when (ids only; a trust-wide role).",
        "imports.write": "Import a OneRoster set and see how imports went (a trust-wide role).",
        "webhooks.read": "See webhook subscriptions and their delivery log (a trust-wide role).",
        "webhooks.write": "Create, change, delete webhook subscriptions and redeliver events (a trust-wide role).",
        "evaluation.read": "See evaluation plans and their follow-ups.",
        "evaluation.write": "Plan the evaluation of activities and priorities and record follow-up evidence.",
        "budgets.read": "See the school's CPD budgets.",
        "budgets.write": "Set and change the school's CPD budgets.",
        "reports.read": "See reports of the school's CPD: aggregate figures and charts, never names.",
        "reports.names": "See, in reports, the names of staff with no recorded learning in a term.",
    }
)

_READ = frozenset(
    {
        "schools.read",
        "staff.read",
        "teams.read",
        "frameworks.read",
        "priorities.read",
        "terms.read",
        "activities.read",
        "evaluation.read",
    }
)
_LEAD_LEARNING = _READ | {
    "evaluation.write",
    "budgets.read",
    "reports.read",
    "reports.names",
    "teams.write",
    "frameworks.write",
    "priorities.write",
    "activities.write",
    "terms.write",
    "calendars.write",
    "goals.read",
    "goals.write",
    "records.read",
    "reflections.leaders",
}
_SCHOOL_LEADER = _LEAD_LEARNING | {"schools.write", "staff.write", "budgets.write"}

CORE_ROLE_PERMISSIONS: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        "teacher": _READ,
        "team_lead": _READ | {"teams.write", "activities.write", "evaluation.write", "reports.read"},
        "coach": _READ | {"goals.read", "reflections.coach"},
        "pd_lead": _LEAD_LEARNING,
        "school_leader": _SCHOOL_LEADER,
        "trust_admin": _SCHOOL_LEADER
        | {
            "audit.read",
            "privacy.read",
            "privacy.write",
            "events.read",
            "imports.write",
            "webhooks.read",
            "webhooks.write",
        },
    }
)


class RolePermissions:
    """The permissions of each role: the core's, and those plugins grant to roles."""

    def __init__(self, extra: Iterable[tuple[str, str, Iterable[str]]] = ()) -> None:
        """``extra``: (permission, description, roles receiving it) declared by plugins."""
        self.descriptions: dict[str, str] = dict(CORE_PERMISSIONS)
        by_role = {role: set(perms) for role, perms in CORE_ROLE_PERMISSIONS.items()}
        for name, description, roles in extra:
            self.descriptions[name] = description
            for role in roles:
                by_role[role].add(name)
        self.by_role: Mapping[str, frozenset[str]] = {role: frozenset(p) for role, p in by_role.items()}

    def of(self, roles: Iterable[str]) -> frozenset[str]:
        """The union of the permissions of ``roles``."""
        result: set[str] = set()
        for role in roles:
            result |= self.by_role.get(role, frozenset())
        return frozenset(result)

    def roles_with(self, permission: str) -> list[str]:
        """The roles that carry ``permission``, in the order of ``ROLES``."""
        return [role for role in ROLES if permission in self.by_role[role]]
