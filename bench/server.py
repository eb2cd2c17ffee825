"""The server under test: ``pl-api serve`` (granian) in a process of its own, as production runs it."""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from types import TracebackType

ROOT = Path(__file__).resolve().parents[1]
PL_API = Path(sys.executable).parent / "pl-api"


def server_environment(database_url: str, migration_url: str = "") -> dict[str, str]:
    """The settings the benchmark serves with: production defaults, but no rate limit (one load generator
    stands for many clients, and would be refused at any real limit) and a signing key of its own."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PL_API_")}
    env.update(
        PL_API_DATABASE_URL=database_url,
        PL_API_DATABASE_MIGRATION_URL=migration_url,
        PL_API_HTTP_RATE_LIMIT_PER_MINUTE="0",
        PL_API_AUTH_SIGNING_KEY=secrets.token_urlsafe(32),
    )
    return env


class Server:
    """``pl-api serve`` with ``workers`` workers on ``port``; its output goes to ``log``."""

    def __init__(self, env: dict[str, str], workers: int, port: int, log: Path) -> None:
        self.env, self.workers, self.port, self.log = env, workers, port, log
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Server:
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [str(PL_API), "serve", "--port", str(self.port), "--workers", str(self.workers)],
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited with {self.process.returncode}; see {self.log}")
            try:
                with urllib.request.urlopen(f"{self.base}/health/live", timeout=1) as answer:
                    if answer.status == 200 and len(self.worker_pids()) >= self.workers:
                        time.sleep(0.5)
                        return self
            except OSError:
                pass
            time.sleep(0.2)
        self.__exit__(None, None, None)
        raise RuntimeError(f"the server did not answer /health/live within 60 s; see {self.log}")

    def __exit__(
        self, _type: type[BaseException] | None, _exc: BaseException | None, _tb: TracebackType | None
    ) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def worker_pids(self) -> list[int]:
        """The worker processes (granian's children, which run the app)."""
        assert self.process is not None
        return _children(self.process.pid)

    def peak_rss_mib(self) -> list[float]:
        """Each worker's peak resident memory so far (``VmHWM``), in MiB."""
        peaks = []
        for pid in self.worker_pids():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            for line in status.splitlines():
                if line.startswith("VmHWM:"):
                    peaks.append(int(line.split()[1]) / 1024)
        return peaks


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(entry.name))
    return sorted(found)
