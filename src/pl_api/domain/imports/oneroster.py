"""Reading a OneRoster CSV set (1.1 or 1.2) from a zip file or a folder, as streams.

Each file is read row by row through the ``csv`` module over a text wrapper of the zip member (or the
file), so memory does not grow with the size of the files: what is kept is the ids needed to check
references (orgs, terms, classes and staff users), never pupils. Rows of students, parents, guardians
and relatives are dropped as they are read; ``demographics.csv`` (pupils' personal data) is never opened.

Mapping: orgs of type ``school`` → schools; ``department`` → teams of kind ``department`` (in their parent
school when it is known); ``district`` and above → the tenant itself (nothing stored). Users with a staff
role → staff, their orgs → school memberships (and department teams); academic sessions → terms;
classes → teams of kind ``class``; teacher and aide enrollments → class team members.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO

import msgspec

STAFF_ROLES: dict[str, str] = {
    "teacher": "teacher",
    "aide": "teacher",
    "counselor": "teacher",
    "administrator": "school_leader",
    "principal": "school_leader",
    "siteadministrator": "school_leader",
    "districtadministrator": "school_leader",
}
"""OneRoster staff roles (lower-cased) and the pl-api role each gets in its schools. No import grants a
trust-wide role: a district administrator becomes a school leader in their schools, and a trust admin is
named by hand."""
DROPPED_ROLES = frozenset({"student", "parent", "guardian", "relative"})
"""Never stored: their rows are dropped as they are read."""
DISTRICT_TYPES = frozenset({"district", "local", "state", "national"})
SESSION_KINDS = {
    "schoolyear": "academic_year",
    "term": "term",
    "semester": "semester",
    "gradingperiod": "grading_period",
}
STATUSES = frozenset({"active", "tobedeleted", "inactive", ""})
MODES = frozenset({"bulk", "delta", "absent"})

HEADERS: dict[str, dict[str, tuple[str, ...]]] = {
    "1.1": {
        "orgs.csv": ("sourcedId", "status", "dateLastModified", "name", "type", "identifier", "parentSourcedId"),
        "academicSessions.csv": ("sourcedId", "status", "title", "type", "startDate", "endDate", "schoolYear"),
        "users.csv": ("sourcedId", "status", "orgSourcedIds", "role", "givenName", "familyName", "email"),
        "classes.csv": ("sourcedId", "status", "title", "classType", "schoolSourcedId", "termSourcedIds"),
        "enrollments.csv": ("sourcedId", "status", "classSourcedId", "schoolSourcedId", "userSourcedId", "role"),
    },
    "1.2": {
        "orgs.csv": ("sourcedId", "status", "dateLastModified", "name", "type", "identifier", "parentSourcedId"),
        "academicSessions.csv": ("sourcedId", "status", "title", "type", "startDate", "endDate", "schoolYear"),
        "roles.csv": ("sourcedId", "status", "userSourcedId", "roleType", "role", "orgSourcedId"),
        "users.csv": ("sourcedId", "status", "givenName", "familyName", "email"),
        "classes.csv": ("sourcedId", "status", "title", "classType", "schoolSourcedId", "termSourcedIds"),
        "enrollments.csv": ("sourcedId", "status", "classSourcedId", "schoolSourcedId", "userSourcedId", "role"),
    },
}
"""The columns pl-api reads from each file, by OneRoster version; each must be in the file's header."""

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class ImportProblem(msgspec.Struct, omit_defaults=True):
    """Something wrong in the set, where it is."""

    file: str
    line: int
    """The line in the file, counting the header as line 1 (0: the file as a whole)."""
    detail: str
    field: str | None = None


class SetError(Exception):
    """The set cannot be read at all (not a zip or folder, no manifest)."""


@dataclass
class Manifest:
    """What ``manifest.csv`` says: the OneRoster version and each file's mode (bulk, delta, absent)."""

    version: str
    modes: dict[str, str] = field(default_factory=dict)

    def mode(self, name: str) -> str:
        return self.modes.get(name, "absent")


class OneRosterSet:
    """A OneRoster set in a folder or a zip file, opened file by file as text streams."""

    def __init__(self, path: Path) -> None:
        self.path = path
        if path.is_dir():
            self._zip: zipfile.ZipFile | None = None
            names = {p.name: p.name for p in path.iterdir() if p.is_file()}
        elif zipfile.is_zipfile(path):
            self._zip = zipfile.ZipFile(path)
            names = {Path(n).name: n for n in self._zip.namelist() if not n.endswith("/")}
        else:
            raise SetError(f"{path} is neither a folder nor a zip file of OneRoster CSV files")
        self._names = names
        self.manifest = self._read_manifest()

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()

    def has(self, name: str) -> bool:
        return name in self._names

    def size(self, name: str) -> int:
        """The file's size in bytes (uncompressed), for progress."""
        if not self.has(name):
            return 0
        if self._zip is not None:
            return self._zip.getinfo(self._names[name]).file_size
        return (self.path / name).stat().st_size

    @contextmanager
    def open(self, name: str) -> Iterator[IO[str]]:
        """A text stream of one file (UTF-8, a byte-order mark ignored), read as it is consumed."""
        if self._zip is not None:
            with self._zip.open(self._names[name]) as raw, io.TextIOWrapper(raw, "utf-8-sig", newline="") as text:
                yield text
        else:
            with (self.path / name).open(encoding="utf-8-sig", newline="") as text:
                yield text

    def _read_manifest(self) -> Manifest:
        if not self.has("manifest.csv"):
            raise SetError("the set has no manifest.csv; OneRoster CSV sets must have one")
        values: dict[str, str] = {}
        with self.open("manifest.csv") as text:
            for row in csv.reader(text):
                if len(row) >= 2 and row[0] != "propertyName":
                    values[row[0].strip()] = row[1].strip()
        version = values.get("oneroster.version", "")
        if version not in ("1.0", "1.1", "1.2"):
            raise SetError(f"manifest.csv: oneroster.version is {version!r}; pl-api reads 1.1 and 1.2")
        modes = {
            f"{key.removeprefix('file.')}.csv": value.lower()
            for key, value in values.items()
            if key.startswith("file.")
        }
        return Manifest("1.2" if version == "1.2" else "1.1", modes)

    def rows(self, name: str, problems: list[ImportProblem]) -> Iterator[tuple[int, dict[str, str]]]:
        """``(line, row)`` of a file, checking its header first (a missing column is one problem and no rows)."""
        if self.manifest.mode(name) == "absent":
            return
        if not self.has(name):
            problems.append(
                ImportProblem(
                    "manifest.csv", 0, f"lists {name} as {self.manifest.mode(name)}, but the set has no such file"
                )
            )
            return
        with self.open(name) as text:
            reader = csv.reader(text)
            header = next(reader, None)
            if header is None:
                problems.append(ImportProblem(name, 1, "the file is empty; it needs at least a header"))
                return
            header = [h.strip() for h in header]
            wanted = HEADERS[self.manifest.version].get(name, ())
            missing = [c for c in wanted if c not in header]
            if missing:
                problems.append(ImportProblem(name, 1, f"the header lacks {', '.join(missing)}", missing[0]))
                return
            for number, values in enumerate(reader, start=2):
                if not any(v.strip() for v in values):
                    continue
                if len(values) != len(header):
                    problems.append(
                        ImportProblem(name, number, f"has {len(values)} values; the header has {len(header)} columns")
                    )
                    continue
                yield number, dict(zip(header, (v.strip() for v in values), strict=True))


def split_ids(value: str) -> list[str]:
    """A OneRoster list of ids (``a,b``), blanks dropped."""
    return [part.strip() for part in value.split(",") if part.strip()]


def parse_date(value: str) -> date | None:
    """``YYYY-MM-DD`` (a date-time's date part is accepted), or None when blank; ValueError otherwise."""
    if not value:
        return None
    return date.fromisoformat(value[:10])


def academic_year(school_year: str) -> str | None:
    """OneRoster's ``schoolYear`` (the year the school year ends, ``2023``) as ``2022/23``."""
    if not re.fullmatch(r"[0-9]{4}", school_year):
        return None
    end = int(school_year)
    return f"{end - 1}/{end % 100:02d}"


def valid_email(value: str) -> bool:
    return bool(_EMAIL.match(value)) and len(value) <= 254
