"""Fixtures: a database built by the real migrations (SQLite always, PostgreSQL when configured),
the app in-process, and a fresh tenant with an API key per test."""

from __future__ import annotations

import contextlib
import json
import logging
import re
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import httpx
import pytest
from litestar import Litestar

from pl_api.app import create_app
from pl_api.config import DatabaseSettings, Settings
from pl_api.db import migrate
from pl_api.observability.logs import formatter

pytest.register_assert_rewrite("pl_api.testing")  # it is a pytest plugin, and this file imports it

from pl_api.testing import (  # noqa: E402
    POSTGRES_URL_VARIABLE,
    TEST_AUTH,
    TenantClient,
    empty_database,
    new_tenant_client,
    postgres_url,
)

pytest_plugins = ["pl_api.testing"]

__all__ = ["TenantClient", "new_tenant_client"]


PERSONAL_FIELDS = frozenset({"given_name", "family_name", "email", "trn", "body", "client_secret", "assertion"})
"""Fields of request bodies whose values must never appear in a log line."""
NEVER_LOGGED = {
    "an email address": re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+"),
    "a JWT": re.compile(r"eyJ[\w-]{8,}"),
    "an API key": re.compile(r"\bpl_[0-9a-f]{12}_"),
}
WORD = re.compile(r"\w+")


class LogAudit:
    """Every log line written during the test session (rendered as in production), and the personal data and
    credentials that tests sent to the app, so that the session can end by checking none was logged."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.sent: set[str] = set()
        self.requests = 0
        self.handler = logging.Handler()
        self.handler.setFormatter(formatter(as_json=True))
        self.handler.emit = self._emit  # type: ignore[method-assign]

    def _emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.handler.format(record))

    def note_request(self, request: httpx.Request) -> None:
        """Remember the credential and the personal values of a request sent to the app."""
        self.requests += 1
        _, _, credential = request.headers.get("authorization", "").partition(" ")
        if credential:
            self.sent.add(credential.strip())
        content = request.content
        content_type = request.headers.get("content-type", "")
        if "json" in content_type:
            with contextlib.suppress(ValueError):
                self._collect(json.loads(content))
        elif "form" in content_type:
            self._collect(dict(parse_qsl(content.decode(errors="replace"))))

    def _collect(self, value: Any, key: str | None = None) -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                self._collect(v, k)
        elif isinstance(value, list):
            for item in value:
                self._collect(item, key)
        elif isinstance(value, str) and key in PERSONAL_FIELDS and len(value.strip()) >= 3:
            self.sent.add(value.strip())

    def findings(self) -> list[str]:
        """What was logged that must not be: one entry per line and finding."""
        found: list[str] = []
        # Index the sent values by their first word, so each line is searched only for the values whose
        # first word it holds (a search of every line for every value grows with the suite squared).
        by_first_word: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
        for value in sorted(self.sent):
            words = WORD.findall(value)
            pattern = re.compile(rf"(?<!\w){re.escape(value)}(?!\w)")
            by_first_word.setdefault(words[0] if words else "", []).append((value, pattern))
        wordless = by_first_word.pop("", [])
        for line in self.lines:
            found += [f"{what} in {line[:400]}" for what, pattern in NEVER_LOGGED.items() if pattern.search(line)]
            candidates = [*wordless, *(c for word in set(WORD.findall(line)) for c in by_first_word.get(word, []))]
            found += [f"{v!r} (sent by a test) in {line[:400]}" for v, p in candidates if p.search(line)]
        return found


@pytest.fixture(scope="session", autouse=True)
def log_audit(monkeypatch_session: pytest.MonkeyPatch) -> Iterator[LogAudit]:
    """For the whole session: capture every log line, record what tests send through the in-process transport,
    and fail at the end if any line holds an email address, a token, an API key or a value a test sent as
    personal data."""
    audit = LogAudit()
    send = httpx.ASGITransport.handle_async_request

    async def recording(self: httpx.ASGITransport, request: httpx.Request) -> httpx.Response:
        await request.aread()
        audit.note_request(request)
        return await send(self, request)

    monkeypatch_session.setattr(httpx.ASGITransport, "handle_async_request", recording)
    root = logging.getLogger()
    root.addHandler(audit.handler)
    yield audit
    root.removeHandler(audit.handler)
    findings = audit.findings()
    assert audit.lines or not audit.requests, "requests were sent but no log line was captured: the audit is broken"
    assert not findings, "personal data or secrets were logged:\n" + "\n".join(findings[:20])


@pytest.fixture(scope="session")
def monkeypatch_session() -> Iterator[pytest.MonkeyPatch]:
    """A monkeypatch undone at the end of the session."""
    with pytest.MonkeyPatch.context() as patch:
        yield patch


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_kind(request: pytest.FixtureRequest) -> str:
    """Each kind of database the suite runs on: SQLite always, PostgreSQL when configured."""
    if request.param == "postgresql" and postgres_url() is None:
        pytest.skip(f"PostgreSQL tests skipped: set {POSTGRES_URL_VARIABLE} to run them")
    return str(request.param)


@pytest.fixture(scope="session")
def database_url(database_kind: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The suite's shared database of each kind (tests isolate themselves by tenant)."""
    with empty_database(database_kind, tmp_path_factory.mktemp("db")) as url:
        yield url


@pytest.fixture
def fresh_database_url(database_kind: str, tmp_path: Path) -> Iterator[str]:
    """A database of its own for one test, for tests that migrate up and down."""
    with empty_database(database_kind, tmp_path) as url:
        yield url


@pytest.fixture(scope="session")
def migrated_settings(database_url: str) -> Settings:
    """Settings for a database that the core's migrations have brought to head."""
    settings = Settings(database=DatabaseSettings(url=database_url), auth=TEST_AUTH)
    migrate.upgrade(settings.database)
    return settings


@pytest.fixture(scope="session")
def app(migrated_settings: Settings) -> Litestar:
    """The application, in-process."""
    return create_app(migrated_settings)


@pytest.fixture(scope="session")
async def http(app: Litestar) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client talking to the app in-process (on the tests' event loop), without credentials."""
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as client:
        yield client
    await app.state.engine.dispose()
    if app.state.reads is not None:
        await app.state.reads.close()


@pytest.fixture
async def api(app: Litestar, http: httpx.AsyncClient) -> TenantClient:
    """A fresh tenant and a client with every scope."""
    return await new_tenant_client(app, http)


@pytest.fixture
async def other_api(app: Litestar, http: httpx.AsyncClient) -> TenantClient:
    """A second, unrelated tenant: its ids must be invisible to ``api``."""
    return await new_tenant_client(app, http)
