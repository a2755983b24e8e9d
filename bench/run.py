"""HTTP benchmark of the public directory against a fortunes baseline (performance-anchors §7–8).

    uv run python bench/run.py --size 500
    uv run python bench/run.py --size 100000

Steps: (1) a benchmark database `yhdessa_bench_<size>` on the server of DATABASE_URL (for example
postgres://postgres@127.0.0.1:5432/yhdessa), or on the embedded PostgreSQL when DATABASE_URL is
unset; it is created, migrated and filled once and reused by later runs with the same size and
seed (`--rebuild` starts over); (2) query counts of every benchmarked URL through Django's test
client; (3) gunicorn with DEBUG off on 127.0.0.1:8100; (4) wrk in interleaved rounds against the
baseline page (portal/bench_views.py), organisation pages and directory searches. Results go to
bench/results/<timestamp>-<size>.json; bench/README.md holds the figures we report.

This is a benchmark, not a test: it never runs under pytest.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import platform
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

from load import (  # bench/load.py: gunicorn, wrk and the rounds' summary
    HOST,
    LANGUAGE,
    children,
    lua_script,
    peak_rss_mb,
    run_wrk,
    start_gunicorn,
    stop_gunicorn,
    summarise,
)

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
sys.path.insert(0, str(ROOT))

RANDOM_PAGE_COST = 1.1
SEED = 1

# Directory searches: plain, inflected and compound Finnish words (rare, mid and common terms).
SEARCH_WORDS = [
    "muisti",
    "omaishoitajien",
    "vertaistuki",
    "mielenterveys",
    "lapsiperheiden",
    "eläkeläisten",
    "nuorille",
    "syöpä",
    "kuulo",
    "vapaaehtoistoiminta",
]
FACETED = [
    ("muisti", "older_people"),
    ("omaishoitajien", "carers"),
    ("lapsiperheiden", "child_family"),
    ("mielenterveys", "mental_substance"),
    ("nuorille", "youth"),
    ("vertaistuki", "patient_disability"),
]
# Budgets from performance-anchors §6 and the issue.
QUERY_BUDGET = {"detail": 6, "search": 8, "search-facet": 8, "cold-words": 8,
                "cold-words-filters": 8, "cold-filters": 8}  # fmt: skip
TARGETS = {
    "detail_ratio": 0.5,
    "search_ratio_500": 0.15,
    "search_p95_ms_500": 40.0,
    "search_p95_ms_100000": 150.0,
    "cold_p95_ms_100000": 150.0,
}
BENCH_ENV = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "bench-only-secret-key-" + "x" * 40,
    "DJANGO_ALLOWED_HOSTS": f"{HOST},testserver",
    "DJANGO_SECURE_SSL_REDIRECT": "false",
    "DJANGO_LOG_LEVEL": "WARNING",
    "YHDESSA_BENCH_PAGES": "1",
    "CACHE_KEY_PREFIX": "yhdessa-bench",
}


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S', time.gmtime())}Z] {message}", flush=True)


# --- 1. The benchmark database ----------------------------------------------------------------


def server_url() -> str:
    """The PostgreSQL server to use: DATABASE_URL's, or the embedded one (started if needed)."""
    url = os.environ.get("DATABASE_URL", "")
    if url:
        return url
    from portal import embedded_db

    embedded_db.ensure_running()
    return embedded_db.url()


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + quote(name)))


def psycopg_conninfo(url: str) -> str:
    """dj-database-url understands socket directories in the host part; psycopg needs kwargs."""
    import dj_database_url

    config = dj_database_url.parse(url)
    parts = {
        "dbname": config["NAME"],
        "user": config.get("USER") or "",
        "password": config.get("PASSWORD") or "",
        "host": config.get("HOST") or "",
        "port": str(config.get("PORT") or ""),
    }
    return " ".join(f"{key}='{value}'" for key, value in parts.items() if value)


def migration_fingerprint() -> str:
    names = sorted(
        f"{path.parent.parent.name}/{path.stem}" for path in ROOT.glob("*/migrations/[0-9]*.py")
    )
    return str(len(names)) + ":" + (names[-1] if names else "")


def marker(size: int, seed: int) -> str:
    return f"yhdessa-bench size={size} seed={seed}"


def prepare_database(
    size: int, seed: int, rebuild: bool, prefix: str = "yhdessa_bench"
) -> tuple[str, bool, dict]:
    """Create (or reuse) the database; returns its URL, whether it needs data, and its notes."""
    import psycopg

    name = f"{prefix}_{size}"
    server = server_url()
    maintenance = psycopg_conninfo(with_database(server, "postgres"))
    with psycopg.connect(maintenance, autocommit=True) as conn:
        row = conn.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            [name],
        ).fetchone()
        exists = row is not None
        comment = (row[0] or "") if row else ""
        notes: dict = {}
        if comment.startswith(marker(size, seed) + " "):
            notes = json.loads(comment.split(" ", 3)[3])
        if exists and (rebuild or not notes):
            reason = "--rebuild" if rebuild else f"stale or incomplete ({comment or 'no marker'})"
            log(f"Dropping {name}: {reason}")
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = False
        if not exists:
            log(f"Creating database {name}")
            conn.execute(f'CREATE DATABASE "{name}"')
            notes = {}
        # SSD storage: without this the planner prices the GIN bitmap scans of a broad search
        # above a sequential scan of the whole (wide) table and picks the 10-30× slower plan.
        # A deployment sets the same in postgresql.conf or with ALTER DATABASE.
        conn.execute(f'ALTER DATABASE "{name}" SET random_page_cost = {RANDOM_PAGE_COST}')
    return with_database(server, name), not notes, notes


def set_marker(url: str, size: int, seed: int, notes: dict) -> None:
    import psycopg

    name = urlsplit(url).path.lstrip("/")
    text = marker(size, seed) + " " + json.dumps(notes, separators=(",", ":"))
    with psycopg.connect(psycopg_conninfo(url), autocommit=True) as conn:
        conn.execute(f"COMMENT ON DATABASE \"{name}\" IS '{text}'")


def generate(size: int, seed: int) -> dict:
    """The demo registry (seed_demo), then generated organisations up to `size`."""
    from django.core.management import call_command

    from bench.generator import build_organisations
    from organisations.models import Organisation

    started = time.monotonic()
    call_command("seed_demo", stdout=io.StringIO())
    demo = Organisation.objects.count()
    log(f"seed_demo: {demo} organisations in {time.monotonic() - started:.1f} s")
    missing = max(0, size - demo)
    # Split between the two welfare areas the demo vocabulary knows, as the demo data is.
    shares = [("keski-suomi", missing - missing // 2), ("vantaa-kerava", missing // 2)]
    for offset, (area, count) in enumerate(shares):
        if count:
            step = time.monotonic()
            build_organisations(count=count, seed=seed + offset, area_slug=area)
            log(f"build_organisations: {count} in {area} in {time.monotonic() - step:.1f} s")
    generated = time.monotonic() - started
    step = time.monotonic()
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    log(f"VACUUM ANALYZE in {time.monotonic() - step:.1f} s")
    return {
        "organisations": Organisation.objects.count(),
        "published": Organisation.objects.published().count(),
        "generation_seconds": round(generated, 1),
        "vacuum_seconds": round(time.monotonic() - step, 1),
        "generated_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "migrations": migration_fingerprint(),
    }


# --- 2. What to request, and how many queries each page makes --------------------------------


COLD_URLS = 4000  # unique URLs per cold scenario: none is requested twice in a run


def cold_paths(seed: int, directory: str) -> dict[str, list[str]]:
    """Searches nobody has made yet, so their facet counts are never cached: distinct words
    (names, places and terms of the data set), distinct words with a filter, and distinct
    combinations of filters."""
    from django.db import connection

    from organisations.models import Organisation

    rng = random.Random(seed)
    names = Organisation.objects.published().values_list("name", flat=True)
    words = sorted({w.lower() for name in names.iterator() for w in re.findall(r"\w{4,}", name)})
    rng.shuffle(words)
    # The facet keys the published organisations carry (their search entries' keys).
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT unnest(facet_keys) FROM search_searchentry WHERE kind = 'organisation'"
        )
        keys = [row[0] for row in cursor.fetchall()]
    params = {"cat": "category", "mun": "municipality", "lang": "language", "svc": "services",
              "net": "network", "tg": "target_group", "area": "area"}  # fmt: skip
    by_group: dict[str, list[str]] = {}
    for key in sorted(keys):
        prefix, _sep, value = key.partition(":")
        if prefix in params:
            by_group.setdefault(params[prefix], []).append(value)

    def filters(n: int) -> str:
        groups = rng.sample(sorted(by_group), min(n, len(by_group)))
        return "&".join(f"{g}={quote(rng.choice(by_group[g]))}" for g in sorted(groups))

    def unique(make, limit: int = COLD_URLS) -> list[str]:
        seen: dict[str, None] = {}
        for _attempt in range(limit * 20):
            seen[make()] = None
            if len(seen) >= limit:
                break
        return list(seen)

    # Single words first, then pairs of words (a resident's phrase; many hold no profile with
    # both words, so these also measure the partial-match path).
    pairs = unique(lambda: f"{directory}?q={quote(rng.choice(words))}+{quote(rng.choice(words))}")
    singles = [f"{directory}?q={quote(word)}" for word in words[:COLD_URLS]]
    return {
        "cold-words": (singles + pairs)[:COLD_URLS],
        "cold-words-filters": unique(
            lambda: f"{directory}?q={quote(rng.choice(words))}&{filters(1)}"
        ),
        "cold-filters": unique(lambda: f"{directory}?{filters(rng.choice([1, 2, 3]))}"),
    }


def scenario_paths(seed: int) -> dict[str, list[str]]:
    from organisations.models import Category, Organisation

    slugs = list(Organisation.objects.published().order_by("pk").values_list("slug", flat=True))
    rng = random.Random(seed)
    picked = rng.sample(slugs, min(100, len(slugs)))
    directory = f"/{LANGUAGE}/organisations/"
    categories = [c.value for c in Category]
    return {
        "baseline": [f"/{LANGUAGE}/bench/fortunes/"],
        "detail": [f"{directory}{quote(slug)}/" for slug in picked],
        "search": [f"{directory}?q={quote(word)}" for word in SEARCH_WORDS],
        # Facets with and without a search word: sector, municipality (Jyväskylä, Vantaa).
        "search-facet": [
            f"{directory}?q={quote(word)}&category={category}" for word, category in FACETED
        ]
        + [f"{directory}?category={category}" for category in categories]
        + [f"{directory}?municipality=179", f"{directory}?q=tuki&municipality=092"],
        **cold_paths(seed, directory),
    }


def query_counts(paths: dict[str, list[str]]) -> dict:
    """Queries and SQL time per page through the test client (a first and a repeated request)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.get(paths["baseline"][0])  # the process's one-time lookups
    report: dict = {}
    for scenario, urls in paths.items():
        # Cold scenarios: the last URLs, which the benchmark reaches last if at all.
        sample = urls[-10:] if scenario.startswith("cold") else urls
        sample = sample if scenario != "detail" else urls[:10]
        pages = []
        for url in sample:
            counts, sql_ms = [], []
            for _ in range(2):
                with CaptureQueriesContext(connection) as ctx:
                    response = client.get(url)
                counts.append(len(ctx.captured_queries))
                sql_ms.append(sum(float(q["time"]) for q in ctx.captured_queries) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"{url} answered {response.status_code}; nothing to benchmark.")
            pages.append(
                {
                    "url": url,
                    "queries_first": counts[0],
                    "queries_again": counts[1],
                    "sql_ms_again": round(sql_ms[1], 2),
                    "sql": [
                        {"ms": round(float(q["time"]) * 1000, 1), "sql": q["sql"][:300]}
                        for q in ctx.captured_queries
                    ],
                }
            )
        report[scenario] = {
            "max_queries": max(max(p["queries_first"], p["queries_again"]) for p in pages),
            "budget": QUERY_BUDGET.get(scenario, 1),
            "pages": pages,
        }
    return report


def check_targets(size: int, summary: dict, counts: dict) -> dict:
    checks = {
        "detail ratio >= 0.5": summary["detail"]["ratio_median"] >= TARGETS["detail_ratio"],
    }
    if size <= 1000:
        checks["search ratio >= 0.15"] = (
            summary["search"]["ratio_median"] >= TARGETS["search_ratio_500"]
        )
        checks["search p95 <= 40 ms"] = summary["search"]["p95_ms"] <= TARGETS["search_p95_ms_500"]
    else:
        checks["search p95 <= 150 ms"] = (
            summary["search"]["p95_ms"] <= TARGETS["search_p95_ms_100000"]
        )
        for scenario in ("cold-words", "cold-words-filters", "cold-filters"):
            checks[f"{scenario} p95 <= 150 ms"] = (
                summary[scenario]["p95_ms"] <= TARGETS["cold_p95_ms_100000"]
            )
    for scenario, budget in QUERY_BUDGET.items():
        checks[f"{scenario} queries <= {budget}"] = counts[scenario]["max_queries"] <= budget
    return checks


# --- main -------------------------------------------------------------------------------------


def machine() -> dict:
    cpuinfo = Path("/proc/cpuinfo").read_text()
    model = re.search(r"model name\s*:\s*(.+)", cpuinfo)
    memory = re.search(r"MemTotal:\s+(\d+) kB", Path("/proc/meminfo").read_text())
    return {
        "cpus": os.cpu_count(),
        "cpu_model": model.group(1) if model else platform.processor(),
        "memory_gib": round(int(memory.group(1)) / 1024**2, 1) if memory else None,
        "python": platform.python_version(),
        "kernel": platform.release(),
    }


def git_commit() -> str:
    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=ROOT, capture_output=True, text=True, check=False
        ).stdout.strip()

    dirty = git("status", "--porcelain", "--untracked-files=no")
    return git("rev-parse", "--short", "HEAD") + ("-dirty" if dirty else "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=500, help="organisations in the data set")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--duration", type=int, default=5, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--wrk-threads", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=1, help="gunicorn threads per worker")
    parser.add_argument("--port", type=int, default=8100)
    parser.add_argument("--rebuild", action="store_true", help="regenerate the data set")
    parser.add_argument(
        "--database-prefix",
        default="yhdessa_bench",
        help="the data set's database is <prefix>_<size> (one per engineer on a shared server)",
    )
    parser.add_argument("--counts-only", action="store_true", help="query counts, no HTTP")
    parser.add_argument("--no-cache", action="store_true", help="every cache off (dummy cache)")
    args = parser.parse_args()

    url, needs_data, notes = prepare_database(
        args.size, args.seed, args.rebuild, args.database_prefix
    )
    os.environ.update(BENCH_ENV)
    os.environ["DATABASE_URL"] = url
    settings_module = "bench.nocache_settings" if args.no_cache else "portal.settings"
    os.environ["DJANGO_SETTINGS_MODULE"] = settings_module
    import django

    django.setup()
    from django.core.management import call_command

    log(f"Database {urlsplit(url).path.lstrip('/')} on {urlsplit(url).hostname or 'socket'}")
    call_command("migrate", interactive=False, verbosity=0)
    if needs_data:
        notes = generate(args.size, args.seed)
        set_marker(url, args.size, args.seed, notes)
    else:
        log(f"Reusing the data set: {notes}")
    call_command("collectstatic", interactive=False, verbosity=0)

    paths = scenario_paths(args.seed)
    counts = query_counts(paths)
    for scenario, data in counts.items():
        per_page = sorted({p["queries_first"] for p in data["pages"]})
        again = sorted({p["queries_again"] for p in data["pages"]})
        log(
            f"queries {scenario}: first request {per_page}, repeated {again} "
            f"(budget {data['budget']}, max {data['max_queries']})"
        )
    from django.db import connections

    connections.close_all()

    result: dict = {
        "size": args.size,
        "dataset": notes,
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "commit": git_commit(),
        "machine": machine(),
        "config": {
            "gunicorn": f"-w {args.workers} --threads {args.threads}",
            "wrk": f"-t{args.wrk_threads} -c{args.connections} -d{args.duration}s",
            "rounds": args.rounds,
            "redis_cache": bool(os.environ.get("REDIS_URL")),
            "settings": settings_module,
        },
        "paths": {name: urls[:20] for name, urls in paths.items()},
        "query_counts": counts,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%SZ", time.gmtime())
    out = RESULTS / f"{stamp}-{args.size}.json"
    if args.counts_only:
        out.write_text(json.dumps(result, indent=2, ensure_ascii=False))
        log(f"Wrote {out}")
        return

    scenarios = list(paths)
    env = {**os.environ, **BENCH_ENV, "DATABASE_URL": url}
    server = start_gunicorn(env, args.port, args.workers, args.threads)
    try:
        workers = children(server.pid)
        if len(workers) != args.workers:
            raise SystemExit(f"Expected {args.workers} gunicorn workers, found {len(workers)}.")
        with tempfile.TemporaryDirectory() as tmp:
            scripts = {name: lua_script(Path(tmp), name, urls) for name, urls in paths.items()}
            log("Warming up (2 s per scenario)")
            # Where each scenario's next run starts in its URL list: cold ones move on.
            started = dict.fromkeys(scenarios, 0)
            for name in scenarios:
                warm = run_wrk(args.port, scripts[name], 2, args.connections, args.wrk_threads)
                started[name] += warm["requests"] + args.connections
            rounds = []
            for number in range(1, args.rounds + 1):
                this_round = {}
                for name in scenarios:
                    this_round[name] = run_wrk(
                        args.port, scripts[name], args.duration, args.connections,
                        args.wrk_threads, started[name] if name.startswith("cold") else 0,
                    )  # fmt: skip
                    started[name] += this_round[name]["requests"] + args.connections
                    if name.startswith("cold") and started[name] > len(paths[name]):
                        this_round[name]["repeated"] = True  # past the end of the unique URLs
                rounds.append(this_round)
                log(
                    f"round {number}: "
                    + ", ".join(
                        f"{name} {r['rps']:.0f}/s p95 {r['p95_ms']:.1f} ms"
                        + (" (URLs repeated)" if r.get("repeated") else "")
                        for name, r in this_round.items()
                    )
                )
        result["worker_peak_rss_mb"] = [peak_rss_mb(pid) for pid in children(server.pid)]
    finally:
        stop_gunicorn(server)

    summary = summarise(rounds, scenarios)
    result["rounds"] = rounds
    result["summary"] = summary
    result["checks"] = check_targets(args.size, summary, counts)
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False))

    print()
    print(f"{args.size} organisations ({notes.get('organisations')}), commit {result['commit']}")
    print("| scenario | req/s median (min–max) | ratio median (min–max) | p50 | p95 | p99 "
          "| CPU ms/req | queries |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|")
    for name, s in summary.items():
        print(
            f"| {name} | {s['rps_median']:.0f} ({s['rps_min']:.0f}–{s['rps_max']:.0f}) "
            f"| {s['ratio_median']:.2f} ({s['ratio_min']:.2f}–{s['ratio_max']:.2f}) "
            f"| {s['p50_ms']:.1f} | {s['p95_ms']:.1f} | {s['p99_ms']:.1f} "
            f"| {s['cpu_ms_per_request']:.2f} | {counts[name]['max_queries']} |"
            + (f" ({s['rounds']} rounds with new URLs)" if s["rounds"] < len(rounds) else "")
        )
    print()
    for check, ok in result["checks"].items():
        print(f"  {'PASS' if ok else 'FAIL'}  {check}")
    log(f"Wrote {out}")


if __name__ == "__main__":
    main()
