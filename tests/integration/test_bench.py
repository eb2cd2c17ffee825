"""The benchmark's pieces at a tiny scale: the loader's counts, its cache, wrk's report, and one short run
against the real server (when wrk is installed). Nothing here is timed."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from bench.dataset import Scale, sqlite_database
from bench.load import Request, lua_script, open_loop, parse_wrk, percentiles, wrk
from bench.scenarios import activity_body, read_scenarios, staff_sync_batches
from bench.server import Server, server_environment

from pl_api.http.pagination import decode_cursor

TINY = Scale(schools=3, staff=30, teams=6, activities=200, participants_per_activity=4)

WRK_OUTPUT = """Running 3s test @ http://127.0.0.1:8765
  1 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     4.01ms    1.20ms  20.10ms   90.00%
  Latency Distribution
     50%    3.80ms
     75%    4.20ms
     90%    5.10ms
     99%  812.00us
  4000 requests in 3.00s, 1.20MB read
  Non-2xx or 3xx responses: 7
Requests/sec:   1333.33
Transfer/sec:    409.60KB
"""


@pytest.fixture(scope="module")
def tenant(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    folder = tmp_path_factory.mktemp("bench")
    database = folder / "bench.db"
    return database, sqlite_database(database, TINY, folder / "cache")


def test_the_loader_writes_the_stated_counts(tenant: tuple[Path, object]) -> None:
    database, fixture = tenant
    expected = {
        "schools": 3,
        "staff": 30,
        "staff_memberships": 30,
        "teams": 6,
        "team_members": 30,
        "activities": 200,
        "participations": 800,
    }
    with sqlite3.connect(database) as connection:
        counted = {t: connection.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in expected}
        ids = [row[0] for row in connection.execute("SELECT id FROM activities ORDER BY id")]
    assert counted == expected == fixture.counts  # type: ignore[attr-defined]
    assert fixture.deep_offset == 100  # type: ignore[attr-defined]
    assert decode_cursor(fixture.deep_cursor).hex == ids[99]  # type: ignore[attr-defined]


def test_a_second_load_copies_the_cached_tenant(tenant: tuple[Path, object], tmp_path: Path) -> None:
    database, fixture = tenant
    again = sqlite_database(tmp_path / "again.db", TINY, database.parent / "cache")
    assert again == fixture
    assert len(list((database.parent / "cache").glob("tenant-*.db"))) == 1


def test_wrk_reports_are_read() -> None:
    result = parse_wrk(WRK_OUTPUT)
    assert result.requests_per_second == 1333.33
    assert result.requests == 4000 and result.errors == 7
    assert result.latency_ms == {"p50": 3.8, "p75": 4.2, "p90": 5.1, "p99": 0.812}
    script = lua_script(Request("POST", ["/v1/activities"], {"title": 'say "hi"'}), "pl_x_y", delay_ms=4)
    assert 'wrk.headers["Authorization"] = "Bearer pl_x_y"' in script
    assert "delay = function() return 4 end" in script
    (literal,) = [line.removeprefix("local body = ") for line in script.splitlines() if line.startswith("local body")]
    assert json.loads(json.loads(literal)) == {"title": 'say "hi"'}  # a Lua string holding the JSON body


def test_percentiles_are_nearest_rank() -> None:
    latencies = [float(n) for n in range(1, 1001)]  # 1 ms to 1,000 ms
    assert percentiles(latencies) == {"p50": 500.0, "p99": 990.0, "p99.9": 999.0}
    assert percentiles([7.0]) == {"p50": 7.0, "p99": 7.0, "p99.9": 7.0}
    assert percentiles([]) == {}


def test_every_staff_member_is_in_the_sync_batches(tenant: tuple[Path, object]) -> None:
    _, fixture = tenant
    batches = staff_sync_batches(fixture, "run", size=8)  # type: ignore[arg-type]
    assert [len(b["records"]) for b in batches] == [8, 8, 8, 6]
    body = activity_body(fixture, "t", participants=3)  # type: ignore[arg-type]
    assert len(body["participants"]) == 3


@pytest.mark.skipif(shutil.which("wrk") is None, reason="wrk is not installed")
def test_a_short_run_against_the_real_server(tenant: tuple[Path, object], tmp_path: Path) -> None:
    database, fixture = tenant
    environment = server_environment(f"sqlite+aiosqlite:///{database}")
    scenarios = read_scenarios(fixture)  # type: ignore[arg-type]
    with Server(environment, 1, 8799, tmp_path / "server.log") as server:
        for name in ("health_live", "get_staff", "activities_deep_page", "staff_record_year"):
            result = wrk(server.base, scenarios[name], fixture.api_key, 1, 2)  # type: ignore[attr-defined]
            assert result.requests > 0 and result.errors == 0, name
        fixed = open_loop(server.base, scenarios["get_staff"], fixture.api_key, 1, 50)  # type: ignore[attr-defined]
        assert fixed.requests == 50 and fixed.statuses == {200: 50}
        assert 0 < fixed.latency_ms["p50"] <= fixed.latency_ms["p99"] <= fixed.latency_ms["p99.9"]
        assert server.peak_rss_mib() and all(m > 0 for m in server.peak_rss_mib())
