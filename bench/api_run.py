"""HTTP benchmark of the open data API (issue 19) at the national scale of the residents'
benchmark (bench/residents_run.py: 10,000 places, 40,000 activities, ~1,000,000 dates).

    uv run python bench/residents_run.py --scale national \
        --database-prefix yhdessa_apibench --direct      # builds the data set (~25 min)
    uv run python bench/api_run.py                       # then this, on the same database
    uv run python bench/api_run.py --cpu 15 [--explain] [--profile api-near]
                                                         # in-process CPU ms per request

Scenarios, each against the fortunes baseline in the same gunicorn (bench/run.py's machinery):
- api-near: /api/v1/activities, 50 activities with their dates in the coming week near one of
  ten towns (radius 10 km), through Django Ninja;
- plain-near: the same lists built by the same code and answered by plain Django (a
  JsonResponse, bench-only page): what the library costs;
- api-modified: /api/v1/activities?modified_since=<a day ago>: one day's changes (before the
  run, every row is dated 30 days back and 1 % of activities, organisations and places, and
  200 tombstones, are dated within the last day).
Results go to bench/results/api-<timestamp>.json; figures we report are copied into
bench/README.md.

`--cpu N` measures instead, in this one process (Django's test client, the benchmark's settings,
no HTTP), the process CPU per request (`time.process_time()`: the view, Ninja, the database
driver; PostgreSQL's own work is another process and not counted), the median of N requests
per scenario after a warm-up; on a machine others load it holds where wrk's figures do not.
PostgreSQL's CPU for the same requests (planning, execution, sending the rows) is read from its
backend's /proc/<pid>/schedstat when the server runs on this machine. The rate limit is off in
both modes. `--explain` adds EXPLAIN (ANALYZE, BUFFERS) of each scenario's slowest statement,
`--profile <scenario>` a cProfile of it. `--database-url` points either mode at another
database (the regional demo, for a quick check).
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import json
import os
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import run  # noqa: E402

TOWNS = ["091", "049", "837", "564", "853", "179", "297", "398", "698", "005"]
QUERY_BUDGET = {"api-near": 6, "plain-near": 6, "api-modified": 6}
TARGETS = {"near_ratio": 0.2, "near_p95_ms": 60.0, "modified_p95_ms": 30.0}


def national_database(prefix: str) -> tuple[str, dict]:
    """The national data set's database: only used, never created or dropped here
    (bench/run.py's prepare_database drops a database without its marker, and a copy made with
    CREATE DATABASE ... TEMPLATE carries no comment). Sets the benchmark's random_page_cost on
    it, as prepare_database does."""
    import psycopg

    name = f"{prefix}_10000"
    url = run.with_database(run.server_url(), name)
    try:
        with psycopg.connect(run.psycopg_conninfo(url), autocommit=True) as conn:
            activities = conn.execute("SELECT count(*) FROM meetingplaces_activity").fetchone()
            comment = conn.execute(
                "SELECT shobj_description(oid, 'pg_database') FROM pg_database "
                "WHERE datname = current_database()"
            ).fetchone()
            conn.execute(f'ALTER DATABASE "{name}" SET random_page_cost = {run.RANDOM_PAGE_COST}')
    except psycopg.Error as error:
        raise SystemExit(f"No national data set in {name} ({error}); see the docstring.") from None
    if not activities or activities[0] < 10_000:
        raise SystemExit(f"{name} holds {activities} activities; build the national data set.")
    text = (comment[0] if comment else None) or ""
    notes = json.loads(text.split(" ", 3)[3]) if text.count(" ") >= 3 else {}
    return url, notes


def date_one_day_of_changes() -> None:
    """Every row 30 days old, then 1 % changed within the last day (bench database only)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE meetingplaces_activity SET updated_at = now() - interval '30 days';"
            "UPDATE organisations_organisation SET updated_at = now() - interval '30 days';"
            "UPDATE meetingplaces_meetingplace SET updated_at = now() - interval '30 days';"
            "UPDATE meetingplaces_activity SET updated_at = now() - random() * interval '20 hours'"
            " WHERE id % 100 = 7;"
            "UPDATE organisations_organisation SET updated_at = now() - random() * interval "
            "'20 hours' WHERE id % 100 = 7;"
            "UPDATE meetingplaces_meetingplace SET updated_at = now() - random() * interval "
            "'20 hours' WHERE id % 100 = 7;"
            "DELETE FROM api_tombstone;"
            "INSERT INTO api_tombstone (kind, object_id, welfare_area_id, removed_at, reason)"
            " SELECT 'activity', 10000000 + g, NULL, now() - random() * interval '20 hours',"
            " 'deleted' FROM generate_series(1, 200) g;"
        )
        # The updates left a dead copy of every row: vacuum, as autovacuum would.
        for table in (
            "meetingplaces_activity",
            "organisations_organisation",
            "meetingplaces_meetingplace",
            "api_tombstone",
        ):
            cursor.execute(f"VACUUM ANALYZE {table}")


def scenario_paths() -> dict[str, list[str]]:
    from areas.models import Municipality

    today = dt.date.today()
    week = f"dates_from={today}&dates_to={today + dt.timedelta(days=7)}"
    points = [
        f"{m.latitude},{m.longitude}"
        for m in Municipality.objects.filter(code__in=TOWNS).order_by("code")
    ]
    since = (dt.datetime.now(dt.UTC) - dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    return {
        "baseline": ["/fi/bench/fortunes/"],
        "api-near": [f"/api/v1/activities?near={p}&radius=10&{week}&page_size=50" for p in points],
        "plain-near": [f"/fi/bench/api-activities/?near={p}&radius=10&{week}" for p in points],
        "api-modified": [f"/api/v1/activities?modified_since={since}&page_size=50"],
    }


def backend_cpu_ns(pid: int) -> int | None:
    """The CPU time of a PostgreSQL backend on this machine (Linux's schedstat, in ns), or None
    when the server is elsewhere."""
    try:
        return int(Path(f"/proc/{pid}/schedstat").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def cpu_per_request(paths: dict[str, list[str]], n: int, explain: bool, profile: str) -> None:
    """Median process CPU ms per request of each scenario, in this process, and the mean CPU
    of the PostgreSQL backend that answered them (planning, execution, sending the rows)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    for urls in paths.values():
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code, response.content)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    for name, urls in paths.items():
        times = []
        backend_start = backend_cpu_ns(backend)
        for i in range(n):
            start = time.process_time()
            client.get(urls[i % len(urls)])
            times.append((time.process_time() - start) * 1000)
        backend_end = backend_cpu_ns(backend)
        database = (
            f"; PostgreSQL {(backend_end - backend_start) / n / 1e6:.2f} ms CPU per request (mean)"
            if backend_start is not None and backend_end is not None
            else ""
        )
        with CaptureQueriesContext(connection) as captured:
            size = len(client.get(urls[0]).content)
        run.log(
            f"{name}: {statistics.median(times):.2f} ms CPU per request (median of {n}; "
            f"min {min(times):.2f}){database}, {len(captured)} queries, {size:,} bytes"
        )
        if explain and name != "baseline":
            slowest = max(captured.captured_queries, key=lambda q: float(q["time"]))
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + slowest["sql"])
                plan = "\n".join(row[0] for row in cursor.fetchall())
            print(f"--- {name}: {urls[0]}\n{plan}\n")
    if profile:
        profiler = cProfile.Profile()
        profiler.enable()
        for i in range(n):
            client.get(paths[profile][i % len(paths[profile])])
        profiler.disable()
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(40)
        print(out.getvalue())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--duration", type=int, default=5)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8119)
    parser.add_argument("--database-prefix", default="yhdessa_apibench")
    parser.add_argument("--database-url", default="", help="another database (no check)")
    parser.add_argument("--cpu", type=int, default=0, help="in-process CPU of N requests each")
    parser.add_argument("--explain", action="store_true")
    parser.add_argument("--profile", default="", help="a scenario to profile (with --cpu)")
    args = parser.parse_args()

    if args.database_url:
        url, notes = args.database_url, {}
    else:
        url, notes = national_database(args.database_prefix)
    os.environ.update(run.BENCH_ENV)
    run.BENCH_ENV["CACHE_KEY_PREFIX"] = os.environ["CACHE_KEY_PREFIX"] = (
        f"yhdessa-api-{time.strftime('%Y%m%d%H%M%S', time.gmtime())}"
    )
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings"
    # The rate limit is per client: off, as for wrk below (one client, far past 300 a minute).
    os.environ["YHDESSA_API_RATE_LIMIT"] = "0"
    import django

    django.setup()
    from django.core.management import call_command

    run.log(f"Database {urlsplit(url).path.lstrip('/')}")
    call_command("migrate", interactive=False, verbosity=0)
    date_one_day_of_changes()
    call_command("collectstatic", interactive=False, verbosity=0)
    paths = scenario_paths()
    if args.cpu:
        cpu_per_request(paths, args.cpu, args.explain, args.profile)
        return
    run.QUERY_BUDGET.update(QUERY_BUDGET)
    counts = run.query_counts(paths)
    for scenario, data in counts.items():
        sql = max(p["sql_ms_again"] for p in data["pages"])
        run.log(f"queries {scenario}: {data['max_queries']}; worst SQL {sql:.0f} ms")
    from django.db import connections

    connections.close_all()
    # The rate limit is per client: wrk is one client, far past 300 a minute.
    env = {**os.environ, **run.BENCH_ENV, "DATABASE_URL": url, "YHDESSA_API_RATE_LIMIT": "0"}
    result: dict = {
        "dataset": notes,
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "commit": run.git_commit(),
        "machine": run.machine(),
        "paths": paths,
        "query_counts": counts,
    }
    scenarios = list(paths)
    server = run.start_gunicorn(env, args.port, args.workers, 1)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            scripts = {n: run.lua_script(Path(tmp), n, urls) for n, urls in paths.items()}
            for name in scenarios:
                run.run_wrk(args.port, scripts[name], 2, args.connections, 1)
            rounds = []
            for number in range(1, args.rounds + 1):
                this_round = {
                    name: run.run_wrk(args.port, scripts[name], args.duration, args.connections, 1)
                    for name in scenarios
                }
                rounds.append(this_round)
                run.log(
                    f"round {number}: "
                    + ", ".join(
                        f"{n} {r['rps']:.0f}/s p95 {r['p95_ms']:.1f} ms"
                        for n, r in this_round.items()
                    )
                )
    finally:
        run.stop_gunicorn(server)
    summary = run.summarise(rounds, scenarios)
    result.update(rounds=rounds, summary=summary)
    result["checks"] = {
        "near ratio >= 0.2": summary["api-near"]["ratio_median"] >= TARGETS["near_ratio"],
        "near p95 <= 60 ms": summary["api-near"]["p95_ms"] <= TARGETS["near_p95_ms"],
        "modified p95 <= 30 ms": summary["api-modified"]["p95_ms"] <= TARGETS["modified_p95_ms"],
    }
    run.RESULTS.mkdir(parents=True, exist_ok=True)
    out = run.RESULTS / f"api-{time.strftime('%Y%m%d-%H%M%SZ', time.gmtime())}.json"
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False, default=str))
    print("| scenario | req/s median (min–max) | ratio median (min–max) | p50 | p95 | p99 "
          "| CPU ms/req | queries |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|")
    for name, s in summary.items():
        print(
            f"| {name} | {s['rps_median']:.0f} ({s['rps_min']:.0f}–{s['rps_max']:.0f}) "
            f"| {s['ratio_median']:.2f} ({s['ratio_min']:.2f}–{s['ratio_max']:.2f}) "
            f"| {s['p50_ms']:.1f} | {s['p95_ms']:.1f} | {s['p99_ms']:.1f} "
            f"| {s['cpu_ms_per_request']:.2f} | {counts[name]['max_queries']} |"
        )
    for check, ok in result["checks"].items():
        print(f"  {'PASS' if ok else 'FAIL'}  {check}")
    run.log(f"Wrote {out}")


if __name__ == "__main__":
    main()
