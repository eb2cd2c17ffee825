"""Benchmark: generate a OneRoster 1.1 set of 50,000 staff and 5,000 classes (plus pupils, who are dropped),
import it into a fresh SQLite database (or PL_API_BENCH_DATABASE_URL), and print rows per second and peak memory.

    python bench/oneroster_import.py [--staff 50000] [--classes 5000] [--pupils 20000]
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import resource
import tempfile
import time
import zipfile
from pathlib import Path

from pl_api.config import DatabaseSettings
from pl_api.db import migrate
from pl_api.db.engine import create_engine, create_session_factory
from pl_api.domain.imports.importer import Importer
from pl_api.domain.imports.oneroster import OneRosterSet
from pl_api.domain.tenants.service import create_tenant

SCHOOLS = 50


def generate(path: Path, staff: int, classes: int, pupils: int) -> int:
    """Write the set as a zip; returns the number of data rows."""
    rows = 0
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:

        def write(name: str, header: list[str], body: object) -> None:
            nonlocal rows
            with archive.open(name, "w") as raw, __import__("io").TextIOWrapper(raw, "utf-8", newline="") as text:
                writer = csv.writer(text)
                writer.writerow(header)
                for row in body:  # type: ignore[attr-defined]
                    writer.writerow(row)
                    rows += 1

        modes = ["orgs", "academicSessions", "users", "classes", "enrollments"]
        write(
            "manifest.csv",
            ["propertyName", "value"],
            [["manifest.version", "1.0"], ["oneroster.version", "1.1"], *[[f"file.{m}", "bulk"] for m in modes]],
        )
        write(
            "orgs.csv",
            ["sourcedId", "status", "dateLastModified", "name", "type", "identifier", "parentSourcedId"],
            [[f"s{n}", "active", "", f"School {n}", "school", f"{100000 + n}", ""] for n in range(SCHOOLS)],
        )
        write(
            "academicSessions.csv",
            [
                "sourcedId",
                "status",
                "dateLastModified",
                "title",
                "type",
                "startDate",
                "endDate",
                "parentSourcedId",
                "schoolYear",
            ],
            [["y", "active", "", "2025/26", "schoolYear", "2025-09-01", "2026-07-20", "", "2026"]],
        )
        users_header = [
            "sourcedId",
            "status",
            "dateLastModified",
            "enabledUser",
            "orgSourcedIds",
            "role",
            "username",
            "userIds",
            "givenName",
            "familyName",
            "middleName",
            "identifier",
            "email",
            "sms",
            "phone",
            "agentSourcedIds",
            "grades",
            "password",
        ]
        people = (
            [
                f"u{n}",
                "active",
                "",
                "TRUE",
                f"s{n % SCHOOLS}",
                "teacher" if n < staff else "student",
                "",
                "",
                f"Given{n}",
                f"Family{n}",
                "",
                "",
                f"u{n}@bench.example",
                "",
                "",
                "",
                "",
                "",
            ]
            for n in range(staff + pupils)
        )
        write("users.csv", users_header, people)
        write(
            "classes.csv",
            ["sourcedId", "status", "dateLastModified", "title", "classType", "schoolSourcedId", "termSourcedIds"],
            ([f"c{n}", "active", "", f"Class {n}", "scheduled", f"s{n % SCHOOLS}", "y"] for n in range(classes)),
        )
        write(
            "enrollments.csv",
            [
                "sourcedId",
                "status",
                "dateLastModified",
                "classSourcedId",
                "schoolSourcedId",
                "userSourcedId",
                "role",
                "primary",
            ],
            (
                [f"e{n}", "active", "", f"c{n}", f"s{n % SCHOOLS}", f"u{(n * 10) % staff}", "teacher", "true"]
                for n in range(classes)
            ),
        )
    return rows


async def main(arguments: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as directory:
        folder = Path(directory)
        archive = folder / "set.zip"
        rows = generate(archive, arguments.staff, arguments.classes, arguments.pupils)
        settings = DatabaseSettings(url=arguments.database or f"sqlite+aiosqlite:///{folder / 'bench.db'}")
        await asyncio.to_thread(migrate.upgrade, settings)  # it runs its own event loop
        engine = create_engine(settings)
        sessions = create_session_factory(engine)
        async with sessions() as session:
            tenant = await create_tenant(session, "Bench trust")
        roster = OneRosterSet(archive)
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started = time.perf_counter()
        summary = await Importer(sessions, tenant.id, roster).run()
        elapsed = time.perf_counter() - started
        roster.close()
        await engine.dispose()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"set: {arguments.staff} staff, {arguments.classes} classes, {arguments.pupils} pupils; {rows} rows")
    print(f"applied: {summary.applied}; problems: {summary.problem_count}; dropped unread: {summary.dropped_rows}")
    for kind, counts in summary.counts.items():
        print(f"  {kind:12} created {counts.created}")
    print(f"time: {elapsed:.1f} s; {rows / elapsed:,.0f} rows/s")
    print(f"peak memory (max RSS): {peak / 1024:.0f} MiB (before the import: {before / 1024:.0f} MiB)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--staff", type=int, default=50_000)
    parser.add_argument("--classes", type=int, default=5_000)
    parser.add_argument("--pupils", type=int, default=20_000)
    parser.add_argument("--database", help="a database URL (default: a temporary SQLite file)")
    asyncio.run(main(parser.parse_args()))
