"""A sample pl-api plugin: reading notes, written only against ``pl_api.plugin``."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any
from uuid import UUID

import click
import msgspec
from sqlalchemy import exists, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from pl_api.plugin import (
    ActivityKind,
    Controller,
    Db,
    Event,
    EventType,
    FromQuery,
    JSONBody,
    Page,
    Paging,
    Permission,
    PluginManifest,
    Request,
    Schema,
    Staff,
    StaffMembership,
    Unprocessable,
    field_problem,
    get,
    hookimpl,
    plugin_settings,
    post,
    problems,
    with_etag,
)
from pl_api_sample.models import SampleNote


class SampleSettings(msgspec.Struct, forbid_unknown_fields=True):
    """Settings under [plugins.sample]."""

    greeting: str = "hello"
    max_note_length: Annotated[int, msgspec.Meta(ge=1, le=500)] = 200


manifest = PluginManifest(
    slug="sample",
    name="Sample",
    version="0.1.0",
    api=">=1.0,<2",
    settings=SampleSettings,
    migrations="migrations",
    description="Reading notes: a plugin that touches every hook.",
)

EVENTS_SEEN: list[Event] = []
LIFECYCLE: list[str] = []


class Note(msgspec.Struct):
    """A reading note."""

    id: UUID
    staff_id: UUID
    text: str
    created_at: datetime
    version: int


class NotePage(Page[Note]):
    """A page of notes."""


class NoteCreate(Schema):
    """A new note."""

    staff_id: UUID
    text: Annotated[str, msgspec.Meta(min_length=1, max_length=500)]


class NoteController(Controller):
    """Reading notes."""

    path = "/sample/notes"

    @get("/", operation_id="SampleListNotes", responses=problems())
    async def list_notes(self, db: Db, page: Paging, school_id: FromQuery[UUID | None] = None) -> NotePage:
        """List notes, optionally only those about staff of one school."""
        stmt = db.select(SampleNote)
        if school_id is not None:
            stmt = stmt.where(
                exists().where(StaffMembership.staff_id == SampleNote.staff_id, StaffMembership.school_id == school_id)
            )
        rows, cursor = await db.page(stmt, SampleNote, page)
        return NotePage([msgspec.convert(r, Note, from_attributes=True) for r in rows], cursor)

    @post("/", operation_id="SampleCreateNote", responses=problems(422), opt={"permission": "sample.manage"})
    async def create_note(self, request: Request[Any, Any, Any], db: Db, data: JSONBody[NoteCreate]) -> Any:
        """Add a note about a staff member."""
        await db.require_one(Staff, data.staff_id, "staff_id")
        settings: SampleSettings = plugin_settings(request, "sample")
        if len(data.text) > settings.max_note_length:
            raise field_problem(Unprocessable, "text", "longer than this deployment allows")
        note = SampleNote(tenant_id=db.tenant_id, staff_id=data.staff_id, text=data.text)
        db.session.add(note)
        await db.commit()
        return with_etag(msgspec.convert(note, Note, from_attributes=True), note.version, 201)


@hookimpl
def register_routes() -> list[Any]:
    return [NoteController]


@hookimpl
def register_models() -> list[Any]:
    return [SampleNote]


@hookimpl
def register_permissions() -> list[Permission]:
    return [Permission("sample.manage", "Manage everyone's reading notes", roles=("pd_lead", "trust_admin"))]


@hookimpl
def register_activity_kinds() -> list[ActivityKind]:
    return [ActivityKind("sample.reading_circle", "Reading circle", "Reading and discussing a book together.", "team")]


@hookimpl
def register_event_types() -> list[EventType]:
    return [EventType("sample.note.created", "A reading note was written")]


@hookimpl
def register_commands(settings: SampleSettings) -> list[click.Command]:
    @click.command("hello")
    def hello() -> None:
        """Say hello."""
        click.echo(f"{settings.greeting} from the sample plugin")

    return [hello]


@hookimpl
async def handle_event(event: Event) -> None:
    EVENTS_SEEN.append(event)


@hookimpl
def startup(settings: SampleSettings) -> None:
    LIFECYCLE.append(f"startup:{settings.greeting}")


@hookimpl
async def shutdown() -> None:
    LIFECYCLE.append("shutdown")


@hookimpl
async def staff_record_section(
    session: AsyncSession, tenant_id: UUID, staff_id: UUID, from_date: date, to_date: date
) -> dict[str, Any]:
    count = await session.scalar(
        select(func.count())
        .select_from(SampleNote)
        .where(SampleNote.tenant_id == tenant_id, SampleNote.staff_id == staff_id)
    )
    return {"notes": int(count or 0)}


@hookimpl
async def export_staff_data(session: AsyncSession, tenant_id: UUID, staff_id: UUID) -> dict[str, Any]:
    notes = await session.scalars(
        select(SampleNote).where(SampleNote.tenant_id == tenant_id, SampleNote.staff_id == staff_id)
    )
    return {"notes": [note.text for note in notes]}


@hookimpl
async def erase_staff_data(session: AsyncSession, tenant_id: UUID, staff_id: UUID) -> int:
    notes = list(
        await session.scalars(
            select(SampleNote).where(SampleNote.tenant_id == tenant_id, SampleNote.staff_id == staff_id)
        )
    )
    for note in notes:
        await session.delete(note)
    return len(notes)
