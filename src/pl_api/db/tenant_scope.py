"""The data-access layer handlers call: every read and write goes through a tenant's scope.

A ``TenantScope`` holds one session and one tenant id. It can only see that tenant's rows, so
an id of another tenant is simply not found (404), never an error that leaks its existence.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Collection, Sequence
from typing import Any, TypeVar
from uuid import UUID

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.interfaces import LoaderOption

from pl_api.db.base import Entity, TenantEntity, TenantOwned
from pl_api.db.reads import Reads
from pl_api.db.row_security import TENANT_ID
from pl_api.domain.audit.models import ACTOR, SYSTEM
from pl_api.domain.events.models import PENDING
from pl_api.domain.identity.principal import Principal
from pl_api.http.pagination import PageRequest, encode_cursor
from pl_api.http.problems import Conflict, Forbidden, NotFound, Unprocessable, field_problem

M = TypeVar("M", bound=TenantEntity)
T = TypeVar("T", bound=TenantOwned)

__all__ = ["ACTOR", "TENANT_ID", "RowRule", "TenantScope", "label_of"]


def label_of(model: type[Entity]) -> str:
    """The word a problem uses for a model: ``Staff`` -> ``staff``, ``FrameworkElement`` -> ``framework element``."""
    name = model.__name__
    return "".join(f" {c.lower()}" if c.isupper() else c for c in name).strip()


RowRule = Callable[[type[Any]], ColumnElement[bool] | None]
"""For a model, the condition selecting the rows the caller may see (None: all of the tenant's)."""


class TenantScope:
    """One tenant's view of the database for the length of a request, as one caller may see it.

    ``principal`` is who calls and ``permission`` what the request needs to change rows (``authorize``);
    ``visible`` narrows every ``select`` to the rows the caller may see. Without them (CLI, tasks) the
    scope sees and may change all of the tenant's rows.
    """

    def __init__(
        self,
        session: AsyncSession | Callable[[], AsyncSession],
        tenant_id: UUID,
        *,
        principal: Principal | None = None,
        permission: str | None = None,
        visible: RowRule | None = None,
        after_commit: Callable[[list[Any]], Awaitable[None]] | None = None,
        reads: Reads | None = None,
    ) -> None:
        self.tenant_id = tenant_id
        self.principal = principal
        self.permission = permission
        self.visible = visible
        self.after_commit = after_commit
        """Called with the events a commit wrote (the plugins' ``handle_event``); never raises."""
        self._reads = reads
        self._session: AsyncSession | None = None
        self._open: Callable[[], AsyncSession] | None = None
        if isinstance(session, AsyncSession):
            self._use(session)
        else:
            self._open = session

    @property
    def session(self) -> AsyncSession:
        """The session this scope works in; given, or opened on first use from the factory given (so a request
        the lean read path answers opens none)."""
        if self._session is None:
            assert self._open is not None
            self._use(self._open())
        assert self._session is not None
        return self._session

    def _use(self, session: AsyncSession) -> None:
        session.info[TENANT_ID] = self.tenant_id
        session.info[ACTOR] = self.principal.actor if self.principal else session.info.get(ACTOR, SYSTEM)
        self._session = session

    async def close(self) -> None:
        """Close the session if this scope opened it (uncommitted changes are rolled back)."""
        if self._open is not None and self._session is not None:
            await self._session.close()
            self._session = None

    def lean_reads(self, model: type[Any]) -> Reads | None:
        """The lean read path (``pl_api.db.reads``) for rows of ``model``, when the caller may see all of the
        tenant's rows of it (no row rule narrows them) and the session has begun no transaction (so there is
        nothing uncommitted the lean path could not see); else None."""
        if self._reads is None or (self.visible is not None and self.visible(model) is not None):
            return None
        return None if self._session is not None and self._session.in_transaction() else self._reads

    def select(self, model: type[T]) -> Select[T]:
        """``SELECT`` of a model, already limited to this tenant and to the rows the caller may see."""
        stmt = select(model).where(model.tenant_id == self.tenant_id)
        condition = self.visible(model) if self.visible else None
        return stmt if condition is None else stmt.where(condition)

    def authorize(self, *school_ids: UUID | None) -> None:
        """A user must hold the request's permission for each school named (``None``: trust-wide); else 403."""
        principal = self.principal
        if principal is None or principal.grants is None or self.permission is None:
            return
        for school_id in school_ids:
            if not principal.grants.holds(self.permission, school_id):
                where = f"at school {school_id}" if school_id else "across the trust"
                raise Forbidden(f"your roles do not give you {self.permission} {where}")

    async def writable(self, model: type[M], id_: UUID, *, options: Sequence[LoaderOption] = ()) -> M:
        """A row the caller may change: 404 if they cannot see it, 403 if they may not change it
        (the request's permission for the row's school, or trust-wide for a row of no school)."""
        obj = await self.get(model, id_, options=options)
        self.authorize(getattr(obj, "school_id", None))
        return obj

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
        """Every id must name a row of this tenant that new rows may refer to (``model.referable``);
        otherwise a 422 problem naming ``field``."""
        wanted = set(ids)
        if not wanted:
            return
        stmt = select(model.id, model.referable()).where(model.tenant_id == self.tenant_id, model.id.in_(wanted))
        referable = {row_id: bool(ok) for row_id, ok in await self.session.execute(stmt)}
        missing = sorted(str(i) for i in wanted - referable.keys())
        if missing:
            raise field_problem(
                Unprocessable, field, f"no {label_of(model)} with id {', '.join(missing)} in this tenant"
            )
        closed = [row_id for row_id, ok in referable.items() if not ok]
        if closed:
            ids_text = ", ".join(sorted(str(i) for i in closed))
            raise field_problem(Unprocessable, field, f"{label_of(model)} {ids_text} {model.unreferable_reason}")

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
