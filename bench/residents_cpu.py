"""CPU milliseconds per request of the residents' search page, in one process, on a fixed set of
URLs: a measure that holds on a machine others are loading (wall-clock req/s does not).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/yhdessa_search_residents_40 \
        uv run python bench/residents_cpu.py [--n 30] [--cold] [--profile]

Django's test client with the benchmark's settings (bench/run.py: DEBUG off, the Redis cache
when REDIS_URL is set, a cache prefix of this run's own). Each URL is requested once to warm the
caches, then `--n` times; `time.process_time()` counts this process's CPU only (the view, the
templates, the database driver; PostgreSQL's own work is in another process and not counted).
`--cold` clears the cache before every request (the head, labels and fragments computed each
time). `--profile` prints a cProfile of all the URLs, sorted by cumulative time. Use the same
database before and after a change; bench/residents_run.py builds it (`--scale regional`).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import run  # noqa: E402  (bench/run.py: the benchmark's settings)

URLS = [
    "/fi/search/",
    "/fi/search/?q=vertaistuki",
    "/fi/search/?q=vertaistuki&postcode=40100&radius=25",
    "/fi/search/?q=muistikahvila&postcode=40520&radius=10",
    "/fi/search/?when=week&postcode=40100",
    "/fi/search/?when=month&municipality=179&theme=memory&free=yes",
    "/fi/search/?q=syöpä&postcode=40520&radius=10",
    "/fi/search/?q=sukellus&postcode=40100",  # finds nothing: the ways to widen it
    "/sv/search/?q=minne&postcode=40100&radius=25",
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=30, help="requests per URL")
    parser.add_argument("--cold", action="store_true", help="clear the cache before each request")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()

    os.environ.update(run.BENCH_ENV)
    os.environ["CACHE_KEY_PREFIX"] = f"residents-cpu-{time.time_ns()}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings"
    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    sizes, queries = {}, {}
    for url in URLS:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        sizes[url] = len(response.content)
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        queries[url] = len(captured)

    def one(url: str) -> float:
        if args.cold:
            cache.clear()
        start = time.process_time()
        client.get(url)
        return (time.process_time() - start) * 1000

    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.n):
            for url in URLS:
                one(url)
        profiler.disable()
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out).sort_stats("cumulative")
        stats.print_stats(os.environ.get("PROFILE_FILTER", ""), 45)
        if callees := os.environ.get("PROFILE_CALLEES"):
            stats.sort_stats("cumulative").print_callees(callees)
        print(out.getvalue())
        return

    times: dict[str, list[float]] = {url: [] for url in URLS}
    for _ in range(args.n):  # interleaved, so a burst of load hits every URL alike
        for url in URLS:
            times[url].append(one(url))
    print(f"CPU ms per request ({'cold' if args.cold else 'warm'} cache, n={args.n}, load "
          f"{os.getloadavg()[0]:.1f}):")  # fmt: skip
    print("| URL | median | mean | queries (warm) | KB |")
    print("|---|---|---|---|---|")
    for url in URLS:
        median, mean = statistics.median(times[url]), statistics.fmean(times[url])
        print(f"| `{url}` | {median:.1f} | {mean:.1f} | {queries[url]} | {sizes[url] // 1024} |")
    everything = [t for values in times.values() for t in values]
    print(f"| all | {statistics.median(everything):.1f} | {statistics.fmean(everything):.1f} | | |")


if __name__ == "__main__":
    main()
