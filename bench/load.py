"""Load generators, each in a process of its own: wrk for throughput and for latency at a fixed rate, and a
small asyncio HTTP/1.1 client for the concurrent writers and the sync batches (it counts every answer)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import math
import re
import shutil
import subprocess
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

WRK_MISSING = (
    "wrk is not installed: `apt-get install -y wrk` (Debian, Ubuntu), `brew install wrk` (macOS), "
    "or build it from https://github.com/wg/wrk"
)


@dataclass
class Request:
    """What a scenario sends: a method, paths to pick from at random, and a JSON body."""

    method: str
    paths: list[str]
    body: Any = None


@dataclass
class WrkResult:
    """What wrk measured."""

    requests_per_second: float
    requests: int
    errors: int
    """Answers other than 2xx and 3xx, plus socket errors."""
    latency_ms: dict[str, float] = field(default_factory=dict)


def require_wrk() -> str:
    """The wrk executable; SystemExit saying how to get it when it is missing."""
    found = shutil.which("wrk")
    if found is None:
        raise SystemExit(WRK_MISSING)
    return found


def lua_script(request: Request, api_key: str, delay_ms: int | None = None) -> str:
    """A wrk script that sends ``request`` with the bearer key, picking a path at random for each request."""
    lines = [
        f"local paths = {{{', '.join(json.dumps(p) for p in request.paths)}}}",
        f'wrk.headers["Authorization"] = "Bearer {api_key}"',
    ]
    body = "nil"
    if request.body is not None:
        lines.append('wrk.headers["Content-Type"] = "application/json"')
        lines.append(f"local body = {json.dumps(json.dumps(request.body))}")
        body = "body"
    lines.append(
        f'request = function() return wrk.format("{request.method}", paths[math.random(#paths)], nil, {body}) end'
    )
    if delay_ms is not None:
        lines.append(f"delay = function() return {delay_ms} end")
    return "\n".join(lines) + "\n"


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()  # type: ignore[union-attr]
    return float(number) * _UNITS[unit]


def parse_wrk(output: str) -> WrkResult:
    """The figures of wrk's ``--latency`` report."""
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    total = int(re.search(r"(\d+) requests in", output).group(1))  # type: ignore[union-attr]
    errors = 0
    if found := re.search(r"Non-2xx or 3xx responses: (\d+)", output):
        errors += int(found.group(1))
    if found := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output):
        errors += sum(int(n) for n in found.groups())
    latency = {f"p{p}": _ms(v) for p, v in re.findall(r"^\s+(50|75|90|99)%\s+(\S+)", output, re.MULTILINE)}
    return WrkResult(rps, total, errors, latency)


def wrk(
    base: str,
    request: Request,
    api_key: str,
    seconds: float,
    connections: int,
    threads: int = 1,
    delay_ms: int | None = None,
) -> WrkResult:
    """Run wrk against ``base`` for ``seconds``."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(lua_script(request, api_key, delay_ms))
    try:
        command = [
            require_wrk(),
            f"-t{threads}",
            f"-c{connections}",
            f"-d{max(1, round(seconds))}s",
            "--latency",
            "--timeout",
            "10s",
            "-s",
            script.name,
            base,
        ]
        done = subprocess.run(command, capture_output=True, text=True, check=True)
    finally:
        Path(script.name).unlink(missing_ok=True)
    return parse_wrk(done.stdout)


def at_rate(
    base: str, request: Request, api_key: str, seconds: float, rate: float, service_ms: float = 0.0
) -> tuple[WrkResult, float]:
    """Latency at about ``rate`` requests a second: a few connections, each waiting a fixed delay after
    every answer (wrk's Lua ``delay``, less ``service_ms``, the time an answer takes); returns the result and
    the rate reached. Not a true open-loop generator: a slow answer delays that connection's next request."""
    connections = max(1, min(16, math.ceil(rate / 200)))
    delay_ms = max(1, round(connections * 1000 / rate - service_ms))
    result = wrk(base, request, api_key, seconds, connections, delay_ms=delay_ms)
    return result, result.requests_per_second


# --- a counting client, for the writers and the sync batches -----------------------------------------------------


class Connection:
    """One keep-alive HTTP/1.1 connection; enough of the protocol for pl-api's answers (Content-Length)."""

    def __init__(self, base: str, api_key: str) -> None:
        parts = urlsplit(base)
        self.host, self.port, self.api_key = parts.hostname or "127.0.0.1", parts.port or 80, api_key
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def send(self, method: str, path: str, body: Any = None) -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        payload = json.dumps(body).encode() if body is not None else b""
        head = (
            f"{method} {path} HTTP/1.1\r\nHost: {self.host}\r\nAuthorization: Bearer {self.api_key}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(payload)}\r\n\r\n"
        )
        self.writer.write(head.encode() + payload)
        await self.writer.drain()
        status_line = await self.reader.readline()
        status = int(status_line.split()[1])
        length = 0
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            if name.lower() == "content-length":
                length = int(value)
        return status, await self.reader.readexactly(length)

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            await self.writer.wait_closed()


@dataclass
class WriterResult:
    """What the concurrent writers were answered."""

    statuses: Counter[int]
    seconds: float
    created_ids: set[str]


async def _writers(
    base: str, api_key: str, writers: int, seconds: float, body: Callable[[int, int], Any]
) -> WriterResult:
    statuses: Counter[int] = Counter()
    created: set[str] = set()
    stop = time.monotonic() + seconds

    async def writer(number: int) -> None:
        connection = Connection(base, api_key)
        sent = 0
        try:
            while time.monotonic() < stop:
                status, answer = await connection.send("POST", "/v1/activities", body(number, sent))
                statuses[status] += 1
                if status == 201:
                    created.add(json.loads(answer)["id"])
                sent += 1
        finally:
            await connection.close()

    started = time.monotonic()
    await asyncio.gather(*(writer(n) for n in range(writers)))
    return WriterResult(statuses, time.monotonic() - started, created)


def concurrent_writers(
    base: str, api_key: str, writers: int, seconds: float, body: Callable[[int, int], Any]
) -> WriterResult:
    """``writers`` connections each creating activities, one after another, for ``seconds``; every answer counted."""
    return asyncio.run(_writers(base, api_key, writers, seconds, body))


async def _batches(base: str, api_key: str, path: str, batches: list[Any]) -> list[tuple[int, float]]:
    connection = Connection(base, api_key)
    timings = []
    try:
        for batch in batches:
            started = time.perf_counter()
            status, _ = await connection.send("POST", path, batch)
            timings.append((status, time.perf_counter() - started))
    finally:
        await connection.close()
    return timings


def send_batches(base: str, api_key: str, path: str, batches: list[Any]) -> list[tuple[int, float]]:
    """Send ``batches`` one after another; each one's status and seconds."""
    return asyncio.run(_batches(base, api_key, path, batches))


# --- an open-loop client, for latency at a fixed rate ------------------------------------------------------------


@dataclass
class OpenLoopResult:
    """Latencies of requests sent on a fixed schedule, each timed from when it was due to be sent; ``statuses``
    counts the answers by status, and requests that got none as 0."""

    rate: float
    requests: int
    statuses: Counter[int]
    latency_ms: dict[str, float]


def percentiles(latencies_ms: list[float], wanted: tuple[float, ...] = (50, 99, 99.9)) -> dict[str, float]:
    """``p50``, ``p99`` ... of ``latencies_ms`` (nearest rank)."""
    ordered = sorted(latencies_ms)
    if not ordered:
        return {}
    return {
        f"p{p:g}": round(ordered[min(len(ordered) - 1, max(0, math.ceil(round(p / 100 * len(ordered), 6)) - 1))], 2)
        for p in wanted
    }


async def _open_loop(base: str, request: Request, api_key: str, seconds: float, rate: float) -> OpenLoopResult:
    loop = asyncio.get_running_loop()
    idle: list[Connection] = []
    opened: list[Connection] = []
    latencies: list[float] = []
    statuses: Counter[int] = Counter()
    paths = request.paths

    async def one(number: int, due: float) -> None:
        if idle:
            connection = idle.pop()
        else:  # every connection is waiting for an answer: the next request does not wait for one of them
            connection = Connection(base, api_key)
            opened.append(connection)
        try:
            status, _ = await connection.send(request.method, paths[number % len(paths)], request.body)
        except (OSError, asyncio.IncompleteReadError, IndexError, ValueError):
            statuses[0] += 1  # no answer (refused, reset, cut short): counted, and the connection dropped
            opened.remove(connection)
            with contextlib.suppress(OSError):
                await connection.close()
            return
        latencies.append((loop.time() - due) * 1000)
        statuses[status] += 1
        idle.append(connection)

    total = max(1, round(seconds * rate))
    start = loop.time() + 0.1
    tasks = []
    for number in range(total):
        due = start + number / rate
        if (wait := due - loop.time()) > 0:
            await asyncio.sleep(wait)
        tasks.append(asyncio.create_task(one(number, due)))
    await asyncio.gather(*tasks)
    elapsed = loop.time() - start
    for connection in opened:
        await connection.close()
    return OpenLoopResult(round(total / elapsed, 1), total, statuses, percentiles(latencies))


def open_loop(base: str, request: Request, api_key: str, seconds: float, rate: float) -> OpenLoopResult:
    """Send ``request`` at ``rate`` a second for ``seconds`` on a fixed schedule, whatever the answers take
    (a new connection when every open one is waiting), and time each from when it was due, so a slow answer
    counts for the requests queued behind it too (wrk's closed loop leaves them out)."""
    return asyncio.run(_open_loop(base, request, api_key, seconds, rate))
