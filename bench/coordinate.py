"""Server time and query counts of the coordinators' pages on the demo data, in-process.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/yhdessa uv run python manage.py seed_demo
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/yhdessa uv run python bench/coordinate.py

Signs in as the demo's Keski-Suomi coordinator (gives them a TOTP device if they have none, so
the staff pages open) and times each page through Django's test client with DEBUG off: the
first request after clearing the cache ("cold") and the median of the next --n ("warm").
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

COORDINATOR = "koordinaattori.keskisuomi@yhdessa.example"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=10, help="warm requests per page")
    parser.add_argument("--sql", action="store_true", help="print each page's queries")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_DEBUG", "false")
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-" + "x" * 60)
    os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings"
    import django

    django.setup()
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings
    from django.urls import reverse

    from accounts.mfa import has_mfa
    from accounts.models import User
    from organisations.access import coordinator_area_ids
    from organisations.models import Organisation

    # No collectstatic needed: plain static storage instead of the manifest.
    override_settings(
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    ).enable()
    user = User.objects.get(email=COORDINATOR)
    if not has_mfa(user):
        TOTP.activate(user, generate_totp_secret())
    client = Client()
    client.force_login(user)
    one = (
        Organisation.objects.filter(welfare_area__in=coordinator_area_ids(user))
        .order_by("pk")
        .first()
    )
    pages = {
        "dashboard": reverse("coordinate:dashboard"),
        "queue": reverse("coordinate:queue"),
        "organisations": reverse("coordinate:organisations"),
        "stale": reverse("coordinate:stale"),
        "duplicates": reverse("coordinate:duplicates"),
        "review": reverse("coordinate:review", args=[one.pk]),
        "history": reverse("coordinate:history", args=[one.pk]),
        "edit": reverse("coordinate:edit", args=[one.pk]),
    }
    print(f"{'page':<14} {'cold ms':>8} {'warm ms':>8} {'queries':>8}")
    for name, url in pages.items():
        client.get(url)  # templates, translations and connections loaded
        cache.clear()
        start = time.perf_counter()
        queries: list[str] = []

        def count(execute, sql, params, many, context, queries=queries):
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            response = client.get(url)
        cold = (time.perf_counter() - start) * 1000
        assert response.status_code == 200, (url, response.status_code)
        warm = []
        for _ in range(args.n):
            start = time.perf_counter()
            client.get(url)
            warm.append((time.perf_counter() - start) * 1000)
        print(f"{name:<14} {cold:8.0f} {statistics.median(warm):8.0f} {len(queries):8d}")
        if args.sql:
            for sql in queries:
                print("    ", sql[:160])


if __name__ == "__main__":
    main()
