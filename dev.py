#!/usr/bin/env python3
"""Run pl-api from a fresh checkout with nothing but Python 3.11+.

    python3 dev.py serve   # install, migrate a SQLite database, load the demo trust, serve on :8000
    python3 dev.py test    # install with test tools, then lint, type-check and run the whole suite
    python3 dev.py bench   # install, then run the benchmark suite (bench/; needs wrk); --quick for a short run

Each command creates ``.venv`` and installs what it needs the first time (and again whenever
``pyproject.toml`` changes). Extra arguments after ``test`` go to pytest, after ``bench`` to the benchmark.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")


def run(*command: str | Path, env: dict[str, str] | None = None) -> None:
    """Run a command, stopping with its exit code if it fails."""
    result = subprocess.run([str(c) for c in command], cwd=ROOT, env=env)
    if result.returncode != 0:
        sys.exit(result.returncode)


SAMPLE_PLUGIN = "tests/plugins/pl_api_sample"


def first_party_plugins() -> list[Path]:
    """The folders of the first-party plugins (``plugins/<slug>/``), each a package of its own."""
    return sorted(p.parent for p in (ROOT / "plugins").glob("*/pyproject.toml"))


def ensure_installed(extras: str) -> None:
    """Create the virtualenv and install the project (with ``extras``) and the first-party plugins,
    unless already current. With the test extras it also installs the sample third-party plugin."""
    if sys.version_info < (3, 11):  # noqa: UP036 - this script may be started by an older Python
        sys.exit(f"pl-api needs Python 3.11 or newer; this is {sys.version.split()[0]}")
    if not (BIN / "python").exists() and not (BIN / "python.exe").exists():
        print("creating .venv ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    plugins = first_party_plugins()
    manifests = [
        ROOT / "pyproject.toml",
        ROOT / SAMPLE_PLUGIN / "pyproject.toml",
        *(p / "pyproject.toml" for p in plugins),
    ]
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in manifests) + extras.encode()).hexdigest()
    stamp = VENV / f".installed-{extras or 'base'}"
    if stamp.exists() and stamp.read_text() == digest:
        return
    print(f"installing pl-api{f'[{extras}]' if extras else ''} into .venv ...", flush=True)
    python = BIN / "python"
    run(python, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    target = f".[{extras}]" if extras else "."
    run(python, "-m", "pip", "install", "--quiet", "-e", target)
    for plugin in plugins:
        run(python, "-m", "pip", "install", "--quiet", "--no-deps", "-e", plugin)
    if extras == "test":
        run(python, "-m", "pip", "install", "--quiet", "--no-deps", "-e", SAMPLE_PLUGIN)
    stamp.write_text(digest)


def serve() -> None:
    """Migrate, load the demo, print a key and the docs URL, and serve."""
    ensure_installed("")
    pl_api = BIN / "pl-api"
    run(pl_api, "db", "upgrade")
    key = subprocess.run([str(pl_api), "demo"], cwd=ROOT, capture_output=True, text=True)
    if key.returncode != 0:
        sys.stderr.write(key.stderr)
        sys.exit(key.returncode)
    sys.stderr.write(key.stderr)
    api_key = key.stdout.strip()
    port = os.environ.get("PL_API_SERVER_PORT", "8000")
    print(
        f"\nAPI key:  {api_key}\n"
        f"Docs:     http://127.0.0.1:{port}/docs\n"
        f'Try:      curl -H "Authorization: Bearer {api_key}" http://127.0.0.1:{port}/v1/staff\n',
        flush=True,
    )
    os.execv(str(pl_api), [str(pl_api), "serve"])


def test(pytest_args: list[str]) -> None:
    """Lint, type-check and run the suite (PostgreSQL too when PL_API_TEST_DATABASE_URL is set)."""
    ensure_installed("test")
    run(BIN / "ruff", "check", "src", "tests", "migrations", "plugins", "dev.py")
    run(BIN / "ruff", "format", "--check", "src", "tests", "migrations", "plugins", "dev.py")
    run(BIN / "mypy")
    run(BIN / "python", "-m", "pytest", *pytest_args)


def bench(bench_args: list[str]) -> None:
    """Run the benchmark suite (``bench/``) against the installed code."""
    ensure_installed("")
    run(BIN / "python", "-m", "bench", *bench_args)


def main() -> None:
    """Dispatch ``serve``, ``test`` or ``bench``."""
    if len(sys.argv) < 2 or sys.argv[1] not in {"serve", "test", "bench"}:
        sys.exit(__doc__)
    if sys.argv[1] == "serve":
        serve()
    elif sys.argv[1] == "bench":
        bench(sys.argv[2:])
    else:
        test(sys.argv[2:])


if __name__ == "__main__":
    main()
