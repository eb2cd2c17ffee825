"""``/v1/staff/{staff_id}/portfolio``: JSON, or a printable HTML page with ``Accept: text/html``."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from uuid import UUID

from litestar import Controller, Request, Response, get
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import FromPath, QueryParameter

from pl_api.domain.access import ensure_may_act_for, is_own
from pl_api.domain.portfolio import schemas
from pl_api.domain.portfolio.render import STYLE, to_html
from pl_api.domain.portfolio.service import build_portfolio
from pl_api.domain.records.service import requested_period
from pl_api.domain.staff.models import Staff
from pl_api.http.dependencies import Db
from pl_api.http.html import html_response
from pl_api.http.openapi import ALSO_ANSWERS, problems
from pl_api.http.problems import Forbidden

JSON = "application/json"
HTML = "text/html"
PERSONAL = {"Vary": "Accept", "Cache-Control": "private, no-store"}


class StaffPortfolioController(Controller):
    """A staff member's portfolio, for the performance-management meeting."""

    path = "/staff/{staff_id:uuid}/portfolio"
    tags = ["Staff"]
    opt = {"resource": "staff", "permission": "records.read", "own": "their own"}

    @get(
        "/",
        operation_id="GetStaffPortfolio",
        opt={ALSO_ANSWERS: {HTML: "A standalone, printable HTML page (A4): no scripts, no external resources"}},
        responses={
            200: ResponseSpec(
                schemas.Portfolio, description="The portfolio, as JSON or as an HTML page", generate_examples=False
            ),
            **problems(404),
        },
    )
    async def get_portfolio(
        self,
        request: Request[Any, Any, Any],
        db: Db,
        staff_id: FromPath[UUID],
        from_date: Annotated[date | None, QueryParameter(name="from", description="First day, inclusive")] = None,
        to_date: Annotated[date | None, QueryParameter(name="to", description="Last day, inclusive")] = None,
        include_unshared: Annotated[
            bool,
            QueryParameter(
                description="The staff member's own copy only: add their reflections not shared with leaders, "
                "each marked (403 for anyone else)"
            ),
        ] = False,
    ) -> Response[Any]:
        """The person, their goals with framework elements and review dates, learning by stream (hours,
        activities, framework elements and priorities), evidence (activities led, feedback given), the
        reflections they shared with leaders, and what plugins contribute. The period defaults to the current
        academic year. Send `Accept: text/html` for a printable page; anything else gets JSON."""
        staff = await db.get(Staff, staff_id)
        await ensure_may_act_for(db, staff_id, "records.read", "portfolio")
        if include_unshared and not is_own(db, staff_id):
            raise Forbidden("only the staff member may include reflections they have not shared with leaders")
        start, end = requested_period(from_date, to_date)
        portfolio = await build_portfolio(
            db, request.user, request.app.state.plugin_host, staff, (start, end), include_unshared=include_unshared
        )
        if request.accept.best_match([JSON, HTML], default=JSON) == HTML:
            return html_response(to_html(portfolio), style=STYLE, headers=PERSONAL)
        return Response(portfolio, media_type=JSON, headers=PERSONAL)
