"""The test run's own database, broker and cache, in every test process.

- Without DATABASE_URL the embedded PostgreSQL is started (portal/embedded_db.py; fsync off
  unless YHDESSA_PG_FSYNC says otherwise). pytest-django creates the test database on it:
  `test_yhdessa`, or `test_yhdessa_gw0`, `test_yhdessa_gw1` … under pytest-xdist (`-n auto`).
- Each test process gets its own folder under .data/tests/ (removed at the end) for media and
  attachments, and, without REDIS_URL, for the file-system broker (so neither another xdist
  worker nor a `portal.run` on the same data folder takes its tasks); with REDIS_URL each xdist
  worker gets its own cache key prefix (each test clears the cache).
- With REDIS_URL each xdist worker also gets its own Celery queue (YHDESSA_TASK_QUEUE), so a
  worker test of one xdist worker never takes another's tasks. (xdist's default scheduling is
  kept: it keeps pytest-django's order, transactional tests after the others, on each worker.)
- Passwords are hashed with MD5 (fast): no test measures the production hasher.

A process a test starts gets all of this through `tests.processes.process_env()`.
"""

import os
import shutil
import tempfile
from pathlib import Path


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
            from portal.celery import app

            prefix = f"{settings.CACHES['default'].get('KEY_PREFIX', '')}-{worker}"
            settings.CACHES["default"]["KEY_PREFIX"] = prefix
            os.environ["CACHE_KEY_PREFIX"] = prefix
            queue = f"{settings.CELERY_TASK_DEFAULT_QUEUE}-{prefix}"
            settings.CELERY_TASK_DEFAULT_QUEUE = queue
            app.conf.task_default_queue = queue
            os.environ["YHDESSA_TASK_QUEUE"] = queue
        return
    from portal.celery import ensure_broker_folders

    broker = folder / "broker"
    os.environ["YHDESSA_BROKER_DIR"] = str(broker)
    settings.BROKER_DIR = broker
    folders = {
        "data_folder_in": str(broker / "queue"),
        "data_folder_out": str(broker / "queue"),
        "processed_folder": str(broker / "processed"),
        "control_folder": str(broker / "control"),
    }
    # The same dicts Celery reads its transport options from and ensure_broker_folders and the
    # health check read the folders from: changed in place.
    settings.BROKER_FOLDERS.update(folders)
    settings.CELERY_BROKER_TRANSPORT_OPTIONS.update(folders)
    ensure_broker_folders()


def _fast_passwords() -> None:
    from django.conf import settings
    from django.contrib.auth.hashers import get_hashers, get_hashers_by_algorithm

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    get_hashers.cache_clear()
    get_hashers_by_algorithm.cache_clear()
