"""Every hook a plugin may implement, in one file.

Hooks are called with keyword arguments; an implementation may accept any subset of a
hook's arguments, so arguments can be added later without breaking plugins. Hooks named
``register_*`` declare things once at start-up and return a list; the host checks what they
declare (prefixes, duplicates) before the app is built. The other hooks react to what
happens while it runs; a failing reaction is logged with the plugin's name and never
breaks the request or the other plugins.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any
from uuid import UUID

from pl_api.plugin_host.markers import hookspec

if TYPE_CHECKING:
    import click
    from litestar import Litestar
    from litestar.types import ControllerRouterHandler
    from sqlalchemy.ext.asyncio import AsyncSession

    from pl_api.db.base import Base
    from pl_api.domain.activities.kinds import ActivityKind
    from pl_api.plugin_host.events import Event
    from pl_api.plugin_host.types import EventType, Permission


@hookspec
def register_routes(settings: Any) -> list[ControllerRouterHandler]:
    """Controllers and route handlers of the plugin.

    Their paths must start with the plugin's prefix (``/tlc/…`` for slug ``tlc``,
    ``/lesson-study/…`` for ``lesson_study``); the host mounts them under ``/v1``, behind
    authentication, and tags them with the slug. A client needs the scope ``<slug>:read``
    for GET and ``<slug>:write`` for anything else, unless a handler's ``opt["resource"]``
    names another resource.
    """


@hookspec
def register_models() -> list[type[Base]]:
    """The plugin's SQLAlchemy models (subclasses of ``pl_api.plugin.TenantEntity``).

    Every table name must start with ``<slug>_``. Their schema comes from the plugin's own
    Alembic revisions (``manifest.migrations``), kept in the version table
    ``alembic_version_<slug>``.
    """


@hookspec
def register_permissions() -> list[Permission]:
    """Permissions the plugin adds, each named ``<slug>.<action>``; a name may be declared once."""


@hookspec
def register_activity_kinds() -> list[ActivityKind]:
    """Activity kinds the plugin adds to the core registry, each slug ``<slug>.<kind>``.

    Work recorded as an activity of one of these kinds counts in the staff CPD record.
    """


@hookspec
def register_event_types() -> list[EventType]:
    """Event types the plugin emits, each named ``<slug>.<noun>.<verb>``."""


@hookspec
def register_commands(settings: Any) -> list[click.Command]:
    """Commands offered as ``pl-api <slug> <command>``."""


@hookspec
def handle_event(event: Event, settings: Any) -> Any:
    """React to a committed event (may be a coroutine function). Failures are logged, never raised."""


@hookspec
def startup(app: Litestar, settings: Any) -> Any:
    """Run when the application starts (may be a coroutine function)."""


@hookspec
def shutdown(app: Litestar, settings: Any) -> Any:
    """Run when the application stops (may be a coroutine function)."""


@hookspec
def staff_record_section(
    session: AsyncSession, tenant_id: UUID, staff_id: UUID, from_date: date, to_date: date, settings: Any
) -> Any:
    """A JSON-ready section the plugin adds to a staff member's CPD record, or None.

    May be a coroutine function. The section appears under ``plugins.<slug>`` in
    ``GET /v1/staff/{id}/record`` and among the contributions of ``GET /v1/staff/{id}/portfolio``, whose
    printable page shows it as headed lists and tables (keys ending in ``_id`` left out). Include only what
    the staff member's leaders may see.
    """


@hookspec
def export_staff_data(session: AsyncSession, tenant_id: UUID, staff_id: UUID, settings: Any) -> Any:
    """Everything the plugin holds about one staff member, JSON-ready, for a data subject's export.

    May be a coroutine function. Unlike ``staff_record_section`` this is complete: private
    notes included, because the export answers the staff member's own right of access.
    """


@hookspec
def erase_staff_data(session: AsyncSession, tenant_id: UUID, staff_id: UUID, settings: Any) -> Any:
    """Remove or anonymise everything the plugin holds that identifies one staff member, when they are erased.

    May be a coroutine function. Runs inside the erasure's transaction: change rows through
    ``session`` and do not commit. Delete personal text (notes, comments) and keep what counts
    (attendance, minutes) so the school's figures stay whole. Return how many of your rows you
    deleted or changed (or None); it appears under ``plugins.<slug>`` in the erasure's summary.
    Unlike the other runtime hooks, a failure here is not skipped: it stops the erasure and
    nothing is changed.
    """
