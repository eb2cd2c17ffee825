"""``/v1/imports``: upload a OneRoster set and follow its import."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath, FromQuery

from pl_api.domain.imports import models, schemas
from pl_api.domain.imports.jobs import start_job
from pl_api.domain.schemas import to_schema
from pl_api.http.dependencies import Db
from pl_api.http.openapi import problems
from pl_api.http.problems import Unprocessable, field_problem

UPLOAD_LIMIT = 200_000_000


class ImportController(Controller):
    """OneRoster imports, run in the background: upload, then poll the job for progress and the outcome."""

    path = "/imports"
    tags = ["Imports"]
    opt = {"resource": "imports", "permission": "imports.write"}

    @post(
        "/oneroster",
        operation_id="ImportOneRoster",
        status_code=202,
        responses=problems(422),
        request_max_body_size=UPLOAD_LIMIT,
    )
    async def import_oneroster(
        self,
        request: Request[Any, Any, Any],
        db: Db,
        valid_only: FromQuery[bool] = False,
        force: FromQuery[bool] = False,
    ) -> Response[schemas.ImportJob]:
        """Upload a OneRoster 1.1 or 1.2 CSV set as a zip file (the request body, `Content-Type: application/zip`).
        The answer is the job; `GET /v1/imports/{id}` follows it. A set with problems imports nothing unless
        `valid_only=true`; `force=true` applies a bulk users file that would mark many of a school's staff as
        left. Pupils, parents, guardians and relatives are dropped as the files are read, never stored."""
        body = await request.body()
        limit = request.app.state.settings.sync.max_upload_bytes
        if len(body) > limit:
            raise field_problem(Unprocessable, "body", f"larger than sync.max_upload_bytes ({limit} bytes)")
        if not body.startswith(b"PK"):
            raise field_problem(Unprocessable, "body", "not a zip file: send the OneRoster set zipped")
        db.authorize(None)  # an import writes across the tenant: a trust-wide permission
        job = models.ImportJob(tenant_id=db.tenant_id, valid_only=valid_only, force=force)
        db.session.add(job)
        await db.commit()
        start_job(request.app.state.sessions, request.app.state.settings, job, body, db.principal)
        return Response(
            to_schema(job, schemas.ImportJob), status_code=202, headers={"Location": f"/v1/imports/{job.id}"}
        )

    @get("/{job_id:uuid}", operation_id="GetImport", responses=problems(404))
    async def get_import(self, db: Db, job_id: FromPath[UUID]) -> schemas.ImportJob:
        """An import's status, progress and, once finished, its outcome."""
        return to_schema(await db.get(models.ImportJob, job_id), schemas.ImportJob)
