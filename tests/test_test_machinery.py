"""The test machinery itself: a process a test starts reaches the test run's own database and
broker (tests/processes.py), each test process has its own broker, and `redis_url` is a Redis
that answers, and the reference data outlives a transactional test's flush."""

from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from tests.processes import process_env, run_python

pytestmark = pytest.mark.django_db

PROBE = (
    "import django; django.setup(); "
    "from django.conf import settings; from django.db import connection; "
    "from accounts.models import User; "
    "print(connection.settings_dict['NAME']); "
    "print(User.objects.count()); "
    "print(settings.CELERY_BROKER_URL, "
    "settings.CELERY_BROKER_TRANSPORT_OPTIONS.get('data_folder_in')); "
    "print(settings.CELERY_TASK_DEFAULT_QUEUE)"
)


def test_a_started_process_uses_the_test_database_and_this_process_broker():
    result = run_python("-c", PROBE, env=process_env(DJANGO_SETTINGS_MODULE="portal.settings"))

    assert result.returncode == 0, result.stderr
    name, _users, broker, queue = result.stdout.strip().splitlines()
    assert queue == settings.CELERY_TASK_DEFAULT_QUEUE  # its own queue per xdist worker
    assert name == connection.settings_dict["NAME"]
    assert name.startswith("test_")
    if settings.REDIS_URL:
        assert broker.split()[0] == settings.REDIS_URL
    else:
        assert broker.split()[1] == settings.CELERY_BROKER_TRANSPORT_OPTIONS["data_folder_in"]
        assert "/tests/" in broker  # not the portal's own .data/broker


def test_this_process_broker_folders_exist_and_are_the_ones_every_part_reads():
    """A worker started by a test takes from this process's own folders, which exist before it
    starts (a worker whose queue folder is missing dies in its thread and the start waits for
    ever)."""
    if settings.REDIS_URL:  # with a real Redis each test process has its own queue instead
        assert settings.CELERY_BROKER_URL == settings.REDIS_URL
        assert settings.CELERY_TASK_DEFAULT_QUEUE.startswith("celery")
        return
    options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
    for name, folder in settings.BROKER_FOLDERS.items():
        assert options[name] == folder
        assert Path(folder).is_dir(), folder
        assert "/tests/" in folder  # not the portal's own .data/broker


def test_redis_url_answers(redis_url):
    import redis

    client = redis.Redis.from_url(redis_url, socket_timeout=2)
    assert client.ping()


# Files whose processes must not reach the test run's database, with the reason.
OWN_ENVIRONMENT = {
    "tests/test_guards.py": "runs manage.py on an empty data folder without any database",
}


def test_every_test_that_starts_python_passes_the_run_database_and_broker():
    """A process started with the test's Python gets `process_env()` (or the test database's
    `database_url()`), so it never falls back to the development database or broker."""
    import re
    from pathlib import Path

    base = Path(settings.BASE_DIR)
    offenders = []
    for path in sorted((base / "tests").rglob("*.py")):
        relative = str(path.relative_to(base))
        text = path.read_text(encoding="utf-8")
        if relative in OWN_ENVIRONMENT or relative == "tests/processes.py":
            continue
        if re.search(r"sys\.executable", text) and not re.search(
            r"\b(process_env|database_url)\(", text
        ):
            offenders.append(relative)
    assert not offenders, f"pass env=process_env(...) (tests/processes.py) in: {offenders}"


@pytest.mark.django_db(transaction=True)
def test_the_flush_after_a_transactional_test_leaves_the_reference_data():
    """A transactional test ends with a flush of every table; the tests a worker runs after it
    (it may steal ordinary tests after its transactional ones) need the welfare areas,
    municipalities and taxonomy the migrations load. The flush's post_migrate loads them back."""
    from django.core.management import call_command

    from areas.models import Municipality, WelfareArea
    from taxonomy.models import Term

    call_command("flush", interactive=False, verbosity=0)
    assert WelfareArea.objects.filter(slug="keski-suomi").exists()
    assert Municipality.objects.filter(code="179").exists()
    assert Term.objects.exists()
