"""The web process (portal/wsgi.py) moves its warm objects out of the garbage collector's
generations once it has served its first requests, so that no request waits for a full
collection over every module, model and template (bench/README.md, 2026-12-06)."""

from tests.processes import process_env, run_python

SCRIPT = """
import gc
import portal.wsgi as wsgi
from django.test import Client

client = Client()
for _ in range(wsgi.FREEZE_AFTER_REQUESTS - 1):
    client.get("/no-such-page/")
before = gc.get_freeze_count()
client.get("/no-such-page/")
print(before, gc.get_freeze_count())
"""


def test_the_web_process_freezes_its_objects_after_its_first_requests():
    done = run_python("-c", SCRIPT, env=process_env(DJANGO_SETTINGS_MODULE="portal.settings"))
    assert done.returncode == 0, done.stderr
    before, after = map(int, done.stdout.split()[-2:])
    # Before: only what a library froze at import (a few hundred objects).
    assert after > before + 10_000  # the modules, models, URL patterns and templates
