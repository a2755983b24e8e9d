"""HTTP benchmark of the residents' search (/fi/search/) at regional and national scale.

    uv run python bench/residents_run.py --scale regional    # the demo: seed_demo only
    uv run python bench/residents_run.py --scale national    # + 10,000 places, 40,000 activities,
                                                             #   ~1,000,000 stored occurrences

The same method and machinery as the directory's benchmark (bench/run.py, performance-anchors
§7–8): a database of its own (`yhdessa_residents_<places>` on DATABASE_URL's server, built once
and reused; `--rebuild` starts over), query counts of every URL through Django's test client,
gunicorn with DEBUG off, wrk in short interleaved rounds against the fortunes baseline, ratios
and p95 per scenario. Results go to bench/results/residents-<timestamp>-<scale>.json; the
figures we report are copied into bench/README.md.

Scenarios (GET parameters as search.forms.ResidentsSearchForm reads them):
- search: words only (plain, inflected, compound), no place;
- near: a postcode or a municipality with a radius, with and without words;
- upcoming: "this week" / "this month" / today, near a postcode or in a municipality, some with
  a weekday, a time of day, a theme or "free" (the target: p95 <= 150 ms at national scale);
- cold-upcoming: the same kinds of search, each URL requested once (never from a cache);
- cold-filters: facet filters (theme, target group, language, free, no sign-up, kind, online)
  near a postcode, each URL once.

With `--direct` (for a checkout without the search page) the runner times the occurrence
queries the page needs straight in SQL instead: the next occurrence per activity within a
radius this week, in process, and reports their p50/p95.
`RESIDENTS_SEARCH_PATH` (default /fi/search/) points the scenarios at another page, e.g. the
directory, to try the machinery in a checkout without the residents' search.
This is a benchmark, not a test: it never runs under pytest.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import load  # noqa: E402  (bench/load.py: gunicorn, wrk and summaries)
import run  # noqa: E402  (bench/run.py: the database and query counts)

SCALES = {
    # scale: (places generated on top of the demo, activities, organisations)
    "regional": (0, 0, 0),
    "national": (10_000, 40_000, 10_000),
}
SEED = 1
SEARCH = os.environ.get("RESIDENTS_SEARCH_PATH", "/fi/search/")
WORDS = ["vertaisryhmä", "muistikahvila", "tuolijumppa", "perhekahvilaan", "digiapu",
         "kävelyryhmään", "omaishoitajien", "lauluhetki", "vertaistukea", "syöpä"]  # fmt: skip
THEMES = ["peer-support", "loneliness", "physical-activity", "family-support", "memory",
          "mental-health", "culture", "digital-skills"]  # fmt: skip
# Postcodes of the demo's towns (regional) and of cities and villages elsewhere (national).
REGIONAL_POSTCODES = ["40100", "40520", "40270", "42100", "44100", "42700", "43100", "44500",
                      "01300", "04200"]  # fmt: skip
NATIONAL_POSTCODES = ["00100", "02100", "33100", "90100", "20100", "70100", "15100", "40100",
                      "96100", "65100", "53100", "80100", "86300", "99800"]  # fmt: skip
REGIONAL_MUNICIPALITIES = ["179", "182", "992", "249", "092", "245"]
NATIONAL_MUNICIPALITIES = ["091", "049", "837", "564", "853", "179", "297", "398", "698", "005"]
QUERY_BUDGET = {"search": 8, "near": 8, "upcoming": 8, "cold-upcoming": 8, "cold-filters": 8}
TARGETS = {
    "search_ratio_regional": 0.15,
    "search_p95_ms_regional": 40.0,
    "upcoming_p95_ms_national": 150.0,
}
# Enough new URLs for every round of a cold scenario at a few hundred requests a second; rounds that
# run out anyway are marked and left out of the cold figures (load.summarise).
COLD_URLS = 12000


def generate(scale: str, seed: int) -> dict:
    from django.core.management import call_command
    from django.db import connection

    from meetingplaces.models import Activity, MeetingPlace, Occurrence

    started = time.monotonic()
    call_command("seed_demo", stdout=io.StringIO())
    run.log(f"seed_demo in {time.monotonic() - started:.1f} s")
    notes: dict = {"seed_demo_seconds": round(time.monotonic() - started, 1)}
    places, activities, organisations = SCALES[scale]
    if places:
        from bench.places_generator import build_national

        notes |= build_national(
            places=places, activities=activities, organisations=organisations, seed=seed
        )
    step = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    notes.update(
        vacuum_seconds=round(time.monotonic() - step, 1),
        total_seconds=round(time.monotonic() - started, 1),
        places_total=MeetingPlace.objects.count(),
        activities_total=Activity.objects.count(),
        occurrences_total=Occurrence.objects.count(),
        generated_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        migrations=run.migration_fingerprint(),
    )
    run.log(f"data set: {notes}")
    return notes


def scenario_paths(scale: str, seed: int) -> dict[str, list[str]]:
    rng = random.Random(seed)
    postcodes = REGIONAL_POSTCODES if scale == "regional" else NATIONAL_POSTCODES
    municipalities = REGIONAL_MUNICIPALITIES if scale == "regional" else NATIONAL_MUNICIPALITIES
    q = quote
    near = [f"{SEARCH}?postcode={p}&radius=10" for p in postcodes[:6]]
    near += [
        f"{SEARCH}?q={q(w)}&postcode={p}&radius=25" for w, p in zip(WORDS, postcodes, strict=False)
    ]
    near += [f"{SEARCH}?municipality={m}" for m in municipalities[:4]]
    upcoming = [f"{SEARCH}?postcode={p}&radius=10&when=week" for p in postcodes[:6]]
    upcoming += [
        f"{SEARCH}?q={q(w)}&postcode={p}&radius=25&when=month"
        for w, p in zip(WORDS, postcodes, strict=False)
    ]
    upcoming += [
        f"{SEARCH}?municipality={m}&when=week&day=tue&time=afternoon" for m in municipalities[:4]
    ]
    upcoming += [f"{SEARCH}?when=week", f"{SEARCH}?when=today&free=yes"]
    upcoming += [
        f"{SEARCH}?theme={t}&postcode={p}&when=week"
        for t, p in zip(THEMES, postcodes[:4], strict=False)
    ]

    all_postcodes = cold_postcodes(scale)

    def unique(make) -> list[str]:
        seen: dict[str, None] = {}
        for _attempt in range(COLD_URLS * 20):
            seen[make()] = None
            if len(seen) >= COLD_URLS:
                break
        return list(seen)

    def cold_upcoming() -> str:
        parts = [f"postcode={rng.choice(all_postcodes)}", f"radius={rng.choice([5, 10, 25])}"]
        parts.append(f"when={rng.choice(['today', 'week', 'week', 'month'])}")
        if rng.random() < 0.5:
            parts.append(f"q={q(rng.choice(WORDS))}")
        if rng.random() < 0.3:
            parts.append(f"day={rng.choice(['mon', 'tue', 'wed', 'thu', 'fri', 'sat'])}")
        if rng.random() < 0.2:
            parts.append(f"time={rng.choice(['morning', 'afternoon', 'evening'])}")
        return f"{SEARCH}?{'&'.join(parts)}"

    def cold_filters() -> str:
        parts = [f"postcode={rng.choice(all_postcodes)}"]
        options = [
            f"theme={rng.choice(THEMES)}",
            "free=yes",
            "nosignup=yes",
            f"language={rng.choice(['sv', 'en', 'selko'])}",
            f"kind={rng.choice(['activity', 'place', 'organisation'])}",
            f"venue={rng.choice(['online', 'inperson'])}",
            f"target_group={rng.choice(['older-people', 'families', 'carers', 'young-people'])}",
            f"access={rng.choice(['step_free_entrance', 'induction_loop'])}",
        ]
        parts += rng.sample(options, k=rng.randint(1, 3))
        return f"{SEARCH}?{'&'.join(parts)}"

    return {
        "baseline": ["/fi/bench/fortunes/"],
        "search": [f"{SEARCH}?q={q(word)}" for word in WORDS],
        "near": near,
        "upcoming": upcoming,
        "cold-upcoming": unique(cold_upcoming),
        "cold-filters": unique(cold_filters),
    }


def cold_postcodes(scale: str) -> list[str]:
    """Street-address postcodes of the scale's area (the demo's two areas, or all Finland)."""
    try:
        from areas.models import Postcode
    except ImportError:
        return REGIONAL_POSTCODES if scale == "regional" else NATIONAL_POSTCODES
    codes = Postcode.objects.order_by("code")
    if scale == "regional":
        codes = codes.filter(municipality__welfare_area__slug__in=["keski-suomi", "vantaa-kerava"])
    return list(codes.values_list("code", flat=True))


def check_targets(scale: str, summary: dict, counts: dict) -> dict:
    checks = {}
    if scale == "regional":
        checks["search ratio >= 0.15"] = (
            summary["search"]["ratio_median"] >= TARGETS["search_ratio_regional"]
        )
        checks["search p95 <= 40 ms"] = (
            summary["search"]["p95_ms"] <= TARGETS["search_p95_ms_regional"]
        )
    else:
        for scenario in ("upcoming", "cold-upcoming", "cold-filters"):
            checks[f"{scenario} p95 <= 150 ms"] = (
                summary[scenario]["p95_ms"] <= TARGETS["upcoming_p95_ms_national"]
            )
    for scenario, budget in QUERY_BUDGET.items():
        checks[f"{scenario} queries <= {budget}"] = counts[scenario]["max_queries"] <= budget
    return checks


# --- without the search page: the occurrence queries in SQL --------------------------------


DIRECT_SQL = """
SELECT a.id, min(o.starts_at) AS next_start,
       2 * 6371 * asin(sqrt(power(sin(radians(p.latitude - %(lat)s) / 2), 2)
         + cos(radians(%(lat)s)) * cos(radians(p.latitude))
         * power(sin(radians(p.longitude - %(lon)s) / 2), 2))) AS km
FROM meetingplaces_activity a
JOIN meetingplaces_meetingplace p ON p.id = a.place_id
JOIN meetingplaces_occurrence o ON o.activity_id = a.id
WHERE a.status = 'published'
  AND p.latitude BETWEEN %(lat)s - %(dlat)s AND %(lat)s + %(dlat)s
  AND p.longitude BETWEEN %(lon)s - %(dlon)s AND %(lon)s + %(dlon)s
  AND o.status <> 'cancelled' AND o.starts_at >= %(start)s AND o.starts_at < %(end)s
GROUP BY a.id, p.latitude, p.longitude
HAVING 2 * 6371 * asin(sqrt(power(sin(radians(p.latitude - %(lat)s) / 2), 2)
         + cos(radians(%(lat)s)) * cos(radians(p.latitude))
         * power(sin(radians(p.longitude - %(lon)s) / 2), 2))) <= %(km)s
ORDER BY km, next_start
LIMIT 20
"""


def direct(scale: str, repeats: int) -> dict:
    """p50/p95 of "next occurrence per activity within a radius, this week" in SQL."""
    import math

    from django.db import connection

    from areas.models import Municipality
    from meetingplaces.schedule import HELSINKI

    codes = REGIONAL_MUNICIPALITIES if scale == "regional" else NATIONAL_MUNICIPALITIES
    points = list(Municipality.objects.filter(code__in=codes).values_list("latitude", "longitude"))
    now = dt.datetime.now(HELSINKI)
    week_end = dt.datetime.combine(
        now.date() + dt.timedelta(days=7 - now.weekday()), dt.time(0), tzinfo=HELSINKI
    )
    timings = []
    with connection.cursor() as cursor:
        for _ in range(repeats):
            for lat, lon in points:
                radius = 25.0
                params = {
                    "lat": float(lat),
                    "lon": float(lon),
                    "dlat": radius / 111.0,
                    "dlon": radius / (111.0 * math.cos(math.radians(float(lat)))),
                    "km": radius,
                    "start": now,
                    "end": week_end,
                }
                started = time.perf_counter()
                cursor.execute(DIRECT_SQL, params)
                cursor.fetchall()
                timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return {
        "queries": len(timings),
        "p50_ms": round(statistics.median(timings), 2),
        "p95_ms": round(timings[int(len(timings) * 0.95) - 1], 2),
        "max_ms": round(timings[-1], 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", choices=list(SCALES), default="regional")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--duration", type=int, default=5, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--wrk-threads", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--port", type=int, default=8112)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--database-prefix", default="yhdessa_residents")
    parser.add_argument(
        "--rebuild-entries", action="store_true", help="rebuild places' and activities' entries"
    )
    parser.add_argument("--counts-only", action="store_true")
    parser.add_argument("--direct", action="store_true", help="SQL only: no search page needed")
    args = parser.parse_args()

    size = SCALES[args.scale][0] or 40
    url, needs_data, notes = run.prepare_database(
        size, args.seed, args.rebuild, args.database_prefix
    )
    os.environ.update(run.BENCH_ENV)
    # A cache of this run's own: the two scales share URLs, and a Redis cache outlives a run.
    run.BENCH_ENV["CACHE_KEY_PREFIX"] = os.environ["CACHE_KEY_PREFIX"] = (
        f"yhdessa-residents-{args.scale}-{time.strftime('%Y%m%d%H%M%S', time.gmtime())}"
    )
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings"
    import django

    django.setup()
    from django.core.management import call_command

    run.log(f"Database {urlsplit(url).path.lstrip('/')}")
    call_command("migrate", interactive=False, verbosity=0)
    if needs_data:
        notes = generate(args.scale, args.seed)
        run.set_marker(url, size, args.seed, notes)
    else:
        run.log(f"Reusing the data set: {notes}")
    from search.models import SearchEntry

    if args.rebuild_entries or not SearchEntry.objects.filter(kind="activity").exists():
        # A data set built with an older checkout (meetingplaces.search stubs): the entries now.
        from django.db import connection

        from bench.places_generator import build_search_entries

        step = time.monotonic()
        written = build_search_entries()
        if written:
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
            notes.update(search_entries=written, search_seconds=round(time.monotonic() - step, 1))
            run.set_marker(url, size, args.seed, notes)
            run.log(f"search entries: {written} in {notes['search_seconds']} s")

    result: dict = {
        "scale": args.scale,
        "dataset": notes,
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "commit": run.git_commit(),
        "machine": run.machine(),
    }
    run.RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%SZ", time.gmtime())
    out = run.RESULTS / f"residents-{stamp}-{args.scale}.json"
    if args.direct:
        result["direct"] = direct(args.scale, repeats=20)
        out.write_text(json.dumps(result, indent=2, ensure_ascii=False))
        run.log(f"direct SQL: {result['direct']}")
        return

    call_command("collectstatic", interactive=False, verbosity=0)
    paths = scenario_paths(args.scale, args.seed)
    run.QUERY_BUDGET.update(QUERY_BUDGET)
    counts = run.query_counts(paths)
    for scenario, data in counts.items():
        first = sorted({p["queries_first"] for p in data["pages"]})
        again = sorted({p["queries_again"] for p in data["pages"]})
        sql = max(p["sql_ms_again"] for p in data["pages"])
        run.log(f"queries {scenario}: first {first}, repeated {again}; worst SQL {sql:.0f} ms")
    from django.db import connections

    connections.close_all()
    result["config"] = {
        "gunicorn": f"-w {args.workers} --threads {args.threads}",
        "wrk": f"-t{args.wrk_threads} -c{args.connections} -d{args.duration}s",
        "rounds": args.rounds,
        "redis_cache": bool(os.environ.get("REDIS_URL")),
    }
    result["paths"] = {name: urls[:20] for name, urls in paths.items()}
    result["query_counts"] = counts
    if args.counts_only:
        out.write_text(json.dumps(result, indent=2, ensure_ascii=False))
        run.log(f"Wrote {out}")
        return

    scenarios = list(paths)
    env = {**os.environ, **run.BENCH_ENV, "DATABASE_URL": url}
    server = load.start_gunicorn(env, args.port, args.workers, args.threads)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            scripts = {n: load.lua_script(Path(tmp), n, urls) for n, urls in paths.items()}
            run.log("Warming up (2 s per scenario)")
            started = dict.fromkeys(scenarios, 0)
            for name in scenarios:
                warm = load.run_wrk(args.port, scripts[name], 2, args.connections, args.wrk_threads)
                started[name] += warm["requests"] + args.connections
            rounds = []
            for number in range(1, args.rounds + 1):
                this_round = {}
                for name in scenarios:
                    this_round[name] = load.run_wrk(
                        args.port, scripts[name], args.duration, args.connections,
                        args.wrk_threads, started[name] if name.startswith("cold") else 0,
                    )  # fmt: skip
                    started[name] += this_round[name]["requests"] + args.connections
                    if name.startswith("cold") and started[name] > len(paths[name]):
                        this_round[name]["repeated"] = True  # past the end of the unique URLs
                rounds.append(this_round)
                run.log(
                    f"round {number}: "
                    + ", ".join(
                        f"{n} {r['rps']:.0f}/s p95 {r['p95_ms']:.1f} ms"
                        + (" (URLs repeated)" if r.get("repeated") else "")
                        for n, r in this_round.items()
                    )
                )
        result["worker_peak_rss_mb"] = [load.peak_rss_mb(p) for p in load.children(server.pid)]
    finally:
        load.stop_gunicorn(server)

    summary = load.summarise(rounds, scenarios)
    result["rounds"] = rounds
    result["summary"] = summary
    result["checks"] = check_targets(args.scale, summary, counts)
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False))
    print()
    print(f"{args.scale}: {notes}")
    print("| scenario | req/s median (min–max) | ratio median (min–max) | p50 | p95 | p99 "
          "| CPU ms/req | queries |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|")
    for name, s in summary.items():
        print(
            f"| {name} | {s['rps_median']:.0f} ({s['rps_min']:.0f}–{s['rps_max']:.0f}) "
            f"| {s['ratio_median']:.2f} ({s['ratio_min']:.2f}–{s['ratio_max']:.2f}) "
            f"| {s['p50_ms']:.1f} | {s['p95_ms']:.1f} | {s['p99_ms']:.1f} "
            f"| {s['cpu_ms_per_request']:.2f} | {counts[name]['max_queries']} |"
            + (
                f" ({s['rounds']} of {len(rounds)} rounds: URLs ran out)"
                if s["rounds"] < len(rounds)
                else ""
            )
        )
    for check, ok in result["checks"].items():
        print(f"  {'PASS' if ok else 'FAIL'}  {check}")
    run.log(f"Wrote {out}")


if __name__ == "__main__":
    main()
