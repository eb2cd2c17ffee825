"""The data-access layer handlers call: every read and write goes through a tenant's scope.

A ``TenantScope`` holds one session and one tenant id. It can only see that tenant's rows, so
an id of another tenant is simply not found (404), never an error that leaks its existence.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Collection, Sequence
from typing import Any, TypeVar
from uuid import UUID

from sqlalchemy import Select, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.interfaces import LoaderOption

from pl_api.db.base import Entity, TenantEntity
from pl_api.domain.events.models import PENDING
from pl_api.http.pagination import PageRequest, encode_cursor
from pl_api.http.problems import Conflict, NotFound, Unprocessable, field_problem

M = TypeVar("M", bound=TenantEntity)

TENANT_ID = "pl_api.tenant_id"
"""Key of ``Session.info`` holding the id of the tenant a session works for."""
ACTOR = "pl_api.actor"
"""Key of ``Session.info`` naming who acts through a session (``client:<id>``, ``staff:<id>``, ``system:<task>``)."""


def label_of(model: type[Entity]) -> str:
    """The word a problem uses for a model: ``Staff`` -> ``staff``, ``FrameworkElement`` -> ``framework element``."""
    name = model.__name__
    return "".join(f" {c.lower()}" if c.isupper() else c for c in name).strip()


class TenantScope:
    """One tenant's view of the database for the length of a request."""

    def __init__(
        self,
        session: AsyncSession,
        tenant_id: UUID,
        *,
        actor: str = "system",
        after_commit: Callable[[list[Any]], Awaitable[None]] | None = None,
    ) -> None:
        self.session = session
        self.tenant_id = tenant_id
        session.info[TENANT_ID] = tenant_id
        session.info[ACTOR] = actor
        self.after_commit = after_commit
        """Called with the events a commit wrote (the plugins' ``handle_event``); never raises."""

    def select(self, model: type[M]) -> Select[M]:
        """``SELECT`` of a model, already limited to this tenant."""
        return select(model).where(model.tenant_id == self.tenant_id)

    async def get(self, model: type[M], id_: UUID, *, options: Sequence[LoaderOption] = ()) -> M:
        """One row by id, or a 404 problem."""
        stmt = self.select(model).where(model.id == id_).options(*options)
        obj = await self.session.scalar(stmt)
        if obj is None:
            raise NotFound(f"no {label_of(model)} with id {id_}")
        return obj

    async def page(self, stmt: Select[M], model: type[M], page: PageRequest) -> tuple[list[M], str | None]:
        """One keyset page of ``stmt`` in id order, and the cursor of the next page."""
        if page.after is not None:
            stmt = stmt.where(model.id > page.after)
        rows = list((await self.session.scalars(stmt.order_by(model.id).limit(page.limit + 1))).unique())
        if len(rows) > page.limit:
            rows = rows[: page.limit]
            return rows, encode_cursor(rows[-1].id)
        return rows, None

    async def require_all(self, model: type[M], ids: Collection[UUID], field: str) -> None:
        """Every id must name a row of this tenant; otherwise a 422 problem naming ``field``."""
        wanted = set(ids)
        if not wanted:
            return
        found = set(
            await self.session.scalars(select(model.id).where(model.tenant_id == self.tenant_id, model.id.in_(wanted)))
        )
        missing = sorted(str(i) for i in wanted - found)
        if missing:
            raise field_problem(
                Unprocessable, field, f"no {label_of(model)} with id {', '.join(missing)} in this tenant"
            )

    async def require_one(self, model: type[M], id_: UUID | None, field: str) -> None:
        """An optional reference must name a row of this tenant; otherwise a 422 problem naming ``field``."""
        if id_ is not None:
            await self.require_all(model, [id_], field)

    async def count(self, stmt: Select[Any]) -> int:
        """How many rows a select returns."""
        return int(await self.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0)

    async def commit(self, conflict: str = "it conflicts with existing data") -> None:
        """Commit the request's changes; a uniqueness or reference violation becomes a 409 problem."""
        try:
            await self.session.commit()
        except IntegrityError as exc:
            await self.session.rollback()
            raise Conflict(conflict) from exc
        events = self.session.info.pop(PENDING, [])
        if events and self.after_commit is not None:
            await self.after_commit(events)

    async def delete(self, obj: TenantEntity, in_use: str) -> None:
        """Delete a row and commit; if other rows still refer to it, a 409 problem saying ``in_use``."""
        await self.session.delete(obj)
        await self.commit(in_use)
