"""``GET /v1/lesson-study/studies/{id}/report``: as JSON, Markdown or HTML."""

from __future__ import annotations

from uuid import UUID

from pl_api.plugin import Controller, Db, FromPath, Response, document_headers, get, html_response, problems
from pl_api_lesson_study import access
from pl_api_lesson_study.render import to_html, to_markdown
from pl_api_lesson_study.report import Report, build_report


async def _report(db: Db, study_id: UUID) -> Report:
    study = await access.study(db, study_id)
    return await build_report(db, study, access.in_group(db, study))


class ReportController(Controller):
    """A study's report for a staff meeting (case pupils, by pseudonym, for the group only)."""

    path = "/lesson-study/studies/{study_id:uuid}/report"

    @get("/", operation_id="LessonStudyGetReport", responses=problems(404))
    async def get_report(self, db: Db, study_id: FromPath[UUID]) -> Report:
        """The study's report as data: focus, group, lessons and outputs; case-pupil data for its group."""
        return await _report(db, study_id)

    @get("/markdown", operation_id="LessonStudyGetReportMarkdown", responses=problems(404), media_type="text/markdown")
    async def get_report_markdown(self, db: Db, study_id: FromPath[UUID]) -> Response[str]:
        """The report as a Markdown document (user text escaped)."""
        text = to_markdown(await _report(db, study_id))
        return Response(text, media_type="text/markdown; charset=utf-8", headers=document_headers())

    @get("/html", operation_id="LessonStudyGetReportHtml", responses=problems(404), media_type="text/html")
    async def get_report_html(self, db: Db, study_id: FromPath[UUID]) -> Response[str]:
        """The report as an HTML page to show at a staff meeting (user text escaped; no scripts)."""
        return html_response(to_html(await _report(db, study_id)))
