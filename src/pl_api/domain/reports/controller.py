"""``/v1/reports/…``: each report as JSON, as CSV (``Accept: text/csv``) or as an SVG chart
(``Accept: image/svg+xml``, or ``…/chart.svg``)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Any, TypeVar
from uuid import UUID

from litestar import Controller, Request, Response, get
from litestar.params import FromQuery, QueryParameter

from pl_api.db.tenant_scope import TenantScope
from pl_api.domain.identity.principal import Principal
from pl_api.domain.records.service import academic_year_of
from pl_api.domain.reports import charts, schemas, tables
from pl_api.domain.reports.attendance import attendance_report
from pl_api.domain.reports.common import ReportScope, report_scope
from pl_api.domain.reports.costs import cost_report
from pl_api.domain.reports.coverage import coverage_report
from pl_api.domain.reports.hours import hours_report
from pl_api.domain.reports.unrecorded import unrecorded_report
from pl_api.domain.schools.models import School
from pl_api.domain.terms.models import Term
from pl_api.domain.types import ACADEMIC_YEAR_PATTERN, check_academic_year
from pl_api.http.dependencies import Db
from pl_api.http.openapi import ALSO_ANSWERS, problems
from pl_api.http.problems import Unprocessable, field_problem

JSON, CSV, SVG = "application/json", "text/csv", charts.SVG_MEDIA_TYPE
OTHER_MEDIA = {ALSO_ANSWERS: {CSV: "CSV, header row", SVG: "An SVG chart"}}
"""Every report also answers in CSV and as an SVG chart, by ``Accept``."""
MAX_DAYS = 3 * 366
"""The longest period a report covers."""
NAMES_SCOPE, NAMES_PERMISSION, REPORTS_PERMISSION = "reports:names", "reports.names", "reports.read"

R = TypeVar("R")

SchoolQuery = Annotated[
    UUID | None, QueryParameter(description="The school to report on; leave out for the whole trust")
]
FromQuery_ = Annotated[
    date | None, QueryParameter(name="from", description="First day, inclusive (default: 1 September)")
]
ToQuery = Annotated[date | None, QueryParameter(name="to", description="Last day, inclusive (default: 31 August)")]


def _period(from_date: date | None, to_date: date | None) -> tuple[date, date]:
    default_from, default_to = academic_year_of(datetime.now(UTC).date())
    start, end = from_date or default_from, to_date or default_to
    if end < start:
        raise field_problem(Unprocessable, "to", "must not be before `from`", "query")
    if end >= date.max - timedelta(days=1):
        raise field_problem(Unprocessable, "to", "must be before 9999-12-31", "query")
    if (end - start).days >= MAX_DAYS:
        raise field_problem(Unprocessable, "to", f"a report covers at most {MAX_DAYS} days", "query")
    return start, end


async def _scope(db: TenantScope, school_id: UUID | None, start: date, end: date) -> ReportScope:
    """The report's scope, once the caller may read reports of it: the school; or, with none named, the
    whole trust for clients and trust-wide roles, and for anyone else the schools where they hold
    ``reports.read``."""
    if school_id is not None:
        await db.get(School, school_id)
        db.authorize(school_id)
        return await report_scope(db, school_id, start, end)
    grants = db.principal.grants if db.principal else None
    only = grants.schools_with(REPORTS_PERMISSION) if grants else None
    return await report_scope(db, None, start, end, only)


def _answer(
    request: Request[Any, Any, Any], report: R, to_csv: Callable[[R], str], to_svg: Callable[[R], str], name: str
) -> Response[Any]:
    """The report in the representation the caller's ``Accept`` asks for: JSON by default."""
    media = request.accept.best_match([JSON, CSV, SVG], default=JSON)
    headers = {"Vary": "Accept"}
    if media == CSV:
        headers["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return Response(to_csv(report), media_type="text/csv; charset=utf-8", headers=headers)
    if media == SVG:
        return Response(to_svg(report), media_type=SVG, headers=headers)
    return Response(report, headers=headers)


def names_allowed(principal: Principal, scope: ReportScope) -> bool:
    """Whether the caller may see names: a client given ``reports:names``, or a user holding ``reports.names``
    trust-wide, or in every school the report covers."""
    grants = principal.grants
    if grants is None:
        return NAMES_SCOPE in principal.scopes
    if grants.holds(NAMES_PERMISSION, None):
        return True
    return (scope.school_id is not None or scope.limited) and all(
        grants.holds(NAMES_PERMISSION, school) for school in scope.schools
    )


async def _unrecorded_period(
    db: TenantScope, term_id: UUID | None, from_date: date | None, to_date: date | None
) -> tuple[date, date]:
    if term_id is None:
        return _period(from_date, to_date)
    if from_date is not None or to_date is not None:
        raise field_problem(Unprocessable, "term_id", "give a term or `from` and `to`, not both", "query")
    term = await db.get(Term, term_id)
    if term.starts_on is None or term.ends_on is None:
        raise field_problem(Unprocessable, "term_id", "the term has no start or end date", "query")
    return _period(term.starts_on, term.ends_on)


def _year(academic_year: str | None) -> tuple[str, date, date]:
    if academic_year is None:
        start, end = academic_year_of(datetime.now(UTC).date())
        return f"{start.year}/{(start.year + 1) % 100:02d}", start, end
    try:
        check_academic_year(academic_year)
    except ValueError as exc:
        raise field_problem(Unprocessable, "academic_year", str(exc), "query") from exc
    first = int(academic_year[:4])
    return academic_year, date(first, 9, 1), date(first + 1, 8, 31)


class ReportController(Controller):
    """Aggregate reports for leaders; every one is JSON by default, CSV with `Accept: text/csv`, and a chart
    with `Accept: image/svg+xml` or at its `chart.svg`."""

    path = "/reports"
    tags = ["Reports"]
    opt = {"resource": "reports"}

    async def _hours(
        self,
        request: Request[Any, Any, Any],
        db: TenantScope,
        school_id: UUID | None,
        from_date: date | None,
        to_date: date | None,
    ) -> schemas.HoursReport:
        scope = await _scope(db, school_id, *_period(from_date, to_date))
        return await hours_report(scope, request.app.state.activity_kinds)

    @get("/hours", operation_id="GetHoursReport", responses=problems(404, 422), opt=OTHER_MEDIA)
    async def get_hours(
        self,
        request: Request[Any, Any, Any],
        db: Db,
        school_id: SchoolQuery = None,
        from_date: FromQuery_ = None,
        to_date: ToQuery = None,
    ) -> Response[schemas.HoursReport]:
        """Hours credited by stream (with the streams' shares), team, kind, priority, framework element, EEF
        mechanism and month."""
        report = await self._hours(request, db, school_id, from_date, to_date)
        return _answer(request, report, tables.hours_csv, charts.hours_chart, "hours")

    @get("/hours/chart.svg", operation_id="GetHoursChart", media_type=SVG, responses=problems(404, 422))
    async def get_hours_chart(
        self,
        request: Request[Any, Any, Any],
        db: Db,
        school_id: SchoolQuery = None,
        from_date: FromQuery_ = None,
        to_date: ToQuery = None,
    ) -> str:
        """Hours by stream per month, as an SVG chart."""
        return charts.hours_chart(await self._hours(request, db, school_id, from_date, to_date))

    async def _coverage(
        self, db: TenantScope, school_id: UUID | None, from_date: date | None, to_date: date | None
    ) -> schemas.CoverageReport:
        return await coverage_report(await _scope(db, school_id, *_period(from_date, to_date)))

    @get("/priority-coverage", operation_id="GetPriorityCoverageReport", responses=problems(404, 422), opt=OTHER_MEDIA)
    async def get_coverage(
        self,
        request: Request[Any, Any, Any],
        db: Db,
        school_id: SchoolQuery = None,
        from_date: FromQuery_ = None,
        to_date: ToQuery = None,
    ) -> Response[schemas.CoverageReport]:
        """For each priority: the activities serving it, the people they reached, and the evaluation evidence
        planned and gathered at each of Guskey's levels."""
        report = await self._coverage(db, school_id, from_date, to_date)
        return _answer(request, report, tables.coverage_csv, charts.coverage_chart, "priority-coverage")

    @get(
        "/priority-coverage/chart.svg",
        operation_id="GetPriorityCoverageChart",
        media_type=SVG,
        responses=problems(404, 422),
    )
    async def get_coverage_chart(
        self, db: Db, school_id: SchoolQuery = None, from_date: FromQuery_ = None, to_date: ToQuery = None
    ) -> str:
        """People reached per priority, as an SVG chart."""
        return charts.coverage_chart(await self._coverage(db, school_id, from_date, to_date))

    async def _attendance(
        self, db: TenantScope, school_id: UUID | None, from_date: date | None, to_date: date | None
    ) -> schemas.AttendanceReport:
        return await attendance_report(await _scope(db, school_id, *_period(from_date, to_date)))

    @get("/attendance", operation_id="GetAttendanceReport", responses=problems(404, 422), opt=OTHER_MEDIA)
    async def get_attendance(
        self,
        request: Request[Any, Any, Any],
        db: Db,
        school_id: SchoolQuery = None,
        from_date: FromQuery_ = None,
        to_date: ToQuery = None,
    ) -> Response[schemas.AttendanceReport]:
        """Attendance rates at completed activities: attended / (attended + absent)."""
        report = await self._attendance(db, school_id, from_date, to_date)
        return _answer(request, report, tables.attendance_csv, charts.attendance_chart, "attendance")

    @get("/attendance/chart.svg", operation_id="GetAttendanceChart", media_type=SVG, responses=problems(404, 422))
    async def get_attendance_chart(
        self, db: Db, school_id: SchoolQuery = None, from_date: FromQuery_ = None, to_date: ToQuery = None
    ) -> str:
        """Attendance rate per school, as an SVG chart."""
        return charts.attendance_chart(await self._attendance(db, school_id, from_date, to_date))

    async def _costs(self, db: TenantScope, school_id: UUID | None, academic_year: str | None) -> schemas.CostReport:
        year, start, end = _year(academic_year)
        return await cost_report(await _scope(db, school_id, start, end), year)

    @get("/costs", operation_id="GetCostReport", responses=problems(404, 422), opt=OTHER_MEDIA)
    async def get_costs(
        self,
        request: Request[Any, Any, Any],
        db: Db,
        school_id: SchoolQuery = None,
        academic_year: Annotated[str | None, QueryParameter(pattern=ACADEMIC_YEAR_PATTERN)] = None,
    ) -> Response[schemas.CostReport]:
        """Cost of completed and planned activities in an academic year (default: the current one) against each
        school's CPD budget."""
        report = await self._costs(db, school_id, academic_year)
        return _answer(request, report, tables.cost_csv, charts.cost_chart, "costs")

    @get("/costs/chart.svg", operation_id="GetCostChart", media_type=SVG, responses=problems(404, 422))
    async def get_costs_chart(
        self,
        db: Db,
        school_id: SchoolQuery = None,
        academic_year: Annotated[str | None, QueryParameter(pattern=ACADEMIC_YEAR_PATTERN)] = None,
    ) -> str:
        """Cost against budget per school, as an SVG chart."""
        return charts.cost_chart(await self._costs(db, school_id, academic_year))

    async def _unrecorded(
        self,
        request: Request[Any, Any, Any],
        db: TenantScope,
        school_id: UUID | None,
        term_id: UUID | None,
        from_date: date | None,
        to_date: date | None,
    ) -> schemas.UnrecordedReport:
        start, end = await _unrecorded_period(db, term_id, from_date, to_date)
        scope = await _scope(db, school_id, start, end)
        return await unrecorded_report(scope, term_id, names_allowed(request.user, scope))

    @get("/unrecorded-staff", operation_id="GetUnrecordedStaffReport", responses=problems(404, 422), opt=OTHER_MEDIA)
    async def get_unrecorded(
        self,
        request: Request[Any, Any, Any],
        db: Db,
        school_id: SchoolQuery = None,
        term_id: FromQuery[UUID | None] = None,
        from_date: FromQuery_ = None,
        to_date: ToQuery = None,
    ) -> Response[schemas.UnrecordedReport]:
        """Active staff credited with no learning in a term (`term_id`) or between `from` and `to`: a count always;
        the names only for `reports.names` holders and clients with the `reports:names` scope."""
        report = await self._unrecorded(request, db, school_id, term_id, from_date, to_date)
        return _answer(request, report, tables.unrecorded_csv, charts.unrecorded_chart, "unrecorded-staff")

    @get(
        "/unrecorded-staff/chart.svg",
        operation_id="GetUnrecordedStaffChart",
        media_type=SVG,
        responses=problems(404, 422),
    )
    async def get_unrecorded_chart(
        self,
        request: Request[Any, Any, Any],
        db: Db,
        school_id: SchoolQuery = None,
        term_id: FromQuery[UUID | None] = None,
        from_date: FromQuery_ = None,
        to_date: ToQuery = None,
    ) -> str:
        """Staff with no recorded learning per school, as an SVG chart."""
        return charts.unrecorded_chart(await self._unrecorded(request, db, school_id, term_id, from_date, to_date))
