"""``/v1/coaching/relationships``: who coaches whom, at what cadence, and what the coachee shares."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import msgspec
from sqlalchemy import or_

from pl_api.plugin import (
    Controller,
    Db,
    FromPath,
    FromQuery,
    JSONBody,
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
    put,
    with_etag,
)
from pl_api_coaching import access, schemas
from pl_api_coaching.models import CoachingLibrary, CoachingRelationship
from pl_api_coaching.settings import CoachingSettings
from pl_api_coaching.workflow import is_overdue, move_relationship

COACH_OR_MANAGER = {"own": "as the relationship's coach", "permission": "coaching.manage"}


def settings_of(request: Request[Any, Any, Any]) -> CoachingSettings:
    """The plugin's settings."""
    settings: CoachingSettings = plugin_settings(request, "coaching")
    return settings


def to_relationship(rel: CoachingRelationship, settings: CoachingSettings) -> schemas.Relationship:
    """A relationship as the API shows it, with whether its follow-up is overdue today."""
    shown = msgspec.convert(rel, schemas.Relationship, from_attributes=True)
    return msgspec.structs.replace(shown, follow_up_overdue=is_overdue(rel, settings, datetime.now(UTC).date()))


async def _check_library(db: TenantScope, library_id: UUID | None, school_id: UUID) -> None:
    if library_id is None:
        return
    library = await db.session.get(CoachingLibrary, library_id)
    if library is None or library.tenant_id != db.tenant_id or library.school_id not in (None, school_id):
        raise field_problem(Unprocessable, "library_id", f"no step library {library_id} of this school or trust")


class RelationshipController(Controller):
    """Coaching relationships: a coach, a coachee and a cadence; setup, active, paused, closed."""

    path = "/coaching/relationships"

    @get("/", operation_id="CoachingListRelationships", responses=problems())
    async def list_relationships(
        self,
        request: Request[Any, Any, Any],
        db: Db,
        page: Paging,
        school_id: FromQuery[UUID | None] = None,
        staff_id: FromQuery[UUID | None] = None,
        status: FromQuery[schemas.RelationshipStatus | None] = None,
    ) -> schemas.RelationshipPage:
        """The relationships the caller may see; `staff_id` keeps those where they coach or are coached."""
        rel = CoachingRelationship
        stmt = db.select(rel).where(access.visible_relationships(db))
        if school_id is not None:
            stmt = stmt.where(rel.school_id == school_id)
        if staff_id is not None:
            stmt = stmt.where(or_(rel.coach_staff_id == staff_id, rel.coachee_staff_id == staff_id))
        if status is not None:
            stmt = stmt.where(rel.status == status)
        rows, cursor = await db.page(stmt, rel, page)
        settings = settings_of(request)
        return schemas.RelationshipPage([to_relationship(r, settings) for r in rows], cursor)

    @post(
        "/",
        operation_id="CoachingCreateRelationship",
        responses=problems(422),
        opt={"permission": "coaching.manage"},
    )
    async def create_relationship(
        self, request: Request[Any, Any, Any], db: Db, data: JSONBody[schemas.RelationshipCreate]
    ) -> Response[schemas.Relationship]:
        """Pair a coach with a coachee in a school, in `setup` until started."""
        await db.require_one(School, data.school_id, "school_id")
        db.authorize(data.school_id)
        await db.require_one(Staff, data.coach_staff_id, "coach_staff_id")
        await db.require_one(Staff, data.coachee_staff_id, "coachee_staff_id")
        if data.coach_staff_id == data.coachee_staff_id:
            raise field_problem(Unprocessable, "coachee_staff_id", "a staff member cannot coach themselves")
        await _check_library(db, data.library_id, data.school_id)
        settings = settings_of(request)
        rel = CoachingRelationship(
            tenant_id=db.tenant_id,
            school_id=data.school_id,
            coach_staff_id=data.coach_staff_id,
            coachee_staff_id=data.coachee_staff_id,
            library_id=data.library_id,
            starts_on=data.starts_on,
            cadence_days=data.cadence_days or settings.default_cadence_days,
            status="setup",
            notes_shared=False,
            record_shared=False,
            follow_up_alerted=False,
        )
        db.session.add(rel)
        await db.commit()
        return with_etag(to_relationship(rel, settings), rel.version, 201)

    @get("/{relationship_id:uuid}", operation_id="CoachingGetRelationship", responses=problems(404))
    async def get_relationship(
        self, request: Request[Any, Any, Any], db: Db, relationship_id: FromPath[UUID]
    ) -> Response[schemas.Relationship]:
        """One relationship, with its next follow-up and whether it is overdue."""
        rel = await access.relationship(db, relationship_id)
        return with_etag(to_relationship(rel, settings_of(request)), rel.version)

    @patch(
        "/{relationship_id:uuid}",
        operation_id="CoachingUpdateRelationship",
        responses=problems(404, 412, 422),
        opt=COACH_OR_MANAGER,
    )
    async def update_relationship(
        self,
        request: Request[Any, Any, Any],
        db: Db,
        relationship_id: FromPath[UUID],
        data: JSONBody[schemas.RelationshipUpdate],
    ) -> Response[schemas.Relationship]:
        """Change the cadence or the step library: the coach, or a `coaching.manage` holder."""
        rel = await access.relationship(db, relationship_id)
        access.ensure_coach_or_manager(db, rel)
        check_if_match(request, rel.version)
        if not isinstance(data.library_id, msgspec.UnsetType):
            await _check_library(db, data.library_id, rel.school_id)
            rel.library_id = data.library_id
        if not isinstance(data.cadence_days, msgspec.UnsetType):
            rel.cadence_days = data.cadence_days
        await db.commit()
        return with_etag(to_relationship(rel, settings_of(request)), rel.version)

    @post(
        "/{relationship_id:uuid}/transitions",
        operation_id="CoachingMoveRelationship",
        responses=problems(404, 409, 412),
        opt=COACH_OR_MANAGER,
        status_code=200,
    )
    async def move(
        self,
        request: Request[Any, Any, Any],
        db: Db,
        relationship_id: FromPath[UUID],
        data: JSONBody[schemas.RelationshipTransition],
    ) -> Response[schemas.Relationship]:
        """Start, pause, resume or close a relationship (setup → active ⇄ paused → closed)."""
        rel = await access.relationship(db, relationship_id)
        access.ensure_coach_or_manager(db, rel)
        check_if_match(request, rel.version)
        move_relationship(rel, data.to)
        await db.commit()
        return with_etag(to_relationship(rel, settings_of(request)), rel.version)

    @put(
        "/{relationship_id:uuid}/sharing",
        operation_id="CoachingSetSharing",
        responses=problems(404, 412),
        opt={"own": "the coachee's own consent", "permission": ""},
    )
    async def set_sharing(
        self,
        request: Request[Any, Any, Any],
        db: Db,
        relationship_id: FromPath[UUID],
        data: JSONBody[schemas.Sharing],
    ) -> Response[schemas.Relationship]:
        """The coachee's consent: share the notes with leaders, and/or mastered steps in their CPD record."""
        rel = await access.relationship(db, relationship_id)
        access.ensure_coachee(db, rel)
        check_if_match(request, rel.version)
        rel.notes_shared = data.notes_shared
        rel.record_shared = data.record_shared
        await db.commit()
        return with_etag(to_relationship(rel, settings_of(request)), rel.version)
