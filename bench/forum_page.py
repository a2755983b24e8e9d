"""In-process timing of a busy consultation page (participation forums), through Django's test
client, with DEBUG off.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/yh_forums \
        uv run python bench/forum_page.py [--comments 500] [--n 100]

Builds a forum with a consultation of six sections and `--comments` comments (a third of them
replies, each with a few "I agree"s, a tenth with a link) inside a transaction that is rolled
back at the end, so the database is left as it was. Reports the median and 95th percentile of
the page as an anonymous reader and as a signed-in resident (the query counts are pinned in
tests/forums/test_forums.py).
Not a test: never under pytest.
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--comments", type=int, default=500)
    parser.add_argument("--n", type=int, default=100, help="requests per scenario")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    os.environ["DJANGO_DEBUG"] = "false"
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-" + "x" * 60)
    os.environ["DJANGO_SECURE_SSL_REDIRECT"] = "false"
    import django

    django.setup()
    from django.conf import settings
    from django.db import transaction
    from django.test import Client

    settings.ALLOWED_HOSTS = ["testserver"]
    # No collected static files here: plain static storage instead of the manifest.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    from accounts.models import User
    from forums.models import Agreement, Comment
    from tests.forums.factories import make_consultation, make_forum

    with transaction.atomic():
        forum = make_forum(slug="bench-forum-timing")
        consultation = make_consultation(forum, sections=6)
        sections = list(consultation.sections.all())
        users = [
            User.objects.create(email=f"bench-forum-{i}@example.com", display_name=f"Lukija {i}")
            for i in range(30)
        ]
        tops: list[Comment] = []
        for i in range(args.comments):
            parent = tops[i % len(tops)] if tops and i % 3 == 2 else None
            comment = Comment.objects.create(
                consultation=consultation,
                section=parent.section if parent else sections[i % 6],
                parent=parent,
                author=users[i % 30],
                body=f"Kommentti {i}: "
                + ("https://example.com/ " if i % 10 == 0 else "")
                + "sanoja " * 30,
            )
            if parent is None:
                tops.append(comment)
            Agreement.objects.bulk_create(
                Agreement(comment=comment, user=users[(i + k) % 30]) for k in range(1, i % 4 + 1)
            )
        url = f"/fi/forums/consultation/{consultation.pk}/"
        results = {}
        for label, user in (("anonymous", None), ("resident", users[0])):
            client = Client()
            if user is not None:
                client.force_login(user)
            assert client.get(url).status_code == 200
            times = []
            for _ in range(args.n):
                started = time.perf_counter()
                client.get(url)
                times.append((time.perf_counter() - started) * 1000)
            times.sort()
            results[label] = (statistics.median(times), times[int(len(times) * 0.95) - 1])
        transaction.set_rollback(True)
    print(f"consultation page with {args.comments} comments, {args.n} requests each:")
    for label, (median, p95) in results.items():
        print(f"  {label:10} median {median:6.1f} ms  p95 {p95:6.1f} ms")


if __name__ == "__main__":
    main()
