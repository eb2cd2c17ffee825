"""Users and clients proving who they are: pl-api's own tokens, a tenant's identity provider (OIDC
discovery and JWKS), and the client-credentials grant. Every refusal is a 401 problem saying why."""

from __future__ import annotations

import asyncio
import json
import threading
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import jwt
import pytest
from click.testing import CliRunner
from cryptography.hazmat.primitives.asymmetric import rsa
from litestar import Litestar

from pl_api.cli import main
from pl_api.domain.identity.service import add_identity_provider
from tests.conftest import TEST_AUTH, TenantClient


async def _staff(api: TenantClient, email: str, roles: list[str] | None = None, **extra: Any) -> dict[str, Any]:
    school = await api.create("/v1/schools", {"name": f"School {uuid.uuid4().hex[:6]}"})
    body = {"given_name": "Ada", "family_name": "Lovelace", "email": email, **extra}
    body["memberships"] = [{"school_id": school["id"], "roles": roles or ["teacher"]}]
    return await api.create("/v1/staff", body)


def _own_token(tenant_id: Any, subject: str, **changes: Any) -> str:
    now = datetime.now(UTC)
    claims = {"iss": TEST_AUTH.issuer, "aud": TEST_AUTH.issuer, "sub": subject, "tid": str(tenant_id)}
    claims |= {"iat": now, "exp": now + timedelta(minutes=5)} | changes
    return jwt.encode(claims, TEST_AUTH.signing_key, algorithm="HS256")


async def _get_as(http: httpx.AsyncClient, token: str, path: str) -> httpx.Response:
    return await http.get(path, headers={"Authorization": f"Bearer {token}"})


async def test_a_user_token_acts_as_the_staff_member(app: Litestar, api: TenantClient) -> None:
    staff = await _staff(api, "ada@school.example")
    me = api.as_staff(app, staff["id"])
    response = await me.get(f"/v1/staff/{staff['id']}")
    assert response.status_code == 200
    assert response.json()["email"] == "ada@school.example"


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"exp": datetime.now(UTC) - timedelta(hours=1)}, "expired"),
        ({"aud": "someone-else"}, "another audience"),
    ],
)
async def test_expired_or_misaddressed_tokens_are_401(
    api: TenantClient, http: httpx.AsyncClient, change: dict[str, Any], reason: str
) -> None:
    staff = await _staff(api, "bea@school.example")
    response = await _get_as(http, _own_token(api.tenant_id, f"staff:{staff['id']}", **change), "/v1/schools")
    assert response.status_code == 401
    assert response.headers["content-type"].startswith("application/problem+json")
    assert reason in response.json()["detail"]


async def test_a_wrongly_signed_token_is_401(api: TenantClient, http: httpx.AsyncClient) -> None:
    staff = await _staff(api, "cy@school.example")
    claims = jwt.decode(_own_token(api.tenant_id, f"staff:{staff['id']}"), options={"verify_signature": False})
    forged = jwt.encode(claims, "another-secret-that-is-long-enough-to-use", algorithm="HS256")
    response = await _get_as(http, forged, "/v1/schools")
    assert response.status_code == 401
    assert "signature" in response.json()["detail"]


async def test_unknown_or_departed_staff_are_401(api: TenantClient, http: httpx.AsyncClient) -> None:
    unknown = await _get_as(http, _own_token(api.tenant_id, f"staff:{uuid.uuid4()}"), "/v1/schools")
    assert unknown.status_code == 401
    assert "no staff member" in unknown.json()["detail"]
    staff = await _staff(api, "dee@school.example")
    etag = (await api.get(f"/v1/staff/{staff['id']}")).headers["etag"]
    left = await api.patch(f"/v1/staff/{staff['id']}", json={"status": "left"}, headers={"If-Match": etag})
    assert left.status_code == 200
    departed = await _get_as(http, _own_token(api.tenant_id, f"staff:{staff['id']}"), "/v1/schools")
    assert departed.status_code == 401
    assert "has left" in departed.json()["detail"]


async def test_a_token_naming_another_tenant_finds_nobody(
    app: Litestar, api: TenantClient, http: httpx.AsyncClient
) -> None:
    staff = await _staff(api, "eve@school.example")
    other_tenant = uuid.uuid4()
    response = await _get_as(http, _own_token(other_tenant, f"staff:{staff['id']}"), "/v1/schools")
    assert response.status_code == 401


def test_tokens_issue_command_prints_a_working_token(
    fresh_database_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PL_API_CONFIG", raising=False)
    monkeypatch.setenv("PL_API_DATABASE_URL", fresh_database_url)
    monkeypatch.delenv("PL_API_AUTH_SIGNING_KEY", raising=False)
    cli = CliRunner()

    def run(*args: str) -> str:
        result = cli.invoke(main, list(args), catch_exceptions=False)
        assert result.exit_code == 0, result.output + result.stderr
        return result.stdout.strip()

    run("db", "upgrade")
    key = run("demo")
    staff_id = asyncio.run(_first_staff(fresh_database_url, key))
    token = run("tokens", "issue", "--staff", staff_id, "--minutes", "5")
    key_file = tmp_path / "pl-api-signing.key"
    assert key_file.exists() and oct(key_file.stat().st_mode & 0o777) == "0o600"
    assert token.count(".") == 2
    response = asyncio.run(_call(fresh_database_url, token, f"/v1/staff/{staff_id}"))
    assert response.status_code == 200
    missing = cli.invoke(main, ["tokens", "issue", "--staff", str(uuid.uuid4())])
    assert missing.exit_code == 1
    assert "no staff member" in missing.stderr


async def _call(url: str, credential: str, path: str) -> httpx.Response:
    from pl_api.app import create_app
    from pl_api.config import load_settings

    settings = load_settings()
    assert settings.database.url == url
    app = create_app(settings)
    try:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
            return await client.get(path, headers={"Authorization": f"Bearer {credential}"})
    finally:
        await app.state.engine.dispose()


async def _first_staff(url: str, key: str) -> str:
    response = await _call(url, key, "/v1/staff?limit=1")
    return str(response.json()["items"][0]["id"])


# --- a tenant's own identity provider -------------------------------------------------------------


class FakeProvider:
    """An OIDC issuer on localhost: discovery document, JWKS, and tokens signed with its RSA key."""

    def __init__(self) -> None:
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
        jwk |= {"kid": "k1", "use": "sig", "alg": "RS256"}
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                if self.path == "/.well-known/openid-configuration":
                    body = {"issuer": provider.issuer, "jwks_uri": provider.issuer + "/keys"}
                elif self.path == "/keys":
                    body = {"keys": [jwk]}
                else:
                    self.send_error(404)
                    return
                data = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.issuer = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def token(self, audience: str, **claims: Any) -> str:
        now = datetime.now(UTC)
        body = {"iss": self.issuer, "aud": audience, "sub": "subject-1", "iat": now, "exp": now + timedelta(minutes=5)}
        return jwt.encode(body | claims, self.key, algorithm="RS256", headers={"kid": "k1"})


@pytest.fixture(scope="module")
def provider() -> Iterator[FakeProvider]:
    fake = FakeProvider()
    yield fake
    fake.server.shutdown()


async def _trust(app: Litestar, tenant_id: Any, issuer: str, audience: str, claim: str = "email") -> None:
    async with app.state.sessions() as session:
        await add_identity_provider(session, tenant_id, issuer, audience, None, claim)


async def test_a_providers_token_signs_in_the_staff_member_by_email(
    app: Litestar, api: TenantClient, http: httpx.AsyncClient, provider: FakeProvider
) -> None:
    staff = await _staff(api, "fay@school.example")
    audience = f"app-{uuid.uuid4().hex[:8]}"
    await _trust(app, api.tenant_id, provider.issuer, audience)
    response = await _get_as(http, provider.token(audience, email="Fay@School.example"), f"/v1/staff/{staff['id']}")
    assert response.status_code == 200, response.text
    wrong_audience = await _get_as(http, provider.token("not-ours", email="fay@school.example"), "/v1/schools")
    assert wrong_audience.status_code == 401
    stranger = await _get_as(http, provider.token(audience, email="nobody@school.example"), "/v1/schools")
    assert stranger.status_code == 401
    assert "no staff member" in stranger.json()["detail"]


async def test_one_issuer_serves_two_tenants_told_apart_by_audience(
    app: Litestar, api: TenantClient, http: httpx.AsyncClient, provider: FakeProvider
) -> None:
    from tests.conftest import new_tenant_client

    other = await new_tenant_client(app, http)
    mine = await _staff(api, "gil@school.example")
    theirs = await _staff(other, "gil@school.example")
    await _trust(app, api.tenant_id, provider.issuer, "aud-mine-" + mine["id"][:8])
    await _trust(app, other.tenant_id, provider.issuer, "aud-theirs-" + theirs["id"][:8])
    as_mine = provider.token("aud-mine-" + mine["id"][:8], email="gil@school.example")
    assert (await _get_as(http, as_mine, f"/v1/staff/{mine['id']}")).status_code == 200
    assert (await _get_as(http, as_mine, f"/v1/staff/{theirs['id']}")).status_code == 404


async def test_a_provider_may_name_staff_by_subject(
    app: Litestar, api: TenantClient, http: httpx.AsyncClient, provider: FakeProvider
) -> None:
    staff = await _staff(api, "hal@school.example", sso_subject="entra-oid-42")
    audience = f"sub-{uuid.uuid4().hex[:8]}"
    await _trust(app, api.tenant_id, provider.issuer, audience, claim="sub")
    response = await _get_as(http, provider.token(audience, sub="entra-oid-42"), f"/v1/staff/{staff['id']}")
    assert response.status_code == 200
    assert (await _get_as(http, provider.token(audience, sub="someone-else"), "/v1/schools")).status_code == 401


async def test_an_untrusted_issuer_is_401(api: TenantClient, http: httpx.AsyncClient, provider: FakeProvider) -> None:
    token = provider.token("any", email="x@school.example", iss="https://untrusted.example")
    response = await _get_as(http, token, "/v1/schools")
    assert response.status_code == 401
    assert "not accepted" in response.json()["detail"]


# --- the client-credentials grant ------------------------------------------------------------------


async def _client(app: Litestar, api: TenantClient, scopes: list[str]) -> tuple[str, str]:
    from pl_api.domain.tenants.service import create_client

    async with app.state.sessions() as session:
        client = await create_client(session, api.tenant_id, "hub", scopes)
    return str(client.client_id), client.key


async def test_client_credentials_give_a_short_lived_token_with_the_clients_scopes(
    app: Litestar, api: TenantClient, http: httpx.AsyncClient
) -> None:
    client_id, secret = await _client(app, api, ["staff:write"])
    form = {"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret, "scope": "staff:read"}
    response = await http.post("/oauth/token", data=form)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["token_type"] == "Bearer" and body["scope"] == "staff:read"
    assert body["expires_in"] == TEST_AUTH.client_token_minutes * 60
    assert response.headers["cache-control"] == "no-store"
    token = body["access_token"]
    assert (await _get_as(http, token, "/v1/staff")).status_code == 200
    write = await http.post(
        "/v1/staff",
        json={"given_name": "A", "family_name": "B", "email": "ab@school.example"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert write.status_code == 403  # the token asked for read only
    assert (await _get_as(http, token, "/v1/schools")).status_code == 403


async def test_client_credentials_by_basic_auth(app: Litestar, api: TenantClient, http: httpx.AsyncClient) -> None:
    client_id, secret = await _client(app, api, ["schools:read"])
    response = await http.post("/oauth/token", data={"grant_type": "client_credentials"}, auth=(client_id, secret))
    assert response.status_code == 200
    assert response.json()["scope"] == "schools:read"


@pytest.mark.parametrize(
    ("form", "status", "error"),
    [
        ({"client_secret": "pl_wrong_secret"}, 401, "invalid_client"),
        ({"client_id": str(uuid.uuid4())}, 401, "invalid_client"),
        ({"scope": "staff:write"}, 400, "invalid_scope"),
    ],
)
async def test_refused_token_requests_say_why(
    app: Litestar, api: TenantClient, http: httpx.AsyncClient, form: dict[str, str], status: int, error: str
) -> None:
    client_id, secret = await _client(app, api, ["staff:read"])
    request = {"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret} | form
    response = await http.post("/oauth/token", data=request)
    assert response.status_code == status
    assert response.json()["error"] == error
    assert response.headers["content-type"].startswith("application/problem+json")


async def test_a_revoked_clients_token_stops_working(app: Litestar, api: TenantClient, http: httpx.AsyncClient) -> None:
    from pl_api.domain.tenants.models import ApiClient

    client_id, secret = await _client(app, api, ["schools:read"])
    form = {"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret}
    token = (await http.post("/oauth/token", data=form)).json()["access_token"]
    assert (await _get_as(http, token, "/v1/schools")).status_code == 200
    async with app.state.sessions() as session:
        client = await session.get(ApiClient, uuid.UUID(client_id))
        assert client is not None
        client.revoked_at = datetime.now(UTC)
        await session.commit()
    assert (await _get_as(http, token, "/v1/schools")).status_code == 401
