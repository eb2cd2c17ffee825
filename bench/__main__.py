"""The benchmark suite: ``python3 dev.py bench [--quick]`` (or ``python -m bench`` in the virtualenv).

Serves the API with ``pl-api serve`` (granian; one worker, then two) on SQLite and, when it is reachable, on
PostgreSQL with row-level security as production runs it (the API connecting as a role that owns nothing);
loads the large tenant (see ``bench.dataset``); drives load from separate processes (wrk, and a small counting
client); prints a table and writes JSON. Every throughput is also given as a ratio to ``/health/live`` measured
just before it, in the same run.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import tempfile
import time
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import postgres
from bench.dataset import Scale, load, sqlite_database
from bench.load import (
    at_rate,
    concurrent_writers,
    open_loop,
    require_wrk,
    send_batches,
    wrk,
)
from bench.report import print_table
from bench.scenarios import activity_body, create_activity, read_scenarios, staff_sync_batches
from bench.server import ROOT, Server, server_environment

TWO_WORKER_SCENARIOS = ("get_staff", "activities_first_page")


def _throughput(
    server: Server,
    fixture: Any,
    names: list[str],
    scenarios: dict[str, Any],
    seconds: float,
    connections: int,
    threads: int,
) -> dict[str, dict[str, Any]]:
    """Each scenario right after a ``/health/live`` run, as requests a second and the ratio to that run."""
    figures: dict[str, dict[str, Any]] = {}
    for name in names:
        health = wrk(server.base, scenarios["health_live"], fixture.api_key, seconds, connections, threads)
        result = wrk(server.base, scenarios[name], fixture.api_key, seconds, connections, threads)
        figures[name] = {
            "rps": round(result.requests_per_second, 1),
            "health_rps": round(health.requests_per_second, 1),
            "ratio": round(result.requests_per_second / health.requests_per_second, 3),
            "errors": result.errors,
            "latency_ms_at_max": result.latency_ms,
        }
        print(
            f"  {name:28} {result.requests_per_second:9.1f} req/s  ratio {figures[name]['ratio']:.3f}"
            f"  (health {health.requests_per_second:.0f}; errors {result.errors})",
            flush=True,
        )
    return figures


def _latency(
    server: Server, fixture: Any, figures: dict[str, dict[str, Any]], scenarios: dict[str, Any], seconds: float
) -> None:
    """p50 and p99 at half of each scenario's maximum rate: wrk's (closed loop), then an open-loop client's."""
    for name, figure in figures.items():
        if not figure["rps"]:  # not one answer within wrk's timeout: there is no rate to halve
            figure["p50_ms"] = figure["p99_ms"] = None
            continue
        rate_wanted = figure["rps"] / 2
        result, rate = at_rate(
            server.base, scenarios[name], fixture.api_key, seconds, rate_wanted, 1000 / figure["rps"]
        )
        figure["half_rate_wanted"] = round(rate_wanted, 1)
        figure["half_rate"] = round(rate, 1)
        figure["p50_ms"] = result.latency_ms.get("p50")
        figure["p99_ms"] = result.latency_ms.get("p99")
        print(f"  {name:28} at {rate:7.1f} req/s  p50 {figure['p50_ms']} ms  p99 {figure['p99_ms']} ms", flush=True)
        fixed = open_loop(server.base, scenarios[name], fixture.api_key, seconds, rate_wanted)
        figure["open_loop"] = {"rate": fixed.rate, "statuses": dict(fixed.statuses), **fixed.latency_ms}
        print(
            f"  {'':28} open loop at {fixed.rate:7.1f} req/s  p50 {fixed.latency_ms.get('p50')} ms  "
            f"p99 {fixed.latency_ms.get('p99')} ms  p99.9 {fixed.latency_ms.get('p99.9')} ms",
            flush=True,
        )


def _sync(server: Server, fixture: Any) -> dict[str, Any]:
    batches = staff_sync_batches(fixture, str(int(time.time())))
    timings = send_batches(server.base, fixture.api_key, "/v1/sync/staff", batches)
    seconds = sum(t for _, t in timings)
    records = sum(len(b["records"]) for b in batches)
    figure = {
        "records": records,
        "batches": len(batches),
        "seconds": round(seconds, 2),
        "records_per_second": round(records / seconds, 1),
        "statuses": sorted({s for s, _ in timings}),
    }
    print(
        f"  staff sync: {records} records in {len(batches)} batches, {seconds:.2f} s "
        f"({figure['records_per_second']:.0f} records/s), statuses {figure['statuses']}",
        flush=True,
    )
    return figure


def _writers(server: Server, fixture: Any, database: Path, writers: int, seconds: float) -> dict[str, Any]:
    run = f"writer-{int(time.time())}"
    log_start = server.log.stat().st_size
    result = concurrent_writers(
        server.base,
        fixture.api_key,
        writers,
        seconds,
        lambda n, i: activity_body(fixture, f"{run} {n}-{i}", participants=2),
    )
    with server.log.open("rb") as log:
        log.seek(log_start)
        locked = log.read().count(b"database is locked")
    with sqlite3.connect(database) as connection:
        stored = connection.execute("SELECT count(*) FROM activities WHERE title LIKE ?", (f"{run} %",)).fetchone()[0]
    created = len(result.created_ids)
    figure = {
        "writers": writers,
        "seconds": round(result.seconds, 1),
        "statuses": dict(result.statuses),
        "created": created,
        "rows_stored": stored,
        "lost_writes": created - stored if stored <= created else 0,
        "database_is_locked": locked,
        "writes_per_second": round(created / result.seconds, 1),
    }
    print(
        f"  {writers} writers, {result.seconds:.0f} s: {created} created ({figure['writes_per_second']}/s), "
        f"{stored} rows stored, statuses {dict(result.statuses)}, 'database is locked' {locked}",
        flush=True,
    )
    return figure


def _run_database(
    label: str, env: dict[str, str], fixture: Any, args: argparse.Namespace, log: Path, sqlite_file: Path | None
) -> dict[str, Any]:
    scenarios = {**read_scenarios(fixture), "create_activity": create_activity(fixture)}
    names = [n for n in scenarios if n != "health_live"]
    outcome: dict[str, Any] = {"database": label, "workers": {}}
    try:
        _run_workers(label, env, fixture, args, log, sqlite_file, scenarios, names, outcome)
    except Exception:
        print(f"failed; the server's last lines:\n{_server_lines(log)}", flush=True)
        raise
    return outcome


def _server_lines(log: Path, count: int = 30) -> str:
    """The last lines of the server's log other than its access log."""
    lines = [line for line in log.read_text(errors="replace").splitlines() if '"request"' not in line]
    return "\n".join(lines[-count:])


def _run_workers(
    label: str,
    env: dict[str, str],
    fixture: Any,
    args: argparse.Namespace,
    log: Path,
    sqlite_file: Path | None,
    scenarios: dict[str, Any],
    names: list[str],
    outcome: dict[str, Any],
) -> None:
    seconds = args.seconds
    for workers in args.workers:
        print(f"{label}, {workers} worker(s):", flush=True)
        with Server(env, workers, args.port, log) as server:
            chosen = names if workers == 1 else [n for n in names if n in TWO_WORKER_SCENARIOS]
            figures = _throughput(server, fixture, chosen, scenarios, seconds, 16 * workers, workers)
            if workers == 1:
                figures["health_live"] = {"rps": figures[chosen[0]]["health_rps"], "ratio": 1.0}
                _latency(server, fixture, figures, scenarios, seconds)
            part: dict[str, Any] = {"scenarios": figures}
            if workers == 1:
                part["staff_sync_5000"] = _sync(server, fixture)
                if sqlite_file is not None and args.writers:
                    part["concurrent_writers"] = _writers(
                        server, fixture, sqlite_file, args.writers, args.writer_seconds
                    )
            part["peak_rss_mib_per_worker"] = [round(m, 1) for m in server.peak_rss_mib()]
            print(f"  peak RSS per worker: {part['peak_rss_mib_per_worker']} MiB", flush=True)
            outcome["workers"][str(workers)] = part


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench", description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="a tenant a tenth the size, short runs, one worker")
    parser.add_argument("--seconds", type=float, help="length of each wrk run (default 10; quick 3)")
    parser.add_argument("--writers", type=int, default=100, help="concurrent writers on SQLite (0: skip)")
    parser.add_argument("--writer-seconds", type=float, help="how long the writers write (default 30; quick 5)")
    parser.add_argument("--workers", type=lambda v: [int(w) for w in v.split(",")], help="e.g. 1,2 (the default)")
    parser.add_argument(
        "--postgres",
        default=postgres.DEFAULT_ADMIN_URL,
        help="a PostgreSQL server to create (and drop) a bench database in; 'none' to skip",
    )
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--cache", type=Path, default=ROOT / "bench" / ".cache", help="loaded SQLite tenants")
    parser.add_argument("--out", type=Path, help="the JSON file (default bench/results/<time>.json)")
    args = parser.parse_args(argv)
    require_wrk()
    args.seconds = args.seconds or (3 if args.quick else 10)
    args.writer_seconds = args.writer_seconds or (5 if args.quick else 30)
    args.workers = args.workers or ([1] if args.quick else [1, 2])
    scale = Scale(activities=20_000, teams=100, staff=1_000, schools=10) if args.quick else Scale()
    started = datetime.now(UTC)
    results: dict[str, Any] = {
        "started": started.isoformat(),
        "quick": args.quick,
        "scale": asdict(scale),
        "seconds_per_run": args.seconds,
        "load_generator": "wrk; latency also from an open-loop asyncio client (bench.load.open_loop)",
        "runs": [],
    }
    with tempfile.TemporaryDirectory(prefix="pl-api-bench-") as directory:
        folder = Path(directory)
        log = folder / "server.log"
        database = folder / "bench.db"
        loading = time.perf_counter()
        fixture = sqlite_database(database, scale, args.cache)
        print(f"SQLite tenant ready in {time.perf_counter() - loading:.1f} s: {fixture.counts}", flush=True)
        results["runs"].append(
            _run_database("sqlite", server_environment(f"sqlite+aiosqlite:///{database}"), fixture, args, log, database)
        )
        if args.postgres != "none" and postgres.reachable(args.postgres):
            with postgres.bench_database(args.postgres) as (app_url, owner_url):
                loading = time.perf_counter()
                from pl_api.config import DatabaseSettings

                pg_fixture = load(DatabaseSettings(url=app_url, migration_url=owner_url), scale)
                results["postgres_load_seconds"] = round(time.perf_counter() - loading, 1)
                print(f"PostgreSQL tenant loaded in {results['postgres_load_seconds']} s", flush=True)
                results["runs"].append(
                    _run_database("postgresql", server_environment(app_url, owner_url), pg_fixture, args, log, None)
                )
        else:
            print("PostgreSQL not reachable (or --postgres none): SQLite only", flush=True)
    out = args.out or ROOT / "bench" / "results" / f"{started:%Y%m%dT%H%M%SZ}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2))
    print_table(results)
    print(f"\nwritten to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
