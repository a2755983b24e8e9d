"""A real Celery worker takes tasks from the configured broker (Redis, or the embedded one)."""

import time

from django.core.cache import cache

from portal.tasks import HEARTBEAT_KEY, worker_heartbeat

# The celery_worker fixture is in tests/conftest.py.


def test_worker_runs_the_heartbeat_from_the_broker(celery_worker):
    cache.delete(HEARTBEAT_KEY)
    worker_heartbeat.delay()
    deadline = time.monotonic() + 20
    while cache.get(HEARTBEAT_KEY) is None and time.monotonic() < deadline:
        time.sleep(0.1)
    assert cache.get(HEARTBEAT_KEY) is not None


def test_beat_schedule_is_static_and_sends_the_heartbeat(settings):
    assert settings.CELERY_BEAT_SCHEDULE["worker-heartbeat"]["task"] == (
        "portal.tasks.worker_heartbeat"
    )
    assert "django_celery_beat" not in settings.INSTALLED_APPS
