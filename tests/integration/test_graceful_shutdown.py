"""`pl-api serve` (granian) lets a request in flight finish when it is told to stop (SIGTERM).

The real server runs in a subprocess on a free port. A request is kept in flight without any slow route:
its body is sent in two parts, the second only after the server has begun shutting down.
"""

from __future__ import annotations

import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest

from pl_api.config import DatabaseSettings
from pl_api.db import migrate

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGTERM is a POSIX signal")

BODY = b"grant_type=client_credentials&client_id=nobody&client_secret=not-a-secret-at-all"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until(condition: Callable[[], bool], what: str, attempts: int = 150) -> None:
    for _ in range(attempts):
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"gave up waiting for {what}")


def answers(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/health/live", timeout=1):
            return True
    except OSError:
        return False


def test_a_request_in_flight_completes_after_sigterm(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'pl-api.db'}"
    migrate.upgrade(DatabaseSettings(url=url))
    port = free_port()
    env = {
        **os.environ,
        "PL_API_DATABASE_URL": url,
        "PL_API_SERVER_PORT": str(port),
        "PL_API_LOGGING_FORMAT": "json",
        "PL_API_AUTH_SIGNING_KEY": "s" * 32,
    }
    env.pop("PL_API_CONFIG", None)
    server = subprocess.Popen(
        [sys.executable, "-c", "from pl_api.cli import main; main()", "serve"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    output: queue.Queue[str] = queue.Queue()
    seen: list[str] = []
    threading.Thread(target=lambda: [output.put(line) for line in server.stdout or []], daemon=True).start()

    def said(words: str) -> bool:
        while not output.empty():
            seen.append(output.get())
        return any(words in line for line in seen)

    try:
        wait_until(lambda: answers(port) or server.poll() is not None, "the server to answer")
        assert server.poll() is None, "".join(seen)
        with socket.create_connection(("127.0.0.1", port), timeout=30) as client:
            head = (
                "POST /oauth/token HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len(BODY)}\r\n"
                "X-Request-ID: in-flight-1\r\n\r\n"
            )
            client.sendall(head.encode() + BODY[:20])
            time.sleep(0.5)  # let the server hand the request to the app, which now waits for the rest of the body
            server.send_signal(signal.SIGTERM)
            wait_until(lambda: said("Shutting down"), "the server to begin shutting down")
            client.sendall(BODY[20:])
            response = b""
            while b"\r\n\r\n" not in response or not response.rstrip().endswith(b"}"):
                chunk = client.recv(65536)
                if not chunk:
                    break
                response += chunk
        status_line = response.split(b"\r\n", 1)[0]
        assert status_line == b"HTTP/1.1 401 Unauthorized", response  # a whole answer, after SIGTERM
        assert b"x-request-id: in-flight-1" in response.lower()
        assert server.wait(timeout=30) == 0
        said("")
        assert any('"request_id": "in-flight-1"' in line and '"status": 401' in line for line in seen), seen
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
