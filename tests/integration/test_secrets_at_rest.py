"""A copy of the database gives nothing away that would let anyone call the API: no API key, client
secret, token, signing key or webhook signing secret is stored in plaintext (keys are kept as a prefix and
a SHA-256 hash; webhook secrets are encrypted)."""

from __future__ import annotations

import shutil
import subprocess
from typing import Any

import httpx
from litestar import Litestar
from sqlalchemy import MetaData, select
from sqlalchemy.engine import make_url

from pl_api.domain.tenants.service import create_client
from pl_api.testing import TEST_AUTH
from tests.conftest import TenantClient


async def _every_row(app: Litestar) -> str:
    """Every value of every table, as text."""
    metadata = MetaData()
    async with app.state.engine.connect() as connection:
        await connection.run_sync(metadata.reflect)
        parts = []
        for table in metadata.sorted_tables:
            for row in await connection.execute(select(table)):
                parts.append(repr(tuple(row)))
    return "\n".join(parts)


def _database_files(url: str) -> str:
    """The database as its own tools would copy it: the SQLite file and its log, or ``pg_dump``'s output."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = str(parsed.database)
        chunks = []
        for suffix in ("", "-wal"):
            try:
                with open(path + suffix, "rb") as file:  # noqa: PTH123 - a raw copy, byte for byte
                    chunks.append(file.read().decode("latin-1"))
            except FileNotFoundError:
                continue
        return "".join(chunks)
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        return ""
    dsn = parsed.set(drivername="postgresql").render_as_string(hide_password=False)
    return subprocess.run([pg_dump, "--data-only", dsn], capture_output=True, text=True, check=True).stdout


async def test_a_database_dump_holds_no_key_secret_or_token(
    app: Litestar, api: TenantClient, http: httpx.AsyncClient
) -> None:
    async with app.state.sessions() as session:
        hub = await create_client(session, api.tenant_id, "hub", ["staff:write"])
    token_response = await http.post(
        "/oauth/token",
        data={"grant_type": "client_credentials", "client_id": str(hub.client_id), "client_secret": hub.key},
    )
    client_token = token_response.json()["access_token"]
    school = await api.create("/v1/schools", {"name": "Ashgrove"})
    staff = await api.create(
        "/v1/staff",
        {
            "given_name": "Grace",
            "family_name": "Hopper",
            "email": "grace.hopper@school.example",
            "memberships": [{"school_id": school["id"], "roles": ["teacher"]}],
        },
    )
    user = api.as_staff(app, staff["id"])
    written = await user.post(
        "/v1/reflections",
        json={"staff_id": staff["id"], "body": "Cold-calling went well."},
        headers={"Idempotency-Key": "reflection-1"},  # its answer is kept; the request's credential must not be
    )
    assert written.status_code == 201, written.text
    webhook = await api.create("/v1/webhooks", {"url": "https://hooks.example/at-rest"})
    rotated = (await api.post(f"/v1/webhooks/{webhook['id']}/rotate-secret")).json()
    made = await api.post("/v1/calendar-feeds", json={"staff_id": staff["id"]}, headers={"Idempotency-Key": "feed-1"})
    assert made.status_code == 201 and made.headers["cache-control"] == "no-store"
    feed_rotated = (await api.post(f"/v1/calendar-feeds/{made.json()['id']}/rotate")).json()
    via_token = await http.get("/v1/staff", headers={"Authorization": f"Bearer {client_token}"})
    assert via_token.status_code == 200

    secrets: dict[str, str] = {
        "the tenant's API key": api.key,
        "the hub's API key": hub.key,
        "a client-credentials token": client_token,
        "a user token": user.key,
        "the signing key": TEST_AUTH.signing_key,
        "a webhook signing secret": webhook["secret"],
        "a rotated webhook signing secret": rotated["secret"],
        "a calendar feed's secret": made.json()["url"].rsplit("/", 1)[1].removesuffix(".ics"),
        "a rotated calendar feed's secret": feed_rotated["url"].rsplit("/", 1)[1].removesuffix(".ics"),
    }
    for name in ("a webhook signing secret", "a rotated webhook signing secret"):  # and their raw key bytes
        secrets[f"the key of {name}"] = secrets[name].removeprefix("whsec_")
    for name, secret in list(secrets.items()):
        if secret.startswith("pl_"):  # the lookup prefix of a key is stored; the rest never
            secrets[f"the secret part of {name}"] = secret.split("_", 2)[2]
    dumps: dict[str, Any] = {"rows": await _every_row(app), "files": _database_files(str(app.state.engine.url))}
    for where, dump in dumps.items():
        found = [name for name, secret in secrets.items() if secret in dump]
        assert found == [], f"{where} of the database hold {found}"
    assert hub.key.split("_")[1] in dumps["rows"]  # the prefix is there, so the scan did see the clients table
    assert "reflection-1" in dumps["rows"]  # and the kept Idempotency-Key answers
    assert "https://hooks.example/at-rest" in dumps["rows"]  # and the webhook subscriptions
