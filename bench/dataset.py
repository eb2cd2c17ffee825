"""The large tenant the benchmark runs against, loaded fast with bulk inserts.

50 schools, 5,000 staff (one school each, 100 per school), 500 teams (ten per school, each staff member in one),
200,000 activities over four academic years and 1,000,000 participations (five staff of the activity's school
each). Rows go in with SQLAlchemy Core ``executemany`` on SQLite and with ``COPY`` on PostgreSQL, so they write
no audit entries or events: those belong to changes made through the API, which the benchmark measures.
On PostgreSQL the load ends with ``ANALYZE``, as autovacuum would soon after; SQLite gets no statistics, as a
deployment's database has none unless someone runs it.

``Scale`` shrinks it for tests and ``--quick`` runs; the counts stay in the same proportions.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import random
import shutil
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

from sqlalchemy import Table, create_engine, insert, text
from sqlalchemy.ext.asyncio import create_async_engine
from uuid_utils.compat import uuid7

from pl_api.config import DatabaseSettings, load_settings
from pl_api.db import migrate
from pl_api.db.engine import create_engine as create_app_engine
from pl_api.db.engine import create_session_factory, is_sqlite
from pl_api.domain.activities.models import Activity, Participation
from pl_api.domain.schools.models import School
from pl_api.domain.staff.models import Staff, StaffMembership
from pl_api.domain.teams.models import Team, TeamMember
from pl_api.domain.tenants.service import create_client, create_tenant
from pl_api.http.pagination import encode_cursor
from pl_api.plugin_host.host import PluginHost

LOADER_VERSION = "1"
"""Bump when the generated data changes, so cached SQLite files are rebuilt."""
SOURCE = "bench"
FIRST_YEAR = 2022
YEARS = 4
KINDS = ("inset_session", "team_meeting", "external_course", "peer_observation", "mentoring")
STREAMS = {
    "inset_session": "whole_school",
    "team_meeting": "team",
    "external_course": "individual",
    "peer_observation": "individual",
    "mentoring": "individual",
}


@dataclass(frozen=True)
class Scale:
    """How big the tenant is."""

    schools: int = 50
    staff: int = 5_000
    teams: int = 500
    activities: int = 200_000
    participants_per_activity: int = 5

    @property
    def participations(self) -> int:
        return self.activities * self.participants_per_activity

    def label(self) -> str:
        return f"{self.schools}-{self.staff}-{self.teams}-{self.activities}-{self.participants_per_activity}"


@dataclass
class Fixture:
    """What the load generator needs to know about the loaded tenant."""

    tenant_id: str
    api_key: str
    staff_ids: list[str]
    school_ids: list[str]
    deep_cursor: str
    """The cursor of the activities page that starts 100,000 rows in (or half-way, when smaller)."""
    deep_offset: int
    record_year: int
    counts: dict[str, int] = field(default_factory=dict)


def schema_revision() -> str:
    """The heads of the core's and the enabled plugins' migrations, and a digest of their scripts: a cached
    database is reused only for the same."""
    from alembic.script import ScriptDirectory

    scripts = [ScriptDirectory.from_config(migrate.alembic_config())]
    for make_config in migrate._plugin_configs(PluginHost.load(load_settings().plugins)):
        scripts.append(ScriptDirectory.from_config(make_config()))
    heads = sorted(head for script in scripts for head in script.get_heads())
    sources = hashlib.sha256()  # a revision edited in place changes the schema too
    for script in scripts:
        for revision in sorted(script.walk_revisions(), key=lambda r: r.revision):
            sources.update(Path(revision.path).read_bytes())
    return f"{','.join(heads)}:{sources.hexdigest()[:12]}"


def _rows(tenant_id: UUID, scale: Scale, seed: int = 9) -> Iterator[tuple[Table, list[dict[str, Any]]]]:
    """Every table's rows, in an order that satisfies the foreign keys."""
    rng = random.Random(seed)
    now = datetime.now(UTC)
    common = {"tenant_id": tenant_id, "created_at": now, "updated_at": now, "version": 1}
    schools = [
        {**common, "id": uuid7(), "name": f"School {n}", "status": "open", "source": SOURCE, "external_id": f"s{n}"}
        for n in range(scale.schools)
    ]
    yield School.__table__, schools  # type: ignore[misc]
    staff = [
        {
            **common,
            "id": uuid7(),
            "given_name": f"Given{n}",
            "family_name": f"Family{n}",
            "email": f"u{n}@bench.example",
            "job_title": "Teacher",
            "status": "active",
            "trust_roles": [],
            "source": SOURCE,
            "external_id": f"u{n}",
        }
        for n in range(scale.staff)
    ]
    yield Staff.__table__, staff  # type: ignore[misc]
    school_of = [schools[n % scale.schools]["id"] for n in range(scale.staff)]
    yield (
        StaffMembership.__table__,  # type: ignore[misc]
        [
            {
                "tenant_id": tenant_id,
                "staff_id": s["id"],
                "school_id": school_of[n],
                "roles": ["teacher"],
                "created_at": now,
            }
            for n, s in enumerate(staff)
        ],
    )
    teams = [
        {
            **common,
            "id": uuid7(),
            "school_id": schools[n % scale.schools]["id"],
            "name": f"Team {n}",
            "kind": "department",
            "status": "active",
            "source": SOURCE,
            "external_id": f"t{n}",
        }
        for n in range(scale.teams)
    ]
    yield Team.__table__, teams  # type: ignore[misc]
    yield (
        TeamMember.__table__,  # type: ignore[misc]
        [
            {
                "tenant_id": tenant_id,
                "team_id": teams[n % scale.teams]["id"],
                "staff_id": s["id"],
                "role": "member",
                "created_at": now,
                "updated_at": now,
            }
            for n, s in enumerate(staff)
        ],
    )
    by_school = [[s["id"] for n, s in enumerate(staff) if n % scale.schools == k] for k in range(scale.schools)]
    start = datetime(FIRST_YEAR, 9, 1, 9, tzinfo=UTC)
    span = (datetime(FIRST_YEAR + YEARS, 8, 31, tzinfo=UTC) - start).total_seconds()
    batch = 20_000
    for first in range(0, scale.activities, batch):
        activities, participations = [], []
        for n in range(first, min(first + batch, scale.activities)):
            school = n % scale.schools
            kind = KINDS[n % len(KINDS)]
            duration = 60 + 30 * (n % 4)
            activity_id = uuid7()
            activities.append(
                {
                    **common,
                    "id": activity_id,
                    "school_id": schools[school]["id"],
                    "team_id": teams[n % scale.teams]["id"] if kind == "team_meeting" else None,
                    "title": f"Activity {n}",
                    "kind": kind,
                    "stream": STREAMS[kind],
                    "starts_at": start + timedelta(seconds=rng.random() * span),
                    "duration_minutes": duration,
                    "mechanisms": [],
                    "status": "completed",
                }
            )
            for staff_id in rng.sample(by_school[school], min(scale.participants_per_activity, len(by_school[school]))):
                participations.append(
                    {
                        **common,
                        "id": uuid7(),
                        "activity_id": activity_id,
                        "staff_id": staff_id,
                        "status": "attended",
                        "minutes_credited": duration,
                    }
                )
        yield Activity.__table__, activities  # type: ignore[misc]
        yield Participation.__table__, participations  # type: ignore[misc]


async def _tenant_and_key(settings: DatabaseSettings) -> tuple[UUID, str]:
    engine = create_app_engine(settings.as_owner())
    try:
        async with create_session_factory(engine)() as session:
            tenant = await create_tenant(session, "Bench trust")
            client = await create_client(session, tenant.id, "bench")
        return tenant.id, client.key
    finally:
        await engine.dispose()


def _insert_sqlite(path: Path, tenant_id: UUID, scale: Scale) -> dict[str, Any]:
    engine = create_engine(f"sqlite:///{path}")
    counts: dict[str, int] = {}
    kept: dict[str, list[Any]] = {"staff": [], "schools": [], "activities": []}
    with engine.begin() as connection:
        for table, rows in _rows(tenant_id, scale):
            connection.execute(insert(table), rows)
            counts[table.name] = counts.get(table.name, 0) + len(rows)
            if table.name in kept:
                kept[table.name] += [row["id"] for row in rows]
    with engine.connect() as connection:  # everything into the main file, which is what the cache copies
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return {"counts": counts, **kept}


_JSON_COLUMNS = {"trust_roles", "roles", "mechanisms"}


async def _copy_postgres(url: str, tenant_id: UUID, scale: Scale) -> dict[str, Any]:
    engine = create_async_engine(url)
    counts: dict[str, int] = {}
    kept: dict[str, list[Any]] = {"staff": [], "schools": [], "activities": []}
    try:
        async with engine.begin() as connection:
            raw = (await connection.get_raw_connection()).driver_connection
            assert raw is not None
            for table, rows in _rows(tenant_id, scale):
                columns = list(rows[0])
                records = [tuple(json.dumps(row[c]) if c in _JSON_COLUMNS else row[c] for c in columns) for row in rows]
                await raw.copy_records_to_table(table.name, records=records, columns=columns)
                counts[table.name] = counts.get(table.name, 0) + len(rows)
                if table.name in kept:
                    kept[table.name] += [row["id"] for row in rows]
        async with engine.begin() as connection:  # what autovacuum would do shortly after a bulk load
            await connection.execute(text("ANALYZE"))
    finally:
        await engine.dispose()
    return {"counts": counts, **kept}


def load(settings: DatabaseSettings, scale: Scale) -> Fixture:
    """Migrate an empty database and load the tenant into it."""
    migrate.upgrade(settings, plugins=PluginHost.load(load_settings().plugins))
    tenant_id, key = asyncio.run(_tenant_and_key(settings))
    owner_url = settings.as_owner().url
    if is_sqlite(owner_url):
        loaded = _insert_sqlite(Path(owner_url.split("///", 1)[1]), tenant_id, scale)
    else:
        loaded = asyncio.run(_copy_postgres(owner_url, tenant_id, scale))
    activity_ids = sorted(loaded["activities"])
    offset = min(100_000, len(activity_ids) // 2)
    return Fixture(
        tenant_id=str(tenant_id),
        api_key=key,
        staff_ids=[str(i) for i in loaded["staff"]],
        school_ids=[str(i) for i in loaded["schools"]],
        deep_cursor=encode_cursor(activity_ids[offset - 1]),
        deep_offset=offset,
        record_year=FIRST_YEAR + YEARS - 2,
        counts=loaded["counts"],
    )


def sqlite_database(path: Path, scale: Scale, cache_dir: Path) -> Fixture:
    """A loaded SQLite database at ``path``, copied from the cache when one of this schema and scale exists."""
    key = hashlib.sha256(f"{schema_revision()}|{scale.label()}|{LOADER_VERSION}".encode()).hexdigest()[:16]
    cached, meta = cache_dir / f"tenant-{key}.db", cache_dir / f"tenant-{key}.json"
    if not (cached.exists() and meta.exists()):
        cache_dir.mkdir(parents=True, exist_ok=True)
        building = cached.with_suffix(".building")
        building.unlink(missing_ok=True)
        fixture = load(DatabaseSettings(url=f"sqlite+aiosqlite:///{building}"), scale)
        building.rename(cached)
        meta.write_text(json.dumps(asdict(fixture)))
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(cached, path)
    return Fixture(**json.loads(meta.read_text()))
