"""The test run's own database, broker and cache, in every test process.

- Without DATABASE_URL the embedded PostgreSQL is started (portal/embedded_db.py; fsync off
  unless YHDESSA_PG_FSYNC says otherwise). pytest-django creates the test database on it:
  `test_yhdessa`, or `test_yhdessa_gw0`, `test_yhdessa_gw1` … under pytest-xdist (`-n auto`).
- Each test process gets its own folder under .data/tests/ (removed at the end) for media and
  attachments, and, without REDIS_URL, for the file-system broker (so neither another xdist
  worker nor a `portal.run` on the same data folder takes its tasks); with REDIS_URL each xdist
  worker gets its own cache key prefix (each test clears the cache).
- Under xdist each test file runs whole on one worker, and the files that use a real broker (a
  `celery_worker`, the `real_time` or the `real_broker` marker) all on the same one, so the
  Redis queue is never shared by two workers (`pytest_xdist_make_scheduler` below).
- Passwords are hashed with MD5 (fast): no test measures the production hasher.

A process a test starts gets all of this through `tests.processes.process_env()`.
"""

import os
import shutil
import tempfile
from pathlib import Path

REAL_BROKER_GROUP = "real_broker"


def pytest_configure(config):
    worker = getattr(config, "workerinput", {}).get("workerid")
    _own_folders(config, worker)
    _fast_passwords()
    if os.environ.get("DATABASE_URL"):
        return
    from portal import embedded_db

    os.environ.setdefault("YHDESSA_PG_FSYNC", "off")
    embedded_db.acquire()
    config.add_cleanup(embedded_db.release)


def _own_folders(config, worker: str | None) -> None:
    """This test process's own broker (see the module's docstring), media and attachment
    folders, under .data/tests/, removed at the end; processes it starts inherit them."""
    from django.conf import settings

    parent = Path(settings.DATA_DIR) / "tests"
    parent.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=f"{worker or 'main'}-", dir=parent))
    config.add_cleanup(lambda: shutil.rmtree(folder, ignore_errors=True))
    settings.MEDIA_ROOT = folder / "media"
    settings.BODIES_ATTACHMENT_ROOT = folder / "attachments"
    os.environ["DJANGO_MEDIA_ROOT"] = str(settings.MEDIA_ROOT)
    os.environ["YHDESSA_ATTACHMENT_ROOT"] = str(settings.BODIES_ATTACHMENT_ROOT)

    if settings.REDIS_URL:
        if worker:
            prefix = f"{settings.CACHES['default'].get('KEY_PREFIX', '')}-{worker}"
            settings.CACHES["default"]["KEY_PREFIX"] = prefix
            os.environ["CACHE_KEY_PREFIX"] = prefix
        return
    from portal.celery import ensure_broker_folders

    broker = folder / "broker"
    os.environ["YHDESSA_BROKER_DIR"] = str(broker)
    settings.BROKER_DIR = broker
    # The same dict Celery reads its transport options from: changed in place.
    settings.CELERY_BROKER_TRANSPORT_OPTIONS.update(
        data_folder_in=str(broker / "queue"),
        data_folder_out=str(broker / "queue"),
        processed_folder=str(broker / "processed"),
        control_folder=str(broker / "control"),
    )
    ensure_broker_folders()


def _fast_passwords() -> None:
    from django.conf import settings
    from django.contrib.auth.hashers import get_hashers, get_hashers_by_algorithm

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    get_hashers.cache_clear()
    get_hashers_by_algorithm.cache_clear()


REAL_BROKER_WORDS = ("celery_worker", "real_time", "real_broker")


def pytest_xdist_make_scheduler(config, log):
    """Under xdist: each test file runs whole on one worker, so its module-scoped fixtures (a
    matrix's world, the seeded demo) are built once, not once per worker; and every file that
    takes tasks from a real broker (it names `celery_worker`, `real_time` or `real_broker`) runs
    on one and the same worker, so two workers never share the Redis queue.

    (pytest-xdist's own `xdist_group` cannot do this under pytest 9, whose node ids it no longer
    changes.)"""
    if config.getvalue("dist") not in ("load", "loadfile", "loadscope", "loadgroup"):
        return None  # --dist each, worksteal …: xdist's own
    from xdist.scheduler import LoadScopeScheduling

    rootpath = config.rootpath

    class FileAndBrokerScheduling(LoadScopeScheduling):
        _groups: dict[str, str] = {}

        def _split_scope(self, nodeid: str) -> str:
            path = nodeid.split("::", 1)[0]
            if path not in self._groups:
                try:
                    text = (rootpath / path).read_text(encoding="utf-8")
                except OSError:
                    text = ""
                real = any(word in text for word in REAL_BROKER_WORDS)
                self._groups[path] = REAL_BROKER_GROUP if real else path
            return self._groups[path]

    return FileAndBrokerScheduling(config, log)
