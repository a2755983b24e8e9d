"""The association's yearly report at national scale (issue 18: ≤ 500 ms for the largest).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/yhdessa uv run python bench/attendance_run.py

Data set (`yhdessa_attendbench_10000` on DATABASE_URL's server, built once and reused;
`--rebuild` starts over): the residents' search's national set (seed_demo, then
bench/places_generator.py: 10,000 organisations, 10,000 places, 40,000 activities, ~1,000,000
stored occurrences for the year ahead), plus a year of attendance: every activity's stored
dates moved back 52 weeks as its past year (same weekdays and times), 3 % of them cancelled,
figures recorded for 90 % of the held ones (3 % of those "not held"), visitor counts on every
opening day of every place, and, for activities that ask for sign-up, participants (hashed keys,
as after the 30-day erase) per month. The monthly rows are built by
attendance.services.figures_rebuild / place_figures_rebuild (the services' own rules).

Measured in process, through Django's test client with DEBUG off (the page's own work: the
report's queries and its rendering; no HTTP server): the yearly report of the current year of
the association with the most activities, as HTML and as CSV, `--n` requests each after a
warm-up: wall-time p50/p95/max, this process's CPU time per request, and the PostgreSQL
backend's CPU time per request (read from /proc for the connection's backend pid), with the
query count. The machine is shared with other engineers' work: wall times vary with their load,
CPU times much less. Results go to bench/results/attendance-<timestamp>.json.
This is a benchmark, not a test: it never runs under pytest.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import run  # noqa: E402  (bench/run.py: database and markers)

SIZE = 10_000
SEED = 1
TARGET_MS = 500.0
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def generate_attendance(seed: int) -> dict:
    """A year of attendance on top of the national set (see the module's docstring)."""
    from django.db import connection, transaction

    from attendance.services import figures_rebuild, place_figures_rebuild
    from meetingplaces.models import Activity, MeetingPlace
    from meetingplaces.services import local_today

    today = local_today()
    notes: dict = {}
    started = time.monotonic()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT setseed(%s)", [seed / 1000])
        # The past year: each stored date of the year ahead, 364 days (52 weeks) earlier.
        cursor.execute(
            """
            INSERT INTO meetingplaces_occurrence
                (activity_id, date, starts_at, ends_at, status, note, closure, place_id)
            SELECT activity_id, date - 364, starts_at - interval '364 days',
                   ends_at - interval '364 days',
                   CASE WHEN random() < 0.03 THEN 'cancelled' ELSE 'scheduled' END, '', '', NULL
            FROM meetingplaces_occurrence
            WHERE date >= %s AND date - 364 < %s
            ON CONFLICT DO NOTHING
            """,
            [today, today],
        )
        notes["past_dates"] = cursor.rowcount
        cursor.execute(
            """
            INSERT INTO attendance_daterecord
                (occurrence_id, activity_id, not_held, visitors, volunteers, volunteer_hours,
                 note, recorded_at)
            SELECT o.id, o.activity_id, r < 0.027,
                   CASE WHEN r < 0.027 THEN NULL ELSE 3 + floor(random() * 18)::int END,
                   CASE WHEN r < 0.027 THEN NULL ELSE v END,
                   CASE WHEN r < 0.027 OR v = 0 THEN NULL ELSE v * (2 + floor(random() * 3)) END,
                   '', o.ends_at
            FROM (SELECT id, activity_id, ends_at, random() AS r,
                         floor(random() * 4)::int AS v, random() AS keep
                  FROM meetingplaces_occurrence
                  WHERE date < %s AND status <> 'cancelled') AS o
            WHERE o.keep < 0.9
            """,
            [today],
        )
        notes["records"] = cursor.rowcount
        # Participants of sign-up activities: 4–15 regulars each, present in the months held.
        cursor.execute(
            """
            INSERT INTO attendance_participantmonth
                (activity_id, organisation_id, welfare_area_id, municipality_id, month, person,
                 marks)
            SELECT a.id, a.organisation_id, a.welfare_area_id,
                   COALESCE(p.municipality_id, a.municipality_id),
                   m.month, md5(a.id || '-' || n)::varchar(32), 1 + floor(random() * 3)::int
            FROM meetingplaces_activity a
            LEFT JOIN meetingplaces_meetingplace p ON p.id = a.place_id AND a.venue = 'place'
            JOIN (SELECT DISTINCT activity_id, date_trunc('month', date)::date AS month
                  FROM attendance_daterecord r
                  JOIN meetingplaces_occurrence o ON o.id = r.occurrence_id
                  WHERE NOT r.not_held) m ON m.activity_id = a.id
            CROSS JOIN LATERAL generate_series(1, 4 + (a.id %% 12)) AS n
            WHERE a.signup_required AND random() < 0.8
            """
        )
        notes["participant_months"] = cursor.rowcount
        # Visitors on each opening day (weekly hours) of every place in the past year.
        cursor.execute(
            """
            INSERT INTO attendance_placeday (place_id, date, visitors, updated_at)
            SELECT DISTINCT ON (h.place_id, d.day::date) h.place_id, d.day::date,
                   floor(random() * 30)::int, now()
            FROM meetingplaces_openinghours h
            JOIN generate_series(%s::date - 364, %s::date - 1, interval '1 day') AS d(day)
              ON extract(isodow FROM d.day) - 1 = h.weekday
            ON CONFLICT DO NOTHING
            """,
            [today, today],
        )
        notes["place_days"] = cursor.rowcount
    notes["sql_seconds"] = round(time.monotonic() - started, 1)
    run.log(f"attendance rows: {notes}")

    step = time.monotonic()
    activities = Activity.objects.select_related("place").filter(
        pk__in=Activity.objects.filter(occurrences__attendance__isnull=False).values("pk")
    )
    months = 0
    batch: list = []
    for activity in activities.iterator(chunk_size=2000):
        batch.append(activity)
        if len(batch) == 2000:
            months += figures_rebuild(activities=batch, today=today)
            batch = []
    if batch:
        months += figures_rebuild(activities=batch, today=today)
    months += place_figures_rebuild(places=MeetingPlace.objects.all())
    notes["month_rows"] = months
    notes["rebuild_seconds"] = round(time.monotonic() - step, 1)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    run.log(f"monthly rows: {months} in {notes['rebuild_seconds']} s")
    return notes


def backend_cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime + stime


def measure(n: int) -> dict:
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from accounts.models import User
    from attendance.models import MonthFigure
    from meetingplaces.services import local_today
    from organisations.models import Membership, Organisation

    largest = (
        Organisation.objects.annotate(n=Count("activities"))
        .order_by("-n")
        .values_list("pk", "n")
        .first()
    )
    organisation = Organisation.objects.get(pk=largest[0])
    year = local_today().year
    user, _created = User.objects.get_or_create(email="bench-attendance@example.com")
    Membership.objects.get_or_create(organisation=organisation, user=user)
    client = Client()
    client.force_login(user)
    url = reverse("attendance:report", kwargs={"slug": organisation.slug}) + f"?year={year}"
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    result: dict = {
        "organisation": organisation.slug,
        "activities": largest[1],
        "month_rows_of_the_year": MonthFigure.objects.filter(
            organisation=organisation, month__year=year
        ).count(),
        "year": year,
    }
    for name, suffix in (("html", ""), ("csv", "&format=csv")):
        for _ in range(3):
            assert client.get(url + suffix).status_code == 200
        with CaptureQueriesContext(connection) as queries:
            client.get(url + suffix)
        walls, cpus, db_cpus = [], [], []
        for _ in range(n):
            wall, cpu, db = time.perf_counter(), time.process_time(), backend_cpu_seconds(backend)
            response = client.get(url + suffix)
            walls.append((time.perf_counter() - wall) * 1000)
            cpus.append((time.process_time() - cpu) * 1000)
            db_cpus.append((backend_cpu_seconds(backend) - db) * 1000)
            assert response.status_code == 200
        walls.sort()
        result[name] = {
            "queries": len(queries),
            "p50_ms": round(statistics.median(walls), 1),
            "p95_ms": round(walls[max(0, round(0.95 * len(walls)) - 1)], 1),
            "max_ms": round(walls[-1], 1),
            "python_cpu_ms_mean": round(statistics.mean(cpus), 1),
            "postgres_cpu_ms_mean": round(statistics.mean(db_cpus), 1),
            "target_met": walls[max(0, round(0.95 * len(walls)) - 1)] <= TARGET_MS,
        }
        run.log(f"{name}: {result[name]}")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--n", type=int, default=40, help="requests per format")
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--database-prefix", default="yhdessa_attendbench")
    args = parser.parse_args()

    url, needs_data, notes = run.prepare_database(
        SIZE, args.seed, args.rebuild, args.database_prefix
    )
    os.environ.update(run.BENCH_ENV)
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    if needs_data:
        import residents_run

        notes = residents_run.generate("national", args.seed)
        notes |= generate_attendance(args.seed)
        run.set_marker(url, SIZE, args.seed, notes)
    else:
        run.log(f"Reusing the data set: {notes}")
    result = {"data_set": notes, "load": os.getloadavg(), "report": measure(args.n)}
    result["load_after"] = os.getloadavg()
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"attendance-{time.strftime('%Y%m%dT%H%M%SZ', time.gmtime())}.json"
    path.write_text(json.dumps(result, indent=2, default=str))
    run.log(f"Wrote {path}")
    print(json.dumps(result["report"], indent=2))


if __name__ == "__main__":
    main()
