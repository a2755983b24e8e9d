"""What a process started by a test needs to use the test run's database, broker and cache.

The test run's database is the test database (`test_yhdessa`, `test_yhdessa_gw0` under xdist) on
the embedded PostgreSQL or on DATABASE_URL's server; the broker is REDIS_URL's Redis or this
test process's own folder of the file-system broker (YHDESSA_BROKER_DIR, set by the root
conftest.py). Every test that starts a Django or Celery process passes it `process_env()`.
"""

from __future__ import annotations

import os
import subprocess
import sys
from urllib.parse import quote

from django.conf import settings


def database_url() -> str:
    """The URL of the database this test process uses (the test database while tests run).
    A Unix-socket host (the embedded PostgreSQL) is percent-encoded, as dj-database-url reads it.
    """
    from django.db import connection

    db = connection.settings_dict
    host = db["HOST"] or db.get("OPTIONS", {}).get("host", "") or "127.0.0.1"
    password = f":{quote(db['PASSWORD'], safe='')}" if db.get("PASSWORD") else ""
    user = quote(db["USER"], safe="")
    port = db["PORT"] or 5432
    return f"postgres://{user}{password}@{quote(host, safe='')}:{port}/{db['NAME']}"


def process_env(**extra: str) -> dict[str, str]:
    """This process's environment with the test run's database, broker and cache, and `extra`."""
    env = dict(os.environ)
    env["DATABASE_URL"] = database_url()
    if settings.REDIS_URL:
        env["REDIS_URL"] = settings.REDIS_URL
        env["CACHE_KEY_PREFIX"] = settings.CACHES["default"].get("KEY_PREFIX", "")
        env["YHDESSA_TASK_QUEUE"] = settings.CELERY_TASK_DEFAULT_QUEUE
    else:
        env.pop("REDIS_URL", None)
        env["YHDESSA_BROKER_DIR"] = str(settings.BROKER_DIR)
    env.update(extra)
    return env


def run_python(
    *args: str, env: dict[str, str], timeout: int = 120
) -> subprocess.CompletedProcess[str]:
    """This Python run on `args` (`"-c", script` or `"manage.py", command`) in the repository's
    folder with `env` (`process_env()` for the test run's database and broker), its output
    captured as text. The caller checks the return code."""
    return subprocess.run(
        [sys.executable, *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
