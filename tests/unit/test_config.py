"""Settings come from a TOML file overlaid by PL_API_* variables; bad values stop start-up with one line."""

from __future__ import annotations

from pathlib import Path

import pytest

from pl_api.config import ConfigError, load_settings


@pytest.fixture(autouse=True)
def in_empty_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run where no ./pl-api.toml exists."""
    monkeypatch.chdir(tmp_path)


def test_defaults_need_no_file() -> None:
    settings = load_settings(environ={})
    assert settings.database.url == "sqlite+aiosqlite:///./pl-api.db"
    assert settings.server.port == 8000
    assert settings.http.cors_origins == []


def test_missing_default_file_is_fine_but_a_named_one_is_not(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        load_settings(environ={"PL_API_CONFIG": str(tmp_path / "nope.toml")})


def test_file_then_environment(tmp_path: Path) -> None:
    config = tmp_path / "pl-api.toml"
    config.write_text('[server]\nport = 9000\nhost = "0.0.0.0"\n[http]\ncors_origins = ["https://a.example"]\n')
    settings = load_settings(
        environ={
            "PL_API_CONFIG": str(config),
            "PL_API_SERVER_PORT": "9100",
            "PL_API_HTTP_CORS_ORIGINS": "https://b.example, https://c.example",
        }
    )
    assert settings.server.port == 9100
    assert settings.server.host == "0.0.0.0"
    assert settings.http.cors_origins == ["https://b.example", "https://c.example"]


def test_environment_lists_may_be_json() -> None:
    settings = load_settings(environ={"PL_API_HTTP_CORS_ORIGINS": '["https://x.example"]'})
    assert settings.http.cors_origins == ["https://x.example"]


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"PL_API_SERVER_PORT": "eighty"}, "server.port (or PL_API_SERVER_PORT): Expected `int`"),
        ({"PL_API_SERVER_PORT": "70000"}, "server.port (or PL_API_SERVER_PORT): Expected `int` <= 65535"),
        ({"PL_API_DATABASE_POOL_SIZE": "0"}, "database.pool_size (or PL_API_DATABASE_POOL_SIZE)"),
    ],
)
def test_invalid_environment_value_names_the_key(environ: dict[str, str], expected: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings(environ=environ)
    message = str(caught.value)
    assert expected in message
    assert "\n" not in message


def test_unknown_key_in_file_is_refused(tmp_path: Path) -> None:
    config = tmp_path / "pl-api.toml"
    config.write_text("[server]\nprot = 1\n")
    with pytest.raises(ConfigError, match="prot"):
        load_settings(environ={"PL_API_CONFIG": str(config)})


def test_broken_toml_is_reported(tmp_path: Path) -> None:
    config = tmp_path / "pl-api.toml"
    config.write_text("[server\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_settings(environ={"PL_API_CONFIG": str(config)})
