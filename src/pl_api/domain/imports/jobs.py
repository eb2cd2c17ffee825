"""Running an uploaded OneRoster set as a background job in the API process, reporting progress as it goes."""

from __future__ import annotations

import asyncio
import logging
import tempfile
from pathlib import Path
from uuid import UUID

import msgspec
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from pl_api.config import Settings
from pl_api.db.base import utcnow
from pl_api.db.row_security import tenant_sessions
from pl_api.domain.imports.importer import Importer
from pl_api.domain.imports.models import ImportJob
from pl_api.domain.imports.oneroster import ImportProblem, OneRosterSet, SetError

logger = logging.getLogger("pl_api.imports")
RUNNING: set[asyncio.Task[None]] = set()
"""Jobs under way in this process (kept so that they are not collected before they finish)."""


async def _update(sessions: async_sessionmaker[AsyncSession], tenant_id: UUID, job_id: UUID, **values: object) -> None:
    async with tenant_sessions(sessions, tenant_id)() as session:
        job = await session.get(ImportJob, job_id)
        if job is not None:
            for name, value in values.items():
                setattr(job, name, value)
            await session.commit()


async def run_job(sessions: async_sessionmaker[AsyncSession], settings: Settings, job: ImportJob, path: Path) -> None:
    """Import the uploaded file, then delete it; the job row says how it went."""
    tenant_id, job_id = job.tenant_id, job.id
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
                sessions,
                tenant_id,
                roster,
                valid_only=job.valid_only,
                force=job.force,
                share=settings.sync.max_deactivate_share,
                progress=progress,
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


def start_job(sessions: async_sessionmaker[AsyncSession], settings: Settings, job: ImportJob, body: bytes) -> None:
    """Save the upload to a temporary file and run the job in the background."""
    with tempfile.NamedTemporaryFile(prefix="pl-api-import-", suffix=".zip", delete=False) as file:
        file.write(body)
    task = asyncio.create_task(run_job(sessions, settings, job, Path(file.name)))
    RUNNING.add(task)
    task.add_done_callback(RUNNING.discard)
