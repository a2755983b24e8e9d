"""The welfare area's knowledge page at the national benchmark's size (issue 18).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/yhdessa uv run python bench/knowledge_run.py \
        [--database yhdessa_residents_10000] [--n 20] [--regenerate]

Uses the residents' national data set (bench/residents_run.py --scale national builds it:
10,040 places, 40,397 activities, ~1,045,000 stored occurrences of the year ahead, 10,531
organisations) and adds, once, what the page reads besides the occurrences:

- a year of attendance before today in attendance's monthly rows (every published activity:
  4 dates a month, visits, volunteers; half the meeting places' door counts; a tenth of the
  activities with four recurring hashed participants): ~540,000 `attendance_monthfigure` rows;
- a year of residents' searches as the page stores them: daily counts by municipality and
  theme (each pair on ~15 % of days), and stored words (ten a day per area);
- the knowledge rows: `knowledge.services.figures_refresh_all` (timed: the hourly job's cost).

Then it requests the page through Django's test client with the benchmark's settings (DEBUG
off, Redis cache when REDIS_URL is set, a cache prefix of this run's own) as a coordinator with
TOTP: the four largest areas by activities, each with the default period, the last three months,
the whole past year and one municipality; warm (each URL once first) and cold (the cache cleared
before every request). Per request: wall-clock ms (p50/p95) and this process's CPU ms (the view,
the templates, the driver; PostgreSQL's work is in its own process) and queries. And the cost
the counting adds to a residents' search: `demand.record_search` alone, timed. Results go to
bench/results/knowledge-<time>.json; the README's table is copied from the printout.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import run  # noqa: E402  (bench/run.py: the benchmark's settings, database URL helpers)

ATTENDANCE_SQL = [
    # Activities: every published one, each month of the past year.
    """INSERT INTO attendance_monthfigure (activity_id, place_id, organisation_id, welfare_area_id,
        municipality_id, month, dates_held, dates_cancelled, dates_recorded, visits, volunteers,
        volunteer_hours, refreshed_at)
    SELECT a.id, NULL, a.organisation_id, a.welfare_area_id,
           CASE WHEN a.venue = 'place' THEN p.municipality_id ELSE a.municipality_id END,
           m::date, 4, (random() < 0.2)::int, 3 + (random() < 0.5)::int,
           (8 + random() * 40)::int, (random() * 6)::int, round((random() * 12)::numeric, 1), now()
    FROM meetingplaces_activity a LEFT JOIN meetingplaces_meetingplace p ON p.id = a.place_id
    CROSS JOIN generate_series(date_trunc('month', now()) - interval '12 months',
                               date_trunc('month', now()) - interval '1 month',
                               interval '1 month') AS m
    WHERE a.status = 'published' ON CONFLICT DO NOTHING""",
    # Meeting places' door counts: half of the places.
    """INSERT INTO attendance_monthfigure (activity_id, place_id, organisation_id, welfare_area_id,
        municipality_id, month, dates_held, dates_cancelled, dates_recorded, visits, volunteers,
        volunteer_hours, refreshed_at)
    SELECT NULL, p.id, NULL, p.welfare_area_id, p.municipality_id, m::date, 15, 0, 15,
           (50 + random() * 300)::int, 0, 0, now()
    FROM meetingplaces_meetingplace p
    CROSS JOIN generate_series(date_trunc('month', now()) - interval '12 months',
                               date_trunc('month', now()) - interval '1 month',
                               interval '1 month') AS m
    WHERE p.status = 'published' AND p.id % 2 = 0 ON CONFLICT DO NOTHING""",
    # Hashed participants: a tenth of the activities, four people each, every month.
    """INSERT INTO attendance_participantmonth (activity_id, organisation_id, welfare_area_id,
        municipality_id, month, person, marks)
    SELECT a.id, a.organisation_id, a.welfare_area_id, a.municipality_id, m::date,
           left(md5(a.id || '-' || k), 32), 3
    FROM meetingplaces_activity a
    CROSS JOIN generate_series(1, 4) AS k
    CROSS JOIN generate_series(date_trunc('month', now()) - interval '12 months',
                               date_trunc('month', now()) - interval '1 month',
                               interval '1 month') AS m
    WHERE a.status = 'published' AND a.id % 10 = 0 ON CONFLICT DO NOTHING""",
]
SEARCH_SQL = [
    """INSERT INTO knowledge_searchdemand (day, welfare_area_id, municipality, theme, searches,
        empty)
    SELECT d::date, m.welfare_area_id, m.code, t.slug, s, least(s, (random() * 2)::int)
    FROM areas_municipality m
    CROSS JOIN generate_series(current_date - 365, current_date - 1, interval '1 day') AS d
    CROSS JOIN (SELECT slug FROM organisations_term WHERE kind = 'theme' UNION ALL SELECT '') t
    CROSS JOIN LATERAL (SELECT 1 + (random() * 6)::int AS s) r
    WHERE m.welfare_area_id IS NOT NULL AND random() < 0.15 ON CONFLICT DO NOTHING""",
    """INSERT INTO knowledge_searchterm (day, welfare_area_id, digest, text, searches, empty)
    SELECT d::date, a.id, left(md5(a.id || '-' || d || '-' || w), 32), 'sana ' || w,
           5 + (random() * 20)::int, (random() * 3)::int
    FROM areas_welfarearea a
    CROSS JOIN generate_series(current_date - 365, current_date - 1, interval '1 day') AS d
    CROSS JOIN generate_series(1, 10) AS w ON CONFLICT DO NOTHING""",
]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default="yhdessa_residents_10000")
    parser.add_argument("--n", type=int, default=20, help="warm requests per URL")
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument("--refresh", action="store_true", help="time the hourly job again")
    args = parser.parse_args()

    url = run.with_database(os.environ["DATABASE_URL"], args.database)
    os.environ.update(run.BENCH_ENV)
    os.environ["CACHE_KEY_PREFIX"] = f"knowledge-bench-{time.time_ns()}"
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings"
    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User
    from knowledge.demand import record_search
    from knowledge.models import Refresh
    from knowledge.services import figures_refresh_all
    from search.registry import SearchDone
    from tests.personas import add_totp

    run.log(f"Database {urlsplit(url).path.lstrip('/')}")
    call_command("migrate", interactive=False, verbosity=0)
    result: dict = {"date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    generate = args.regenerate or not Refresh.objects.exists()
    with connection.cursor() as cursor:
        if generate:
            if args.regenerate:
                cursor.execute(
                    "TRUNCATE attendance_monthfigure, attendance_participantmonth, "
                    "knowledge_searchdemand, knowledge_searchterm"
                )
            step = time.monotonic()
            for sql in ATTENDANCE_SQL + SEARCH_SQL:
                cursor.execute(sql)
            result["generate_seconds"] = round(time.monotonic() - step, 1)
            cursor.execute("VACUUM ANALYZE")
        counts = {}
        for table in ("meetingplaces_occurrence", "meetingplaces_activity",
                      "attendance_monthfigure", "attendance_participantmonth",
                      "knowledge_searchdemand", "knowledge_searchterm"):  # fmt: skip
            cursor.execute(f"SELECT count(*) FROM {table}")
            counts[table] = cursor.fetchone()[0]
    if generate or args.refresh:
        step, cpu = time.monotonic(), time.process_time()
        refreshed = figures_refresh_all()
        result["refresh"] = {
            "wall_seconds": round(time.monotonic() - step, 1),
            "cpu_seconds": round(time.process_time() - cpu, 2),
            "slowest_area_seconds": round(max(refreshed.values()), 2),
            "areas": {slug: round(seconds, 2) for slug, seconds in refreshed.items()},
        }
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE knowledge_activitymonth")
        cursor.execute("SELECT count(*) FROM knowledge_activitymonth")
        counts["knowledge_activitymonth"] = cursor.fetchone()[0]
    result["rows"] = counts
    run.log(f"rows: {counts}; refresh: {result.get('refresh')}")
    call_command("collectstatic", interactive=False, verbosity=0)

    user = User.objects.filter(email="knowledge-bench@example.com").first()
    if user is None:
        user = User.objects.create_user(email="knowledge-bench@example.com", is_staff=True)
        add_totp(user)
    client = Client()
    client.force_login(user)

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT w.slug, (SELECT m.code FROM areas_municipality m "
            "WHERE m.welfare_area_id = w.id "
            "ORDER BY (SELECT count(*) FROM meetingplaces_meetingplace p "
            "WHERE p.municipality_id = m.id) DESC LIMIT 1) "
            "FROM areas_welfarearea w JOIN meetingplaces_activity a ON a.welfare_area_id = w.id "
            "GROUP BY w.id ORDER BY count(*) DESC LIMIT 4"
        )
        areas = cursor.fetchall()
    import datetime as dt

    this = dt.date.today().replace(day=1)
    year_ago = (this - dt.timedelta(days=360)).replace(day=1)
    three = (this - dt.timedelta(days=70)).replace(day=1)
    urls = []
    for slug, code in areas:
        base = f"/fi/knowledge/{slug}/"
        urls += [
            base,
            f"{base}?start={three:%Y-%m}&end={this:%Y-%m}",
            f"{base}?start={year_ago:%Y-%m}&end={this:%Y-%m}",
            f"{base}?municipality={code}",
        ]
    result["urls"] = urls
    queries = {}
    for page in urls:
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(page)
        assert response.status_code == 200, (page, response.status_code)
        queries[page] = {
            "cold": len(captured),
            "sql_ms": round(sum(float(q["time"]) for q in captured.captured_queries) * 1000, 1),
        }
        with CaptureQueriesContext(connection) as captured:
            client.get(page)
        queries[page]["warm"] = len(captured)
    result["queries"] = queries

    def measure(cold: bool, rounds: int) -> dict:
        wall, cpu = [], []
        for _ in range(rounds):
            for page in urls:  # interleaved: a burst of load hits every URL alike
                if cold:
                    cache.clear()
                w, c = time.perf_counter(), time.process_time()
                client.get(page)
                wall.append((time.perf_counter() - w) * 1000)
                cpu.append((time.process_time() - c) * 1000)
        return {
            "requests": len(wall),
            "wall_p50_ms": round(statistics.median(wall), 1),
            "wall_p95_ms": round(percentile(wall, 0.95), 1),
            "wall_max_ms": round(max(wall), 1),
            "cpu_p50_ms": round(statistics.median(cpu), 1),
            "cpu_mean_ms": round(statistics.fmean(cpu), 1),
            "load_average": os.getloadavg(),
        }

    result["warm"] = measure(False, args.n)
    run.log(f"warm: {result['warm']}")
    result["cold"] = measure(True, max(3, args.n // 4))
    run.log(f"cold: {result['cold']}")

    # What a residents' search pays for being counted: the listener alone.
    wall = []
    for i in range(500):
        done = SearchDone(f"sana {i % 40}", ("peer-support",) if i % 3 else (), "179", (), i % 4)
        start = time.perf_counter()
        record_search(done)
        wall.append((time.perf_counter() - start) * 1000)
    result["record_search"] = {
        "p50_ms": round(statistics.median(wall), 2),
        "p95_ms": round(percentile(wall, 0.95), 2),
    }
    run.log(f"record_search: {result['record_search']}")
    result["machine"] = run.machine()
    result["commit"] = run.git_commit()
    run.RESULTS.mkdir(parents=True, exist_ok=True)
    out = run.RESULTS / f"knowledge-{time.strftime('%Y%m%d-%H%M%SZ', time.gmtime())}.json"
    out.write_text(json.dumps(result, indent=2, default=str, ensure_ascii=False))
    run.log(f"Wrote {out}")


if __name__ == "__main__":
    main()
