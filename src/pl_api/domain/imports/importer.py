"""Importing a OneRoster set: check it all first, then apply it in chunks through the sync service.

Pass 1 reads every file and reports every problem with its file and line: a missing column, a bad value,
a reference to an org, term, class or staff user that is neither in the set nor already imported. A set
with problems writes nothing, unless the caller asks for the valid part (``valid_only``), in which case the
rows with problems are left out. Pass 2 reads the files again and applies them in chunks of ``CHUNK`` rows,
each chunk its own transaction, so memory stays flat however large the set. ``bulk`` files are full syncs
(what is absent is deactivated, behind the same guard as ``POST /v1/sync/staff``); ``delta`` files apply
what they carry, and ``tobedeleted`` rows deactivate (never delete).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

import msgspec
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from pl_api.db.row_security import TENANT_ID
from pl_api.db.tenant_scope import TenantScope
from pl_api.domain.audit.models import ACTOR, SYSTEM
from pl_api.domain.imports.oneroster import (
    DISTRICT_TYPES,
    DROPPED_ROLES,
    SESSION_KINDS,
    STAFF_ROLES,
    STATUSES,
    ImportProblem,
    OneRosterSet,
    academic_year,
    parse_date,
    split_ids,
    valid_email,
)
from pl_api.domain.schools.models import School
from pl_api.domain.staff.models import Staff, StaffMembership
from pl_api.domain.sync import schemas as sync
from pl_api.domain.sync.service import Report, by_external_id, sync_memberships, sync_schools, sync_staff, sync_teams
from pl_api.domain.teams.models import Team
from pl_api.domain.teams.schemas import TeamRole
from pl_api.domain.terms.models import Term

CHUNK = 500
MAX_PROBLEMS = 1000
"""Problems kept in a report; beyond this only their number."""
Progress = Callable[[str, int, int], None]
"""``(phase, rows done, rows in all)``; rows in all is 0 while still counting."""


class Counts(msgspec.Struct):
    """What became of one kind of row."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    error: int = 0
    deactivated: int = 0


class ImportSummary(msgspec.Struct):
    """The outcome of an import: counts per kind, rows dropped unread (pupils and their families), problems."""

    version: str
    applied: bool
    counts: dict[str, Counts]
    dropped_rows: int
    problems: list[ImportProblem]
    problem_count: int


@dataclass
class _Checked:
    """What pass 1 learnt: ids to resolve references, rows to skip, and how many rows there are."""

    schools: set[str] = field(default_factory=set)
    departments: dict[str, str] = field(default_factory=dict)
    """department id → its parent org id."""
    districts: set[str] = field(default_factory=set)
    terms: set[str] = field(default_factory=set)
    classes: set[str] = field(default_factory=set)
    staff: set[str] = field(default_factory=set)
    staff_roles: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    """1.2: staff user → [(org, OneRoster role)] from roles.csv."""
    bad_lines: set[tuple[str, int]] = field(default_factory=set)
    rows: int = 0
    dropped: int = 0
    pending_refs: list[tuple[str, str, str, int, str]] = field(default_factory=list)
    """(kind, id, file, line, field) of references not found in the set, to look up among earlier imports."""


class Importer:
    """One import of one set into one tenant."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        tenant_id: UUID,
        roster: OneRosterSet,
        *,
        source: str = "oneroster",
        valid_only: bool = False,
        force: bool = False,
        share: float = 0.1,
        progress: Progress | None = None,
        actor: str = SYSTEM,
    ) -> None:
        self.sessions = functools.partial(sessions, info={TENANT_ID: tenant_id, ACTOR: actor})
        self.tenant_id = tenant_id
        self.roster = roster
        self.source = source
        self.valid_only = valid_only
        self.force = force
        self.share = share
        self.progress = progress or (lambda _phase, _done, _total: None)
        self.problems: list[ImportProblem] = []
        self.counts: dict[str, Counts] = {}
        self.checked = _Checked()
        self._done = 0

    # --- pass 1 ----------------------------------------------------------------------------------------------

    def _problem(self, file: str, line: int, detail: str, field_name: str | None = None) -> None:
        self.problems.append(ImportProblem(file, line, detail, field_name))
        self.checked.bad_lines.add((file, line))

    def _rows(self, name: str) -> Iterator[tuple[int, dict[str, str]]]:
        for line, row in self.roster.rows(name, self.problems):
            self.checked.rows += 1
            if self.checked.rows % 1000 == 0:
                self.progress("checking", self.checked.rows, 0)
            yield line, row

    def _common(self, name: str, line: int, row: dict[str, str]) -> bool:
        if not row["sourcedId"]:
            self._problem(name, line, "sourcedId is empty", "sourcedId")
            return False
        if row["status"].lower() not in STATUSES:
            self._problem(name, line, f"status {row['status']!r} is not active, tobedeleted or inactive", "status")
            return False
        return True

    def _ref(self, kind: str, id_: str, file: str, line: int, field_name: str) -> None:
        known = {
            "org": self.checked.schools | set(self.checked.departments) | self.checked.districts,
            "term": self.checked.terms,
            "class": self.checked.classes,
            "staff": self.checked.staff,
        }[kind]
        if id_ not in known:
            self.checked.pending_refs.append((kind, id_, file, line, field_name))

    async def check(self) -> None:
        """Pass 1: read everything, collect ids and problems; write nothing."""
        c, name = self.checked, "orgs.csv"
        for line, row in self._rows(name):
            if not self._common(name, line, row):
                continue
            kind = row["type"].lower()
            if kind == "school":
                c.schools.add(row["sourcedId"])
            elif kind == "department":
                c.departments[row["sourcedId"]] = row["parentSourcedId"]
            elif kind in DISTRICT_TYPES:
                c.districts.add(row["sourcedId"])
            else:
                self._problem(name, line, f"type {row['type']!r} is not a OneRoster org type", "type")
                continue
            if kind in ("school", "department") and not row["name"]:
                self._problem(name, line, "name is empty", "name")
        name = "academicSessions.csv"
        for line, row in self._rows(name):
            if not self._common(name, line, row):
                continue
            if row["type"].lower() not in SESSION_KINDS:
                self._problem(name, line, f"type {row['type']!r} is not a OneRoster session type", "type")
                continue
            try:
                start, end = parse_date(row["startDate"]), parse_date(row["endDate"])
            except ValueError:
                self._problem(name, line, "startDate and endDate must be dates (YYYY-MM-DD)", "startDate")
                continue
            if start and end and end < start:
                self._problem(name, line, "endDate is before startDate", "endDate")
                continue
            c.terms.add(row["sourcedId"])
        if self.roster.manifest.version == "1.2":
            name = "roles.csv"
            for line, row in self._rows(name):
                role = row["role"].lower()
                if role in DROPPED_ROLES:
                    c.dropped += 1
                    continue
                if not self._common(name, line, row):
                    continue
                if role not in STAFF_ROLES:
                    self._problem(name, line, f"role {row['role']!r} is not a OneRoster role", "role")
                    continue
                c.staff_roles.setdefault(row["userSourcedId"], []).append((row["orgSourcedId"], role))
                self._ref("org", row["orgSourcedId"], name, line, "orgSourcedId")
        name = "users.csv"
        for line, row in self._rows(name):
            orgs = self._staff_orgs(row)
            if orgs is None:
                c.dropped += 1  # a pupil, parent, guardian or relative: dropped here, never stored
                continue
            if not self._common(name, line, row):
                continue
            if self.roster.manifest.version == "1.1" and row["role"].lower() not in STAFF_ROLES:
                self._problem(name, line, f"role {row['role']!r} is not a OneRoster role", "role")
                continue
            for column in ("givenName", "familyName"):
                if not row[column] or len(row[column]) > 200:
                    self._problem(name, line, f"{column} must be 1-200 characters", column)
            if not valid_email(row["email"]):
                self._problem(name, line, "a staff member needs a valid email", "email")
            for org, _role in orgs:
                self._ref("org", org, name, line, "orgSourcedIds")
            c.staff.add(row["sourcedId"])
        name = "classes.csv"
        for line, row in self._rows(name):
            if not self._common(name, line, row):
                continue
            if not row["title"]:
                self._problem(name, line, "title is empty", "title")
            self._ref("org", row["schoolSourcedId"], name, line, "schoolSourcedId")
            for term in split_ids(row["termSourcedIds"]):
                self._ref("term", term, name, line, "termSourcedIds")
            c.classes.add(row["sourcedId"])
        name = "enrollments.csv"
        for line, row in self._rows(name):
            role = row["role"].lower()
            if role not in STAFF_ROLES:
                c.dropped += 1  # a pupil's enrollment: dropped
                continue
            if not self._common(name, line, row):
                continue
            self._ref("class", row["classSourcedId"], name, line, "classSourcedId")
            self._ref("staff", row["userSourcedId"], name, line, "userSourcedId")
        await self._resolve_earlier_imports()
        self.progress("checking", c.rows, c.rows)

    def _staff_orgs(self, row: dict[str, str]) -> list[tuple[str, str]] | None:
        """The orgs and OneRoster roles of a staff user; None for anyone else (whose row is then dropped)."""
        if self.roster.manifest.version == "1.2":
            return self.checked.staff_roles.get(row["sourcedId"])
        role = row["role"].lower()
        if role in DROPPED_ROLES or (role not in STAFF_ROLES and not role):
            return None
        return [(org, role) for org in split_ids(row["orgSourcedIds"])]

    async def _resolve_earlier_imports(self) -> None:
        """References not in the set may name rows an earlier (delta) import brought; anything else is a problem."""
        pending = self.checked.pending_refs
        if not pending:
            return
        models: dict[str, list[Any]] = {"org": [School, Team], "term": [Term], "class": [Team], "staff": [Staff]}
        found: dict[str, set[str]] = {}
        async with self.sessions() as session:
            db = TenantScope(session, self.tenant_id)
            for kind, classes in models.items():
                wanted = {id_ for k, id_, *_ in pending if k == kind}
                found[kind] = set()
                for model in classes:
                    found[kind] |= set(await by_external_id(db, model, self.source, wanted))
        what = {"org": "org", "term": "academic session", "class": "class", "staff": "staff user"}
        for kind, id_, file, line, field_name in pending:
            if id_ not in found[kind]:
                self._problem(
                    file, line, f"names {what[kind]} {id_!r}, which is neither in the set nor imported", field_name
                )

    # --- pass 2 ----------------------------------------------------------------------------------------------

    async def apply(self) -> None:
        """Pass 2: apply the set chunk by chunk (each chunk its own transaction)."""
        await self._check_wipe()
        orgs_full = self.roster.manifest.mode("orgs.csv") == "bulk"
        await self._apply_file("orgs.csv", "schools", self._school_records, sync_schools)
        if orgs_full:
            await self._deactivate_absent("schools", sync_schools, self.checked.schools)
        await self._apply_terms()
        await self._apply_file("orgs.csv", "teams", self._department_records, sync_teams)
        await self._apply_file("users.csv", "staff", self._staff_records, sync_staff)
        if self.roster.manifest.mode("users.csv") == "bulk":
            await self._deactivate_absent("staff", sync_staff, self.checked.staff)
        await self._apply_file("users.csv", "memberships", self._department_member_records, sync_memberships)
        await self._apply_file("classes.csv", "teams", self._class_records, sync_teams)
        if self.roster.manifest.mode("classes.csv") == "bulk":
            await self._deactivate_absent("teams", sync_teams, self.checked.classes | set(self.checked.departments))
        await self._apply_file("enrollments.csv", "memberships", self._enrollment_records, sync_memberships)

    async def _check_wipe(self) -> None:
        """Before writing anything: a bulk users file must not take more than the allowed share of a school."""
        if self.force or self.roster.manifest.mode("users.csv") != "bulk":
            return
        async with self.sessions() as session:
            stmt = (
                select(StaffMembership.school_id, Staff.external_id, Staff.source)
                .join(Staff, Staff.id == StaffMembership.staff_id)
                .where(Staff.tenant_id == self.tenant_id, Staff.status == "active")
            )
            totals: dict[UUID, int] = {}
            leaving: dict[UUID, int] = {}
            for school_id, external_id, source in await session.execute(stmt):
                totals[school_id] = totals.get(school_id, 0) + 1
                if source == self.source and external_id not in self.checked.staff:
                    leaving[school_id] = leaving.get(school_id, 0) + 1
            names = {
                i: n
                for i, n in await session.execute(select(School.id, School.name).where(School.id.in_(list(leaving))))
            }
        refused = False
        for school_id, count in leaving.items():
            if count / totals[school_id] > self.share:
                refused = True
                self.problems.append(
                    ImportProblem(
                        "users.csv",
                        0,
                        f"this bulk file would mark {count} of the {totals[school_id]} active staff of "
                        f"{names.get(school_id, school_id)} as left (more than {self.share:.0%}); check the export, "
                        "or import with force",
                    )
                )
        if refused:
            raise WipeGuard()

    def _skip(self, name: str, line: int) -> bool:
        return (name, line) in self.checked.bad_lines

    async def _apply_file(
        self,
        name: str,
        kind: str,
        build: Callable[[int, dict[str, str]], list[msgspec.Struct]],
        apply: Callable[..., Any],
    ) -> None:
        chunk: list[tuple[int, msgspec.Struct]] = []
        for line, row in self.roster.rows(name, []):
            self._done += 1
            if self._done % 200 == 0:
                self.progress("importing", self._done, self.checked.rows * 2)
            if self._skip(name, line):
                continue
            chunk.extend((line, record) for record in build(line, row))
            if len(chunk) >= CHUNK:
                await self._apply_chunk(name, kind, chunk, apply)
                chunk = []
        if chunk:
            await self._apply_chunk(name, kind, chunk, apply)

    async def _apply_chunk(
        self, name: str, kind: str, chunk: list[tuple[int, msgspec.Struct]], apply: Callable[..., Any]
    ) -> None:
        report = Report()
        # Several records may come from one line (a staff user in two departments): index them apart.
        indexed = [(n, record) for n, (_, record) in enumerate(chunk)]
        lines = [line for line, _ in chunk]
        batch = sync.SyncBatch(source=self.source, records=[], mode="delta")
        async with self.sessions() as session:
            db = TenantScope(session, self.tenant_id)
            if kind == "memberships":
                await apply(db, batch, indexed, report)
            else:
                await apply(db, batch, indexed, report, set(), self.share)
            await db.commit("another change to the same rows happened during the import; import again")
        self._count(kind, report, name, lines)

    def _count(self, kind: str, report: Report, name: str, lines: list[int]) -> None:
        counts = self.counts.setdefault(kind, Counts())
        for result in report.results.values():
            setattr(counts, result.status, getattr(counts, result.status) + 1)
            for error in result.errors or []:
                self.problems.append(
                    ImportProblem(name, lines[result.index], error.detail, error.field.split(".", 2)[-1])
                )
        counts.deactivated += len(report.deactivated)

    async def _deactivate_absent(self, kind: str, apply: Callable[..., Any], present: set[str]) -> None:
        report = Report()
        batch = sync.SyncBatch(source=self.source, records=[], mode="full", force=True)
        async with self.sessions() as session:
            db = TenantScope(session, self.tenant_id)
            await apply(db, batch, [], report, present, self.share)
            await db.commit()
        self.counts.setdefault(kind, Counts()).deactivated += len(report.deactivated)

    # --- records ---------------------------------------------------------------------------------------------

    @staticmethod
    def _deleted(row: dict[str, str]) -> bool:
        return row["status"].lower() in ("tobedeleted", "inactive")

    def _school_records(self, _line: int, row: dict[str, str]) -> list[msgspec.Struct]:
        if row["type"].lower() != "school":
            return []
        identifier = row["identifier"]
        return [
            sync.SchoolSyncRecord(
                external_id=row["sourcedId"],
                name=row["name"][:200],
                urn=identifier if identifier.isdigit() and len(identifier) == 6 else None,
                status="closed" if self._deleted(row) else "open",
            )
        ]

    def _school_of(self, org: str) -> str | None:
        """The school an org is, or is a department of; None for a department whose school is not in the set
        (its team then belongs to no school) and for a district."""
        if org in self.checked.departments:
            parent = self.checked.departments[org]
            return parent if parent in self.checked.schools else None
        return None if org in self.checked.districts else org

    def _department_records(self, _line: int, row: dict[str, str]) -> list[msgspec.Struct]:
        if row["type"].lower() != "department":
            return []
        parent = row["parentSourcedId"]
        return [
            sync.TeamSyncRecord(
                external_id=row["sourcedId"],
                name=row["name"][:200],
                kind="department",
                school_external_id=parent if parent in self.checked.schools else None,
                status="archived" if self._deleted(row) else "active",
            )
        ]

    def _staff_records(self, _line: int, row: dict[str, str]) -> list[msgspec.Struct]:
        orgs = self._staff_orgs(row)
        if orgs is None:
            return []
        roles: dict[str, set[str]] = {}
        for org, role in orgs:
            school = self._school_of(org)
            if school is not None:
                roles.setdefault(school, set()).add(STAFF_ROLES[role])
        return [
            sync.StaffSyncRecord(
                external_id=row["sourcedId"],
                given_name=row["givenName"],
                family_name=row["familyName"],
                email=row["email"],
                status="left" if self._deleted(row) else "active",
                schools=[sync.StaffSyncSchool(school_external_id=s, roles=sorted(r)) for s, r in sorted(roles.items())],  # type: ignore[arg-type]
            )
        ]

    def _department_member_records(self, _line: int, row: dict[str, str]) -> list[msgspec.Struct]:
        orgs = self._staff_orgs(row) or []
        return [
            sync.MembershipSyncRecord(team_external_id=org, staff_external_id=row["sourcedId"])
            for org in dict.fromkeys(org for org, _ in orgs if org in self.checked.departments)
        ]

    def _class_records(self, _line: int, row: dict[str, str]) -> list[msgspec.Struct]:
        return [
            sync.TeamSyncRecord(
                external_id=row["sourcedId"],
                name=row["title"][:200],
                kind="class",
                school_external_id=self._school_of(row["schoolSourcedId"]),
                status="archived" if self._deleted(row) else "active",
            )
        ]

    def _enrollment_records(self, _line: int, row: dict[str, str]) -> list[msgspec.Struct]:
        if row["role"].lower() not in STAFF_ROLES or self._deleted(row):
            return []
        role: TeamRole = "lead" if row.get("primary", "").lower() == "true" else "member"
        return [
            sync.MembershipSyncRecord(
                team_external_id=row["classSourcedId"], staff_external_id=row["userSourcedId"], role=role
            )
        ]

    async def _apply_terms(self) -> None:
        name = "academicSessions.csv"
        counts = self.counts.setdefault("terms", Counts())
        rows = [(line, row) for line, row in self.roster.rows(name, []) if not self._skip(name, line)]
        # Terms are few (a handful a year): applied in one transaction, parents after children are known.
        async with self.sessions() as session:
            db = TenantScope(session, self.tenant_id)
            existing = await by_external_id(db, Term, self.source, [row["sourcedId"] for _, row in rows])
            for _line, row in rows:
                values = {
                    "name": (row["title"] or row["sourcedId"])[:200],
                    "kind": SESSION_KINDS[row["type"].lower()],
                    "academic_year": academic_year(row["schoolYear"]),
                    "starts_on": parse_date(row["startDate"]),
                    "ends_on": parse_date(row["endDate"]),
                    "status": "inactive" if self._deleted(row) else "active",
                }
                term = existing.get(row["sourcedId"])
                if term is None:
                    term = Term(tenant_id=self.tenant_id, source=self.source, external_id=row["sourcedId"], **values)
                    session.add(term)
                    existing[row["sourcedId"]] = term
                    counts.created += 1
                elif any(getattr(term, k) != v for k, v in values.items()):
                    for k, v in values.items():
                        setattr(term, k, v)
                    counts.updated += 1
                else:
                    counts.unchanged += 1
            await session.flush()  # every term exists before any names its parent
            for _line, row in rows:
                parent = existing.get(row["parentSourcedId"])
                term = existing[row["sourcedId"]]
                parent_id = parent.id if parent is not None else None
                if term.parent_id != parent_id:
                    term.parent_id = parent_id
            await db.commit()

    # --- the whole -------------------------------------------------------------------------------------------

    async def run(self) -> ImportSummary:
        """Check, then apply unless there are problems (or only the valid part, when asked)."""
        await self.check()
        applied = False
        if not self.problems or self.valid_only:
            try:
                await self.apply()
                applied = True
            except WipeGuard:
                applied = False
        return ImportSummary(
            version=self.roster.manifest.version,
            applied=applied,
            counts=self.counts,
            dropped_rows=self.checked.dropped,
            problems=self.problems[:MAX_PROBLEMS],
            problem_count=len(self.problems),
        )


class WipeGuard(Exception):
    """A bulk import would deactivate too much of a school; its problem is already on the list."""


async def count_rows(session: AsyncSession, model: Any, tenant_id: UUID) -> int:
    """How many rows of ``model`` a tenant has (for tests and the summary)."""
    return int(await session.scalar(select(func.count()).select_from(model).where(model.tenant_id == tenant_id)) or 0)
