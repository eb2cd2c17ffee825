"""``/v1/lesson-study/studies``: a group, its focus and approach, and the study's stages."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import msgspec

from pl_api.plugin import (
    Controller,
    Db,
    FrameworkElement,
    FromPath,
    FromQuery,
    JSONBody,
    Paging,
    Priority,
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
from pl_api_lesson_study import access, schemas
from pl_api_lesson_study.models import LessonStudyMember, LessonStudyStudy
from pl_api_lesson_study.settings import LessonStudySettings
from pl_api_lesson_study.workflow import StudyStageRefused, move_study

GROUP_ONLY = {"own": "as a member of the study's group (its teachers and coach)", "permission": ""}


def settings_of(request: Request[Any, Any, Any]) -> LessonStudySettings:
    """The plugin's settings."""
    settings: LessonStudySettings = plugin_settings(request, "lesson_study")
    return settings


def to_study(found: LessonStudyStudy) -> schemas.Study:
    """A study as the API shows it."""
    return msgspec.convert(found, schemas.Study, from_attributes=True)


async def _check_group(db: TenantScope, settings: LessonStudySettings, members: list[UUID], coach: UUID | None) -> None:
    if len(set(members)) != len(members):
        raise field_problem(Unprocessable, "member_staff_ids", "a teacher is listed twice in the group")
    if not settings.min_members <= len(members) <= settings.max_members:
        raise field_problem(
            Unprocessable,
            "member_staff_ids",
            f"a study's group has {settings.min_members} to {settings.max_members} teachers, not {len(members)}",
        )
    await db.require_all(Staff, members, "member_staff_ids")
    await db.require_one(Staff, coach, "coach_staff_id")
    if coach is not None and coach in members:
        raise field_problem(
            Unprocessable, "coach_staff_id", "the coach supports the group and is not one of its teachers"
        )


async def _check_links(db: TenantScope, priority_ids: list[UUID], element_ids: list[UUID]) -> None:
    await db.require_all(Priority, priority_ids, "priority_ids")
    await db.require_all(FrameworkElement, element_ids, "element_ids")


def _set_members(found: LessonStudyStudy, tenant_id: UUID, members: list[UUID]) -> None:
    found.members = [
        LessonStudyMember(tenant_id=tenant_id, staff_id=staff_id, position=i) for i, staff_id in enumerate(members)
    ]


class StudyController(Controller):
    """Research lesson studies: forming, focus agreed, case pupils chosen, lessons, sharing, complete."""

    path = "/lesson-study/studies"

    @get("/", operation_id="LessonStudyListStudies", responses=problems())
    async def list_studies(
        self,
        db: Db,
        page: Paging,
        school_id: FromQuery[UUID | None] = None,
        status: FromQuery[schemas.StudyStatus | None] = None,
    ) -> schemas.StudyPage:
        """The studies the caller may see: their group's, and (with `lesson_study.oversee`) their schools'."""
        stmt = db.select(LessonStudyStudy).where(access.visible_studies(db))
        if school_id is not None:
            stmt = stmt.where(LessonStudyStudy.school_id == school_id)
        if status is not None:
            stmt = stmt.where(LessonStudyStudy.status == status)
        rows, cursor = await db.page(stmt, LessonStudyStudy, page)
        return schemas.StudyPage([to_study(r) for r in rows], cursor)

    @post("/", operation_id="LessonStudyCreateStudy", responses=problems(422), opt={"permission": "lesson_study.write"})
    async def create_study(
        self, request: Request[Any, Any, Any], db: Db, data: JSONBody[schemas.StudyCreate]
    ) -> Response[schemas.Study]:
        """Start a study in a school: its group of teachers, an optional coach and, if agreed, its focus."""
        await db.require_one(School, data.school_id, "school_id")
        db.authorize(data.school_id)
        await _check_group(db, settings_of(request), data.member_staff_ids, data.coach_staff_id)
        await _check_links(db, data.priority_ids, data.element_ids)
        found = LessonStudyStudy(
            tenant_id=db.tenant_id,
            school_id=data.school_id,
            title=data.title,
            focus=data.focus,
            approach=data.approach,
            evidence=msgspec.to_builtins(data.evidence),
            priority_ids=[str(i) for i in data.priority_ids],
            element_ids=[str(i) for i in data.element_ids],
            coach_staff_id=data.coach_staff_id,
            status="forming",
        )
        _set_members(found, db.tenant_id, data.member_staff_ids)
        db.session.add(found)
        await db.commit()
        return with_etag(to_study(found), found.version, 201)

    @get("/{study_id:uuid}", operation_id="LessonStudyGetStudy", responses=problems(404))
    async def get_study(self, db: Db, study_id: FromPath[UUID]) -> Response[schemas.Study]:
        """One study: its group, focus, approach, evidence and status."""
        found = await access.study(db, study_id)
        return with_etag(to_study(found), found.version)

    @patch(
        "/{study_id:uuid}",
        operation_id="LessonStudyUpdateStudy",
        responses=problems(403, 404, 409, 412, 422),
        opt=GROUP_ONLY,
    )
    async def update_study(
        self, request: Request[Any, Any, Any], db: Db, study_id: FromPath[UUID], data: JSONBody[schemas.StudyUpdate]
    ) -> Response[schemas.Study]:
        """Change a study (its group): the focus, approach, group and coach only while `forming`."""
        found = await access.editable_study(db, study_id)
        check_if_match(request, found.version)
        unset = msgspec.UnsetType
        fixed = [
            name
            for name in ("focus", "approach", "member_staff_ids", "coach_staff_id")
            if not isinstance(getattr(data, name), unset)
        ]
        if fixed and found.status != "forming":
            raise StudyStageRefused(
                f"{', '.join(fixed)} are agreed while the study is forming; it is {found.status}, so they stay"
            )
        if found.status == "complete":
            raise StudyStageRefused("the study is complete and no longer changes")
        if not isinstance(data.member_staff_ids, unset) or not isinstance(data.coach_staff_id, unset):
            members = found.member_staff_ids if isinstance(data.member_staff_ids, unset) else data.member_staff_ids
            coach = found.coach_staff_id if isinstance(data.coach_staff_id, unset) else data.coach_staff_id
            await _check_group(db, settings_of(request), members, coach)
            if not isinstance(data.member_staff_ids, unset):
                _set_members(found, db.tenant_id, members)
            found.coach_staff_id = coach
        await _check_links(
            db,
            [] if isinstance(data.priority_ids, unset) else data.priority_ids,
            [] if isinstance(data.element_ids, unset) else data.element_ids,
        )
        if not isinstance(data.title, unset):
            found.title = data.title
        if not isinstance(data.focus, unset):
            found.focus = data.focus
        if not isinstance(data.approach, unset):
            found.approach = data.approach
        if not isinstance(data.evidence, unset):
            found.evidence = msgspec.to_builtins(data.evidence)
        if not isinstance(data.priority_ids, unset):
            found.priority_ids = [str(i) for i in data.priority_ids]
        if not isinstance(data.element_ids, unset):
            found.element_ids = [str(i) for i in data.element_ids]
        await db.commit()
        return with_etag(to_study(found), found.version)

    @post(
        "/{study_id:uuid}/transitions",
        operation_id="LessonStudyMoveStudy",
        responses=problems(403, 404, 409, 412),
        opt=GROUP_ONLY,
        status_code=200,
    )
    async def move(
        self,
        request: Request[Any, Any, Any],
        db: Db,
        study_id: FromPath[UUID],
        data: JSONBody[schemas.StudyTransition],
    ) -> Response[schemas.Study]:
        """Move the study on (its group): forming → focus_agreed → case_pupils_chosen → (lessons) → sharing
        → complete."""
        found = await access.editable_study(db, study_id)
        check_if_match(request, found.version)
        await move_study(db, settings_of(request), found, data.to)
        await db.commit()
        return with_etag(to_study(found), found.version)
