"""``/v1/lesson-study/studies/{id}/case-pupils``: the study's case pupils, by pseudonym, for the group only."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import select

from pl_api.plugin import (
    Conflict,
    Controller,
    Db,
    FromPath,
    JSONBody,
    Request,
    Response,
    TenantScope,
    Unprocessable,
    field_problem,
    get,
    post,
    problems,
    with_etag,
)
from pl_api_lesson_study import access, schemas
from pl_api_lesson_study.models import LessonStudyCasePupil
from pl_api_lesson_study.pseudonyms import check_pseudonym, hash_reference
from pl_api_lesson_study.studies import GROUP_ONLY, settings_of
from pl_api_lesson_study.workflow import ensure_stage


def to_case_pupil(pupil: LessonStudyCasePupil) -> schemas.CasePupil:
    """A case pupil as the API shows it: whether an MIS reference is kept, never the hash."""
    return schemas.CasePupil(
        id=pupil.id,
        study_id=pupil.study_id,
        pseudonym=pupil.pseudonym,
        typifies=pupil.typifies,  # type: ignore[arg-type]
        description=pupil.description,
        has_mis_reference=pupil.mis_reference_hash is not None,
        created_at=pupil.created_at,
        updated_at=pupil.updated_at,
        version=pupil.version,
    )


async def case_pupils_of(db: TenantScope, study_id: UUID) -> list[LessonStudyCasePupil]:
    """A study's case pupils, in the order they were chosen."""
    stmt = select(LessonStudyCasePupil).where(
        LessonStudyCasePupil.tenant_id == db.tenant_id, LessonStudyCasePupil.study_id == study_id
    )
    return list(await db.session.scalars(stmt.order_by(LessonStudyCasePupil.id)))


class CasePupilController(Controller):
    """Case pupils: pseudonyms and the group each typifies. Visible to the study's group only."""

    path = "/lesson-study/studies/{study_id:uuid}/case-pupils"

    @get("/", operation_id="LessonStudyListCasePupils", responses=problems(404), opt=GROUP_ONLY)
    async def list_case_pupils(self, db: Db, study_id: FromPath[UUID]) -> schemas.CasePupilList:
        """The study's case pupils (its group only)."""
        await access.group_study(db, study_id)
        return schemas.CasePupilList([to_case_pupil(p) for p in await case_pupils_of(db, study_id)])

    @post("/", operation_id="LessonStudyCreateCasePupil", responses=problems(403, 404, 409, 422), opt=GROUP_ONLY)
    async def create_case_pupil(
        self,
        request: Request[Any, Any, Any],
        db: Db,
        study_id: FromPath[UUID],
        data: JSONBody[schemas.CasePupilCreate],
    ) -> Response[schemas.CasePupil]:
        """Choose a case pupil (the group, once the focus is agreed). The pseudonym must have a safe shape —
        `Pupil A`, `P1`, `CP1` or a code word — so a pupil's name is refused; an MIS reference is kept only
        as a keyed hash."""
        found = await access.editable_study(db, study_id)
        settings = settings_of(request)
        pseudonym = check_pseudonym(data.pseudonym, settings)
        digest = None if data.mis_reference is None else hash_reference(settings, db.tenant_id, data.mis_reference)
        ensure_stage(found, ("focus_agreed",), "choosing case pupils")
        chosen = await case_pupils_of(db, study_id)
        if len(chosen) >= settings.case_pupils:
            raise Conflict(f"the study already has its {settings.case_pupils} case pupils")
        if any(p.pseudonym == pseudonym for p in chosen):
            raise field_problem(Unprocessable, "pseudonym", f"{pseudonym} is already a case pupil of this study")
        if digest is not None and any(p.mis_reference_hash == digest for p in chosen):
            raise field_problem(Unprocessable, "mis_reference", "that pupil is already a case pupil of this study")
        pupil = LessonStudyCasePupil(
            tenant_id=db.tenant_id,
            study_id=found.id,
            pseudonym=pseudonym,
            typifies=data.typifies,
            description=data.description,
            mis_reference_hash=digest,
        )
        db.session.add(pupil)
        await db.commit()
        return with_etag(to_case_pupil(pupil), pupil.version, 201)
