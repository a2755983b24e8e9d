import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits live in the cache: every test starts from zero."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """A request under /sv/ leaves Swedish active in the thread: start every test in Finnish."""
    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture(autouse=True)
def _celery_eager(request):
    """Tasks run in the test's thread when they are queued, unless a real worker takes them.

    E-mails are queued after commit (notifications.services): a test sees them in the outbox
    once the on-commit callbacks run (django_capture_on_commit_callbacks, or a live server).
    """
    from portal.celery import app

    if "celery_worker" in request.fixturenames:
        yield
        return
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False


@pytest.fixture(scope="module")
def celery_worker(django_db_blocker):
    """A real Celery worker in a thread of this process, taking tasks from the broker."""
    from celery.contrib.testing.worker import start_worker

    from portal.celery import app

    app.conf.task_always_eager = False
    # Starting a worker runs Django's system checks, which ask PostgreSQL for its version.
    with (
        django_db_blocker.unblock(),
        start_worker(app, perform_ping_check=False, pool="solo", loglevel="WARNING"),
    ):
        yield
