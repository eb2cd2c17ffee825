"""The table the benchmark prints."""

from __future__ import annotations

from typing import Any


def _cell(value: Any, digits: int = 1) -> str:
    return "-" if value is None else f"{value:.{digits}f}" if isinstance(value, float) else str(value)


def print_table(results: dict[str, Any]) -> None:
    """Throughput, ratio to ``/health/live`` and latency at half rate, per database and worker count; then the
    sync, the writers and memory."""
    print(
        f"\n{'database':10} {'workers':>7} {'scenario':28} {'req/s':>9} {'ratio':>6} {'@ req/s':>8} "
        f"{'p50 ms':>7} {'p99 ms':>7}  {'open loop: @ req/s':>18} {'p50 ms':>7} {'p99 ms':>7}"
    )
    for run in results["runs"]:
        for workers, part in run["workers"].items():
            for name, figure in part["scenarios"].items():
                fixed = figure.get("open_loop") or {}
                print(
                    f"{run['database']:10} {workers:>7} {name:28} {_cell(figure['rps']):>9} "
                    f"{_cell(figure['ratio'], 3):>6} {_cell(figure.get('half_rate')):>8} "
                    f"{_cell(figure.get('p50_ms'), 2):>7} {_cell(figure.get('p99_ms'), 2):>7}  "
                    f"{_cell(fixed.get('rate')):>18} {_cell(fixed.get('p50'), 2):>7} {_cell(fixed.get('p99'), 2):>7}"
                )
    for run in results["runs"]:
        for workers, part in run["workers"].items():
            prefix = f"{run['database']}, {workers} worker(s):"
            if sync := part.get("staff_sync_5000"):
                print(
                    f"{prefix} staff sync {sync['records']} records in {sync['seconds']} s "
                    f"({sync['records_per_second']} records/s)"
                )
            if writers := part.get("concurrent_writers"):
                print(
                    f"{prefix} {writers['writers']} writers {writers['seconds']} s: {writers['created']} created, "
                    f"{writers['rows_stored']} stored, lost {writers['lost_writes']}, "
                    f"'database is locked' {writers['database_is_locked']}, statuses {writers['statuses']}"
                )
            print(f"{prefix} peak RSS per worker {part['peak_rss_mib_per_worker']} MiB")
