"""CPU time per request of the pages every visitor sees through the shared layout (home, an
organisation's page), through Django's test client with DEBUG off; optionally a cProfile of the
organisation page sorted by cumulative time.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/yhdessa uv run python bench/layout.py \
        [--n 400] [--profile] [--layout-only]

Needs a seeded database (`manage.py seed_demo`). In-process and single-threaded: a quick check of
what the layout costs per request, not a substitute for bench/run.py's HTTP figures.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import run  # noqa: E402  (bench/run.py: the benchmark's settings)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=400, help="requests per page and block")
    parser.add_argument("--blocks", type=int, default=3)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument(
        "--layout-only",
        action="store_true",
        help="render only base.html (an empty page) for an anonymous visitor: no middleware",
    )
    args = parser.parse_args()

    os.environ.update(run.BENCH_ENV)
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings"
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    call_command("collectstatic", interactive=False, verbosity=0)  # DEBUG off: the manifest

    from organisations.models import Organisation

    organisation = Organisation.objects.published().order_by("pk").first()
    pages = {"home": "/fi/", "organisation": organisation.get_absolute_url()}
    client = Client()
    for path in pages.values():
        for _ in range(20):  # warm: caches filled, templates loaded
            assert client.get(path).status_code == 200, path

    def cpu_ms(path: str, n: int) -> float:
        start = time.process_time()
        for _ in range(n):
            client.get(path)
        return (time.process_time() - start) * 1000 / n

    if args.layout_only:
        render = layout_renderer(pages["organisation"])
        for _ in range(50):
            render()
        blocks = []
        for _ in range(args.blocks):
            start = time.process_time()
            for _ in range(args.n):
                render()
            blocks.append((time.process_time() - start) * 1000 / args.n)
        each = ", ".join(f"{block:.3f}" for block in blocks)
        print(f"layout only: best {min(blocks):.3f} CPU-ms per render (blocks {each})")
        return
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        cpu_ms(pages["organisation"], args.n)
        profiler.disable()
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.sort_stats("cumulative").print_stats(60)
        stats.sort_stats("tottime").print_stats(40)
        print(out.getvalue())
        return
    for name, path in pages.items():
        blocks = [cpu_ms(path, args.n) for _ in range(args.blocks)]
        each = ", ".join(f"{block:.2f}" for block in blocks)
        print(f"{name}: best {min(blocks):.2f} CPU-ms per request (blocks {each}) {path}")


def layout_renderer(path: str):
    """A function that renders base.html around an empty page, as for an anonymous visitor
    of `path` in Finnish."""
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.template import engines
    from django.test import RequestFactory
    from django.urls import resolve
    from django.utils import translation

    template = engines["django"].from_string(
        '{% extends "base.html" %}{% block title %}x{% endblock %}'
        "{% block content %}<h1>x</h1>{% endblock %}"
    )
    factory = RequestFactory()
    translation.activate("fi")

    def render() -> str:
        request = factory.get(path)
        request.user = AnonymousUser()
        request.resolver_match = resolve(request.path_info)
        request.csp_nonce = "bench"
        request.session = {}
        request._messages = FallbackStorage(request)
        return template.render({}, request)

    return render


if __name__ == "__main__":
    main()
