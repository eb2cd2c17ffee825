"""docs/plugins.md: its minimal plugin works as written, and every hook has a heading there and a test."""

from __future__ import annotations

import importlib.metadata
import importlib.util
import inspect
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import httpx
import pytest

from pl_api.app import create_app
from pl_api.config import PluginsSettings, Settings
from pl_api.domain.tenants.service import create_client, create_tenant
from pl_api.plugin_host import hookspecs
from pl_api.plugin_host.host import PluginHost

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
HOOKS = [name for name, fn in inspect.getmembers(hookspecs, inspect.isfunction) if hasattr(fn, "pl_api_spec")]


def code_block_after(marker: str, language: str) -> str:
    start = DOC.index(marker)
    match = re.compile(rf"```{language}\n(.*?)```", re.DOTALL).search(DOC, start)
    assert match, f"no {language} block after {marker!r}"
    return match.group(1)


def test_every_hook_has_a_heading_with_its_signature_and_a_test() -> None:
    tests = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "tests").rglob("test_*.py"))
    assert len(HOOKS) >= 10
    for hook in HOOKS:
        assert f"### {hook}\n" in DOC, f"docs/plugins.md needs a heading '### {hook}'"
        assert f"`{hook}(" in DOC, f"docs/plugins.md needs the signature of {hook}"
        assert re.search(rf"def test_\w*hook_{hook}", tests), f"write a test named test_hook_{hook}"


async def test_the_minimal_example_runs_as_written(tmp_path: Path, migrated_settings: Settings) -> None:
    pyproject = tomllib.loads(code_block_after("`pyproject.toml`:", "toml"))
    assert pyproject["project"]["entry-points"]["pl_api.plugins"] == {"book_club": "pl_api_book_club"}
    package = tmp_path / "pl_api_book_club"
    package.mkdir()
    (package / "__init__.py").write_text(code_block_after("`pl_api_book_club/__init__.py`:", "python"))
    spec = importlib.util.spec_from_file_location("pl_api_book_club", package / "__init__.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["pl_api_book_club"] = module
    spec.loader.exec_module(module)
    config = tomllib.loads(DOC.split("# pl-api.toml\n", 1)[1].split("```", 1)[0])
    plugins = PluginsSettings(
        enabled=config["plugins"]["enabled"],
        settings={k: v for k, v in config["plugins"].items() if isinstance(v, dict)},
    )
    host = PluginHost.load(plugins, environ={}, available={"book_club": lambda: module})
    app = create_app(Settings(database=migrated_settings.database, plugins=plugins), host)
    async with app.state.sessions() as session:
        tenant = await create_tenant(session, "Book club trust")
        key = (await create_client(session, tenant.id, "reader", ["book_club:read"], ["book_club"])).key
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        response = await client.get("/v1/book-club/book", headers={"Authorization": f"Bearer {key}"})
    await app.state.engine.dispose()
    assert response.status_code == 200, response.text
    assert response.json() == {"title": "Responsive Teaching"}
    assert "book_club.meeting" in [k.slug for k in app.state.activity_kinds]
    assert "book_club.choose_book" in app.state.plugin_declarations.permissions


@pytest.mark.parametrize("hook", HOOKS)
def test_hookspecs_are_documented_in_code(hook: str) -> None:
    assert inspect.getdoc(getattr(hookspecs, hook)), f"hookspec {hook} needs a docstring"


def test_the_minimal_example_installs_with_pip_and_is_found_by_its_entry_point(tmp_path: Path) -> None:
    project = tmp_path / "book-club"
    (project / "pl_api_book_club").mkdir(parents=True)
    (project / "pyproject.toml").write_text(code_block_after("`pyproject.toml`:", "toml"))
    (project / "pl_api_book_club" / "__init__.py").write_text(
        code_block_after("`pl_api_book_club/__init__.py`:", "python")
    )
    target = tmp_path / "site"
    pip = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), str(project)]
    result = subprocess.run(pip, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    found = [
        ep
        for dist in importlib.metadata.distributions(path=[str(target)])
        for ep in dist.entry_points
        if ep.group == "pl_api.plugins"
    ]
    assert [(ep.name, ep.value) for ep in found] == [("book_club", "pl_api_book_club")]
