"""In-process timing (and optional profile) of the benchmarked pages, through Django's test client.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/yhdessa_bench_500 \
        uv run python bench/inprocess.py [--profile detail] [--n 300]

DEBUG off, the same settings as bench/run.py, no HTTP: a quick check between wrk runs, not a
substitute for them. Uses an existing benchmark database (bench/run.py builds it).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import run  # noqa: E402  (bench/run.py: settings and scenario URLs)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=200, help="requests per scenario and block")
    parser.add_argument("--blocks", type=int, default=3)
    parser.add_argument("--profile", default="", help="scenario to profile with pyinstrument")
    args = parser.parse_args()

    os.environ.update(run.BENCH_ENV)
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings"
    import django

    django.setup()
    from django.test import Client

    paths = run.scenario_paths(run.SEED)
    client = Client()
    for urls in paths.values():
        for url in urls[:20]:
            assert client.get(url).status_code == 200, url

    def loop(urls: list[str], n: int) -> float:
        start = time.perf_counter()
        for i in range(n):
            client.get(urls[i % len(urls)])
        return (time.perf_counter() - start) * 1000 / n

    if args.profile:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.0005)
        profiler.start()
        loop(paths[args.profile], args.n)
        profiler.stop()
        print(profiler.output_text(unicode=True, color=False, show_all=False))
        return
    results: dict[str, list[float]] = {name: [] for name in paths}
    for _ in range(args.blocks):
        for name, urls in paths.items():
            results[name].append(loop(urls, args.n))
    base = sorted(results["baseline"])[len(results["baseline"]) // 2]
    for name, times in results.items():
        median = sorted(times)[len(times) // 2]
        print(f"{name:13} {median:7.2f} ms/request  ratio {base / median:5.2f}  {times}")
    print("load average:", Path("/proc/loadavg").read_text().split()[:3])


if __name__ == "__main__":
    main()
