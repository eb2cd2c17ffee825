"""Applying sync batches: upsert by ``(source, external_id)``, deactivate what a full sync leaves out.

The same functions serve ``POST /v1/sync/…`` and the OneRoster import. Records are checked one by one;
a record that cannot be applied is answered ``error`` and the rest go ahead. Nothing is ever deleted
but team memberships: staff leave, schools close, teams are archived. A record whose key matches
nothing may take over an unsynced object with the same natural identifier (a school's URN, a staff
member's email) that someone entered by hand, so a first sync does not duplicate them.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar
from uuid import UUID

import msgspec
from sqlalchemy import func, select

from pl_api.db.base import TenantEntity
from pl_api.db.tenant_scope import TenantScope
from pl_api.domain.schools.models import School
from pl_api.domain.staff.models import Staff, StaffMembership
from pl_api.domain.sync import schemas
from pl_api.domain.teams.models import Team, TeamMember
from pl_api.http.problems import FieldError, Problem, Unprocessable, field_error_of, field_problem

R = TypeVar("R", bound=msgspec.Struct)
M = TypeVar("M", bound=TenantEntity)
CHUNK = 500
"""Ids per ``IN (…)`` query."""


class WipeRefused(Problem):
    """A full sync that would deactivate too much of a school: probably a bad export, so nothing is applied."""

    status, slug, default_title = 422, "sync-wipe-refused", "The full sync would deactivate too much"


@dataclass
class Report:
    """What a batch did, record by record."""

    results: dict[int, schemas.SyncResult] = field(default_factory=dict)
    deactivated: list[schemas.Deactivated] = field(default_factory=list)

    def error(self, index: int, external_id: str | None, field_name: str, detail: str) -> None:
        """Record ``index`` cannot be applied because of ``field_name``."""
        error = FieldError(field=f"records.{index}.{field_name}", detail=detail)
        self.results[index] = schemas.SyncResult(index, "error", external_id, errors=[error])

    def done(self, index: int, status: schemas.SyncStatus, external_id: str | None, id_: UUID) -> None:
        self.results[index] = schemas.SyncResult(index, status, external_id, id_)

    def as_schema(self, source: str, mode: schemas.SyncMode) -> schemas.SyncReport:
        results = [self.results[i] for i in sorted(self.results)]
        summary = schemas.SyncSummary(deactivated=len(self.deactivated))
        for result in results:
            setattr(summary, result.status, getattr(summary, result.status) + 1)
        return schemas.SyncReport(source, mode, summary, results, self.deactivated)


def decode(raw: list[dict[str, Any]], record_type: type[R], report: Report) -> list[tuple[int, R]]:
    """Each raw record as ``record_type``; a record that does not fit is an ``error`` naming its field.
    A key sent twice is an error on its second appearance."""
    records: list[tuple[int, R]] = []
    seen: dict[Any, int] = {}
    for index, item in enumerate(raw):
        try:
            record = msgspec.convert(item, record_type)
        except msgspec.ValidationError as exc:
            error = field_error_of(str(exc), f"records.{index}")
            report.results[index] = schemas.SyncResult(index, "error", _raw_key(item), errors=[error])
            continue
        key = _key(record)
        if key in seen:
            report.error(index, _raw_key(item), "external_id", f"the same record is also at index {seen[key]}")
            continue
        seen[key] = index
        records.append((index, record))
    return records


def _key(record: msgspec.Struct) -> Any:
    if isinstance(record, schemas.MembershipSyncRecord):
        return (record.team_external_id, record.staff_external_id)
    return getattr(record, "external_id", None)


def _raw_key(item: dict[str, Any]) -> str | None:
    value = item.get("external_id")
    return value if isinstance(value, str) else None


def sent_keys(raw: Iterable[dict[str, Any]]) -> set[str]:
    """Every ``external_id`` a batch names, valid record or not: a record that failed is still present, so a
    full sync never deactivates it because of a typo elsewhere in it."""
    return {key for item in raw if (key := _raw_key(item)) is not None}


def _chunks(values: Collection[Any]) -> Iterator[list[Any]]:
    ordered = sorted(values)
    for start in range(0, len(ordered), CHUNK):
        yield ordered[start : start + CHUNK]


async def by_external_id(db: TenantScope, model: type[M], source: str, keys: Collection[str]) -> dict[str, M]:
    """The tenant's rows of ``source`` with these external ids, by external id."""
    found: dict[str, M] = {}
    for chunk in _chunks(keys):
        stmt = select(model).where(
            model.tenant_id == db.tenant_id,
            model.source == source,  # type: ignore[attr-defined]
            model.external_id.in_(chunk),  # type: ignore[attr-defined]
        )
        found.update({row.external_id: row for row in await db.session.scalars(stmt)})  # type: ignore[attr-defined]
    return found


def _apply(obj: Any, values: dict[str, Any]) -> bool:
    """Set each changed value; whether anything changed."""
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


def _check_share(what: str, where: str, leaving: int, total: int, share: float, force: bool) -> None:
    if force or total == 0 or leaving / total <= share:
        return
    raise WipeRefused(
        f"this full sync would deactivate {leaving} of the {total} {what} of {where} "
        f"(more than {share:.0%}); nothing was changed. Check the export, or send `force: true` to apply it"
    )


# --- schools -------------------------------------------------------------------------------------------------


async def sync_schools(
    db: TenantScope,
    batch: schemas.SyncBatch,
    records: list[tuple[int, schemas.SchoolSyncRecord]],
    report: Report,
    present: set[str],
    share: float,
) -> None:
    """Upsert schools; in full mode close the source's open schools that are absent."""
    existing = await by_external_id(db, School, batch.source, [r.external_id for _, r in records])
    urns = {r.urn for _, r in records if r.urn}
    by_urn: dict[str, School] = {}
    for chunk in _chunks(urns):
        stmt = select(School).where(School.tenant_id == db.tenant_id, School.urn.in_(chunk))
        by_urn.update({s.urn: s for s in await db.session.scalars(stmt) if s.urn})
    claimed: dict[str, int] = {}
    for index, record in records:
        values = {
            "name": record.name,
            "urn": record.urn,
            "laestab": record.laestab,
            "phase": record.phase,
            "status": record.status,
        }
        school = existing.get(record.external_id)
        if record.urn:
            holder = by_urn.get(record.urn)
            if record.urn in claimed or (holder is not None and holder is not school and holder.source is not None):
                report.error(index, record.external_id, "urn", "another school already has this URN")
                continue
            claimed[record.urn] = index
            if school is None and holder is not None:  # entered by hand before the first sync: take it over
                school = holder
                values.update(source=batch.source, external_id=record.external_id)
        if school is None:
            school = School(tenant_id=db.tenant_id, source=batch.source, external_id=record.external_id, **values)
            db.session.add(school)
            report.done(index, "created", record.external_id, school.id)
        else:
            report.done(index, "updated" if _apply(school, values) else "unchanged", record.external_id, school.id)
    if batch.mode == "full":
        stmt = select(School).where(
            School.tenant_id == db.tenant_id, School.source == batch.source, School.status == "open"
        )
        open_schools = list(await db.session.scalars(stmt))
        absent = [s for s in open_schools if s.external_id not in present]
        _check_share("schools", f"source {batch.source}", len(absent), len(open_schools), share, batch.force)
        for school in absent:
            school.status = "closed"
            report.deactivated.append(schemas.Deactivated(school.id, school.external_id))


# --- staff ---------------------------------------------------------------------------------------------------


async def _source_school_ids(db: TenantScope, source: str) -> dict[str, UUID]:
    stmt = select(School.external_id, School.id).where(School.tenant_id == db.tenant_id, School.source == source)
    return {ext: id_ for ext, id_ in (await db.session.execute(stmt)).all() if ext is not None}


async def sync_staff(
    db: TenantScope,
    batch: schemas.SyncBatch,
    records: list[tuple[int, schemas.StaffSyncRecord]],
    report: Report,
    present: set[str],
    share: float,
) -> None:
    """Upsert staff and their memberships in the source's schools; in full mode mark absent ones as left,
    unless that would take more than ``share`` of a school's active staff."""
    schools = await _source_school_ids(db, batch.source)
    source_schools = set(schools.values())
    existing = await by_external_id(db, Staff, batch.source, [r.external_id for _, r in records])
    by_email: dict[str, Staff] = {}
    for chunk in _chunks({r.email.lower() for _, r in records}):
        stmt = select(Staff).where(Staff.tenant_id == db.tenant_id, Staff.email.in_(chunk))
        by_email.update({s.email: s for s in await db.session.scalars(stmt)})
    claimed: dict[str, int] = {}
    for index, record in records:
        member = existing.get(record.external_id)
        email = record.email.lower()
        holder = by_email.get(email)
        if email in claimed or (holder is not None and holder is not member and holder.source is not None):
            report.error(index, record.external_id, "email", "another staff member already has this email")
            continue
        wanted: dict[UUID, list[str]] = {}
        missing = [
            (n, s.school_external_id) for n, s in enumerate(record.schools) if s.school_external_id not in schools
        ]
        if missing:
            n, ext = missing[0]
            report.error(index, record.external_id, f"schools.{n}.school_external_id", f"no school {ext!r} in source")
            continue
        for school in record.schools:
            wanted[schools[school.school_external_id]] = sorted(set(school.roles))
        if len(wanted) != len(record.schools):
            report.error(index, record.external_id, "schools", "names the same school more than once")
            continue
        claimed[email] = index
        if member is None and holder is not None:
            member = holder  # entered by hand before the first sync: take them over
        if member is not None and member.status == "erased":
            report.error(index, record.external_id, "external_id", "this staff member was erased; they cannot change")
            continue
        left_on = record.left_on
        if record.status == "left" and left_on is None:
            left_on = member.left_on if member is not None and member.left_on else datetime.now(UTC).date()
        values: dict[str, Any] = {
            "given_name": record.given_name,
            "family_name": record.family_name,
            "email": email,
            "trn": record.trn,
            "job_title": record.job_title,
            "status": record.status,
            "left_on": left_on if record.status == "left" else None,
            "source": batch.source,
            "external_id": record.external_id,
        }
        if member is None:
            member = Staff(tenant_id=db.tenant_id, **values, memberships=[])
            db.session.add(member)
            status: schemas.SyncStatus = "created"
        else:
            status = "updated" if _apply(member, values) else "unchanged"
        if _set_memberships(db, member, wanted, source_schools):
            status = "updated" if status == "unchanged" else status
        report.done(index, status, record.external_id, member.id)
    if batch.mode == "full":
        await _leave_absent_staff(db, batch, present, share, schools, report)


def _set_memberships(db: TenantScope, member: Staff, wanted: dict[UUID, list[str]], source_schools: set[UUID]) -> bool:
    """Make the staff member's memberships in the source's schools those wanted; whether any changed."""
    current = {m.school_id: m for m in member.memberships}
    changed = False
    for school_id, membership in current.items():
        if school_id in source_schools and school_id not in wanted:
            member.memberships.remove(membership)
            changed = True
    for school_id, roles in wanted.items():
        held = current.get(school_id)
        if held is None:
            member.memberships.append(StaffMembership(tenant_id=db.tenant_id, school_id=school_id, roles=roles))
            changed = True
        elif sorted(held.roles) != roles:
            held.roles = roles
            changed = True
    return changed


async def _leave_absent_staff(
    db: TenantScope,
    batch: schemas.SyncBatch,
    present: set[str],
    share: float,
    schools: dict[str, UUID],
    report: Report,
) -> None:
    stmt = select(Staff.id, Staff.external_id).where(
        Staff.tenant_id == db.tenant_id, Staff.source == batch.source, Staff.status == "active"
    )
    if batch.school_external_id is not None:
        school_id = schools.get(batch.school_external_id)
        if school_id is None:
            raise field_problem(
                Unprocessable, "school_external_id", f"no school {batch.school_external_id!r} in source"
            )
        stmt = stmt.where(Staff.memberships.any(StaffMembership.school_id == school_id))
    # Only the absent are loaded: a full sync of a large source must not hold every staff member in memory.
    absent_ids = [id_ for id_, external_id in await db.session.execute(stmt) if external_id not in present]
    absent: list[Staff] = []
    for chunk in _chunks(absent_ids):
        absent += list(await db.session.scalars(select(Staff).where(Staff.id.in_(chunk)).order_by(Staff.id)))
    leaving: dict[UUID, int] = {}
    for member in absent:
        for membership in member.memberships:
            leaving[membership.school_id] = leaving.get(membership.school_id, 0) + 1
    if leaving:
        totals_stmt = (
            select(StaffMembership.school_id, func.count())
            .join(Staff, Staff.id == StaffMembership.staff_id)
            .where(StaffMembership.tenant_id == db.tenant_id, Staff.status == "active")
            .where(StaffMembership.school_id.in_(list(leaving)))
            .group_by(StaffMembership.school_id)
        )
        totals: dict[UUID, int] = {row[0]: row[1] for row in await db.session.execute(totals_stmt)}
        names = {v: k for k, v in schools.items()}
        for school_id, count in sorted(leaving.items(), key=lambda item: str(item[0])):
            where = f"school {names.get(school_id, school_id)!s}"
            _check_share("active staff", where, count, totals.get(school_id, 0), share, batch.force)
    today = datetime.now(UTC).date()
    for member in absent:
        member.status, member.left_on = "left", today
        report.deactivated.append(schemas.Deactivated(member.id, member.external_id))


# --- teams ---------------------------------------------------------------------------------------------------


async def sync_teams(
    db: TenantScope,
    batch: schemas.SyncBatch,
    records: list[tuple[int, schemas.TeamSyncRecord]],
    report: Report,
    present: set[str],
    share: float,
) -> None:
    """Upsert teams; in full mode archive the source's active teams that are absent (within the school, when
    the batch names one)."""
    schools = await _source_school_ids(db, batch.source)
    existing = await by_external_id(db, Team, batch.source, [r.external_id for _, r in records])
    for index, record in records:
        school_id = None
        if record.school_external_id is not None:
            school_id = schools.get(record.school_external_id)
            if school_id is None:
                detail = f"no school {record.school_external_id!r} in source {batch.source}"
                report.error(index, record.external_id, "school_external_id", detail)
                continue
        values = {
            "name": record.name,
            "kind": record.kind,
            "school_id": school_id,
            "description": record.description,
            "status": record.status,
        }
        team = existing.get(record.external_id)
        if team is None:
            team = Team(tenant_id=db.tenant_id, source=batch.source, external_id=record.external_id, **values)
            db.session.add(team)
            report.done(index, "created", record.external_id, team.id)
        else:
            report.done(index, "updated" if _apply(team, values) else "unchanged", record.external_id, team.id)
    if batch.mode == "full":
        stmt = select(Team).where(Team.tenant_id == db.tenant_id, Team.source == batch.source, Team.status == "active")
        where = f"source {batch.source}"
        if batch.school_external_id is not None:
            stmt = stmt.where(Team.school_id == schools.get(batch.school_external_id))
            where = f"school {batch.school_external_id}"
        active = list(await db.session.scalars(stmt))
        absent = [t for t in active if t.external_id not in present]
        _check_share("active teams", where, len(absent), len(active), share, batch.force)
        for team in absent:
            team.status = "archived"
            report.deactivated.append(schemas.Deactivated(team.id, team.external_id))


# --- memberships ---------------------------------------------------------------------------------------------


async def sync_memberships(
    db: TenantScope,
    batch: schemas.SyncBatch,
    records: list[tuple[int, schemas.MembershipSyncRecord]],
    report: Report,
) -> None:
    """Put staff in teams with a role; in full mode remove, from each team named, the members not listed."""
    teams = await by_external_id(db, Team, batch.source, {r.team_external_id for _, r in records})
    staff = await by_external_id(db, Staff, batch.source, {r.staff_external_id for _, r in records})
    members: dict[tuple[UUID, UUID], TeamMember] = {}
    for chunk in _chunks({t.id for t in teams.values()}):
        stmt = select(TeamMember).where(TeamMember.tenant_id == db.tenant_id, TeamMember.team_id.in_(chunk))
        members.update({(m.team_id, m.staff_id): m for m in await db.session.scalars(stmt)})
    listed: set[tuple[UUID, UUID]] = set()
    for index, record in records:
        team = teams.get(record.team_external_id)
        member = staff.get(record.staff_external_id)
        if team is None:
            report.error(index, None, "team_external_id", f"no team {record.team_external_id!r} in source")
            continue
        if member is None or member.status == "erased":
            why = "was erased" if member is not None else "is not in source"
            report.error(index, None, "staff_external_id", f"staff member {record.staff_external_id!r} {why}")
            continue
        key = (team.id, member.id)
        listed.add(key)
        existing = members.get(key)
        if existing is None:
            row = TeamMember(tenant_id=db.tenant_id, team_id=team.id, staff_id=member.id, role=record.role)
            db.session.add(row)
            members[key] = row
            report.done(index, "created", None, team.id)
        elif existing.role != record.role:
            existing.role = record.role
            report.done(index, "updated", None, team.id)
        else:
            report.done(index, "unchanged", None, team.id)
    if batch.mode == "full":
        named = {team_id for team_id, _ in listed} | {t.id for t in teams.values()}
        for (team_id, staff_id), row in members.items():
            if team_id in named and (team_id, staff_id) not in listed and row in db.session:
                await db.session.delete(row)
                report.deactivated.append(schemas.Deactivated(staff_id, None))
