"""``/v1/tlc/programmes``: programmes, their technique libraries and their progress."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import msgspec
from sqlalchemy import select

from pl_api.plugin import (
    Controller,
    Db,
    FromPath,
    FromQuery,
    JSONBody,
    NotFound,
    Paging,
    Request,
    Response,
    School,
    Staff,
    TenantScope,
    Unprocessable,
    check_if_match,
    field_problem,
    get,
    patch,
    plugin_settings,
    post,
    problems,
    with_etag,
)
from pl_api_tlc import schemas
from pl_api_tlc.access import ensure_sees_progress, may_read_programme
from pl_api_tlc.library import techniques_to_import
from pl_api_tlc.models import TlcGroup, TlcMeeting, TlcProgramme, TlcTechnique
from pl_api_tlc.progress import groups_progress, programme_attendance, programme_totals
from pl_api_tlc.rules import InvalidTransition
from pl_api_tlc.settings import TlcSettings


def programme_schema(programme: TlcProgramme) -> schemas.Programme:
    return msgspec.convert(programme, schemas.Programme, from_attributes=True)


async def readable_programme(db: TenantScope, programme_id: UUID) -> TlcProgramme:
    """A programme the caller may see; 404 otherwise."""
    programme = await db.get(TlcProgramme, programme_id)
    if not may_read_programme(db, programme):
        raise NotFound(f"no tlc programme with id {programme_id}")
    return programme


def _check_dates(starts_on: Any, ends_on: Any) -> None:
    if starts_on > ends_on:
        raise field_problem(Unprocessable, "ends_on", "must be on or after starts_on")


class ProgrammeController(Controller):
    """A school's or trust's TLC programme."""

    path = "/tlc/programmes"

    @get("/", operation_id="TlcListProgrammes", responses=problems())
    async def list_programmes(
        self,
        db: Db,
        page: Paging,
        school_id: FromQuery[UUID | None] = None,
        status: FromQuery[schemas.ProgrammeStatus | None] = None,
    ) -> schemas.ProgrammePage:
        """List programmes, oldest first; filter by school or status."""
        stmt = db.select(TlcProgramme)
        if school_id is not None:
            stmt = stmt.where(TlcProgramme.school_id == school_id)
        if status is not None:
            stmt = stmt.where(TlcProgramme.status == status)
        rows, cursor = await db.page(stmt, TlcProgramme, page)
        return schemas.ProgrammePage([programme_schema(p) for p in rows if may_read_programme(db, p)], cursor)

    @post("/", operation_id="TlcCreateProgramme", responses=problems(422))
    async def create_programme(
        self, request: Request[Any, Any, Any], db: Db, data: JSONBody[schemas.ProgrammeCreate]
    ) -> Response[schemas.Programme]:
        """Start a programme. Its agenda template defaults to the 75-minute TLC meeting."""
        settings: TlcSettings = plugin_settings(request, "tlc")
        _check_dates(data.starts_on, data.ends_on)
        await db.require_one(School, data.school_id, "school_id")
        await db.require_one(Staff, data.lead_staff_id, "lead_staff_id")
        db.authorize(data.school_id)
        template = data.agenda_template or schemas.DEFAULT_AGENDA
        programme = TlcProgramme(
            tenant_id=db.tenant_id,
            school_id=data.school_id,
            name=data.name,
            starts_on=data.starts_on,
            ends_on=data.ends_on,
            lead_staff_id=data.lead_staff_id,
            planned_meetings=data.planned_meetings or settings.planned_meetings,
            agenda_template=msgspec.to_builtins(template),
            status="active",
        )
        db.session.add(programme)
        await db.commit()
        return with_etag(programme_schema(programme), programme.version, 201)

    @get("/{programme_id:uuid}", operation_id="TlcGetProgramme", responses=problems(404))
    async def get_programme(self, db: Db, programme_id: FromPath[UUID]) -> Response[schemas.Programme]:
        """One programme."""
        programme = await readable_programme(db, programme_id)
        return with_etag(programme_schema(programme), programme.version)

    @patch("/{programme_id:uuid}", operation_id="TlcUpdateProgramme", responses=problems(404, 409, 412, 422))
    async def update_programme(
        self,
        request: Request[Any, Any, Any],
        db: Db,
        programme_id: FromPath[UUID],
        data: JSONBody[schemas.ProgrammeUpdate],
    ) -> Response[schemas.Programme]:
        """Change a programme's name, dates, lead, planned meetings or agenda template (for meetings scheduled
        after the change)."""
        programme = await readable_programme(db, programme_id)
        db.authorize(programme.school_id)
        check_if_match(request, programme.version)
        if programme.status == "closed":
            raise InvalidTransition("a closed programme cannot change")
        changes = {k: v for k, v in msgspec.structs.asdict(data).items() if v is not msgspec.UNSET}
        await db.require_one(Staff, changes.get("lead_staff_id"), "lead_staff_id")
        _check_dates(changes.get("starts_on", programme.starts_on), changes.get("ends_on", programme.ends_on))
        if "agenda_template" in changes:
            changes["agenda_template"] = msgspec.to_builtins(changes["agenda_template"])
        for name, value in changes.items():
            setattr(programme, name, value)
        await db.commit()
        return with_etag(programme_schema(programme), programme.version)

    @post("/{programme_id:uuid}/close", operation_id="TlcCloseProgramme", responses=problems(404, 409), status_code=200)
    async def close_programme(self, db: Db, programme_id: FromPath[UUID]) -> Response[schemas.Programme]:
        """Close a programme at its end: every meeting must be closed or cancelled first."""
        programme = await readable_programme(db, programme_id)
        db.authorize(programme.school_id)
        if programme.status == "closed":
            raise InvalidTransition("the programme is already closed")
        open_meetings = await db.count(
            select(TlcMeeting.id)
            .join(TlcGroup, TlcGroup.id == TlcMeeting.group_id)
            .where(
                TlcMeeting.tenant_id == db.tenant_id,
                TlcGroup.programme_id == programme.id,
                TlcMeeting.status.in_(("scheduled", "in_progress")),
            )
        )
        if open_meetings:
            raise InvalidTransition(
                f"{open_meetings} meeting(s) are still scheduled or in progress: close or cancel them first"
            )
        programme.status = "closed"
        await db.commit()
        return with_etag(programme_schema(programme), programme.version)

    @get("/{programme_id:uuid}/techniques", operation_id="TlcListTechniques", responses=problems(404))
    async def list_techniques(self, db: Db, page: Paging, programme_id: FromPath[UUID]) -> schemas.TechniquePage:
        """The programme's technique library, in the order it was added."""
        await readable_programme(db, programme_id)
        stmt = db.select(TlcTechnique).where(TlcTechnique.programme_id == programme_id)
        rows, cursor = await db.page(stmt, TlcTechnique, page)
        return schemas.TechniquePage([_technique(t) for t in rows], cursor)

    @post("/{programme_id:uuid}/techniques", operation_id="TlcImportTechniques", responses=problems(404, 409, 422))
    async def import_techniques(
        self, db: Db, programme_id: FromPath[UUID], data: JSONBody[schemas.TechniqueImport]
    ) -> Response[schemas.TechniqueImportResult]:
        """Add techniques to the library from JSON, CSV or the formative-assessment preset."""
        programme = await readable_programme(db, programme_id)
        db.authorize(programme.school_id)
        wanted = techniques_to_import(data)
        existing = set(
            await db.session.scalars(
                select(TlcTechnique.name).where(
                    TlcTechnique.tenant_id == db.tenant_id, TlcTechnique.programme_id == programme.id
                )
            )
        )
        added, skipped = [], []
        for technique in wanted:
            if technique.name in existing:
                skipped.append(technique.name)
                continue
            existing.add(technique.name)
            row = TlcTechnique(tenant_id=db.tenant_id, programme_id=programme.id, **msgspec.structs.asdict(technique))
            db.session.add(row)
            added.append(row)
        await db.commit("a technique of this name is already in the library")
        return Response(schemas.TechniqueImportResult([_technique(t) for t in added], skipped), status_code=201)

    @get(
        "/{programme_id:uuid}/progress",
        operation_id="TlcGetProgrammeProgress",
        responses=problems(404),
        opt={"permission": "tlc.progress"},
    )
    async def programme_progress(self, db: Db, programme_id: FromPath[UUID]) -> schemas.ProgrammeProgress:
        """Meetings held against planned, attendance, plan items by state and observations: per group and in
        total. Counts only; nobody's notes."""
        programme = await db.get(TlcProgramme, programme_id)
        ensure_sees_progress(db, programme)
        groups = list(
            await db.session.scalars(
                db.select(TlcGroup).where(TlcGroup.programme_id == programme.id).order_by(TlcGroup.id)
            )
        )
        per_group = await groups_progress(db, groups, programme.planned_meetings)
        return programme_totals(programme.id, per_group, await programme_attendance(db, programme.id))


def _technique(row: TlcTechnique) -> schemas.Technique:
    return msgspec.convert(row, schemas.Technique, from_attributes=True)
