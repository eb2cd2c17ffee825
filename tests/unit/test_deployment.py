"""compose.yaml (there is no Docker engine to run it here): its structure, health checks, start-up order,
and that every setting it passes is one pl-api has."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import msgspec
import pytest
import yaml
from sqlalchemy.engine import make_url

from pl_api.config import Settings, env_var_name

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))
    return loaded


def test_the_stack_is_the_api_its_migrations_postgresql_and_redis(compose: dict[str, Any]) -> None:
    assert set(compose["services"]) == {"api", "migrate", "postgres", "redis"}
    for name in ("api", "migrate"):
        assert compose["services"][name]["build"] == "."
    assert (ROOT / "Dockerfile").is_file()


def test_every_long_running_service_has_a_health_check(compose: dict[str, Any]) -> None:
    for name in ("api", "postgres", "redis"):
        check = compose["services"][name]["healthcheck"]
        assert check["test"][0] in {"CMD", "CMD-SHELL"}, name
        assert check["retries"] >= 1
    assert "/health/ready" in " ".join(compose["services"]["api"]["healthcheck"]["test"])


def test_migrations_run_once_and_finish_before_the_api_starts(compose: dict[str, Any]) -> None:
    migrate, api = compose["services"]["migrate"], compose["services"]["api"]
    assert migrate["command"] == ["pl-api", "db", "upgrade"]
    assert migrate["restart"] == "no"
    assert migrate["depends_on"] == {"postgres": {"condition": "service_healthy"}}
    assert api["command"] == ["pl-api", "serve"]
    assert api["depends_on"] == {
        "migrate": {"condition": "service_completed_successfully"},
        "postgres": {"condition": "service_healthy"},
        "redis": {"condition": "service_healthy"},
    }


def test_the_api_connects_as_a_role_that_owns_nothing(compose: dict[str, Any]) -> None:
    environment = compose["services"]["api"]["environment"]
    app = make_url(environment["PL_API_DATABASE_URL"].replace("${", "").replace("}", ""))
    owner = make_url(environment["PL_API_DATABASE_MIGRATION_URL"].replace("${", "").replace("}", ""))
    assert owner.username == compose["services"]["postgres"]["environment"]["POSTGRES_USER"]
    assert app.username != owner.username
    init = compose["services"]["postgres"]["volumes"][1].split(":")[0]
    script = (ROOT / init).read_text(encoding="utf-8")
    assert f"CREATE ROLE {app.username} LOGIN" in script and "NOBYPASSRLS" in script


def test_every_variable_it_sets_is_a_pl_api_setting(compose: dict[str, Any]) -> None:
    known = {
        env_var_name(section.name, field.name)
        for section in msgspec.structs.fields(Settings)
        for field in msgspec.structs.fields(section.type)
    }
    for name in ("api", "migrate"):
        given = {key for key in compose["services"][name]["environment"] if key.startswith("PL_API_")}
        assert given <= known, given - known


def test_secrets_are_required_not_defaulted(compose: dict[str, Any]) -> None:
    text = (ROOT / "compose.yaml").read_text(encoding="utf-8")
    for secret in ("POSTGRES_PASSWORD", "PL_API_APP_PASSWORD", "PL_API_AUTH_SIGNING_KEY", "PL_API_METRICS_TOKEN"):
        uses = re.findall(rf"\$\{{{secret}(:[?-])", text)
        assert uses and set(uses) == {":?"}, secret
