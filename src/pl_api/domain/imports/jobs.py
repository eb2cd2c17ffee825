"""Running an uploaded OneRoster set as a background job in the API process, reporting progress as it goes."""

from __future__ import annotations

import asyncio
import functools
import logging
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any
from uuid import UUID

import msgspec
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from pl_api.config import Settings
from pl_api.db.base import utcnow
from pl_api.db.row_security import TENANT_ID
from pl_api.domain.audit.models import ACTOR, SYSTEM
from pl_api.domain.imports.importer import Importer
from pl_api.domain.imports.models import ImportJob
from pl_api.domain.imports.oneroster import ImportProblem, OneRosterSet, SetError

logger = logging.getLogger("pl_api.imports")
Sessions = Callable[[], AsyncSession]
RUNNING: set[asyncio.Task[None]] = set()
"""Jobs under way in this process (kept so that they are not collected before they finish)."""


async def _update(sessions: Sessions, tenant_id: UUID, job_id: UUID, **values: object) -> None:
    async with sessions() as session:
        job = await session.get(ImportJob, job_id)
        if job is not None:
            for name, value in values.items():
                setattr(job, name, value)
            await session.commit()


async def run_job(
    factory: async_sessionmaker[AsyncSession], settings: Settings, job: ImportJob, path: Path, actor: str
) -> None:
    """Import the uploaded file, then delete it; the job row says how it went. Its changes are on the audit log
    as the uploader's."""
    tenant_id, job_id = job.tenant_id, job.id
    sessions: Sessions = functools.partial(factory, info={TENANT_ID: tenant_id, ACTOR: actor})
    last = {"done": 0}
    pending: list[asyncio.Task[None]] = []

    def progress(phase: str, done: int, total: int) -> None:
        if done - last["done"] >= 1000 or done == total:
            last["done"] = done
            pending.append(
                asyncio.ensure_future(
                    _update(sessions, tenant_id, job_id, phase=phase, rows_done=done, rows_total=total)
                )
            )

    try:
        await _update(sessions, tenant_id, job_id, status="running", started_at=utcnow(), phase="checking")
        try:
            roster = OneRosterSet(path)
        except SetError as exc:
            summary = {"problems": [msgspec.to_builtins(ImportProblem("upload", 0, str(exc)))], "applied": False}
            await _update(sessions, tenant_id, job_id, status="failed", summary=summary, finished_at=utcnow())
            return
        try:
            importer = Importer(
                factory,
                tenant_id,
                roster,
                valid_only=job.valid_only,
                force=job.force,
                share=settings.sync.max_deactivate_share,
                progress=progress,
                actor=actor,
            )
            result = await importer.run()
        finally:
            roster.close()
        await asyncio.gather(*pending)
        status = "succeeded" if result.applied else "failed"
        await _update(
            sessions,
            tenant_id,
            job_id,
            status=status,
            phase=None,
            summary=msgspec.to_builtins(result),
            finished_at=utcnow(),
        )
    except Exception:
        logger.exception("import job %s failed", job_id)
        await _update(sessions, tenant_id, job_id, status="failed", phase=None, finished_at=utcnow())
    finally:
        await asyncio.to_thread(path.unlink, missing_ok=True)


def start_job(
    sessions: async_sessionmaker[AsyncSession], settings: Settings, job: ImportJob, body: bytes, principal: Any
) -> None:
    """Save the upload to a temporary file and run the job in the background."""
    with tempfile.NamedTemporaryFile(prefix="pl-api-import-", suffix=".zip", delete=False) as file:
        file.write(body)
    actor = principal.actor if principal is not None else SYSTEM
    task = asyncio.create_task(run_job(sessions, settings, job, Path(file.name), actor))
    RUNNING.add(task)
    task.add_done_callback(RUNNING.discard)
