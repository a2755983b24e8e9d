import pytest
from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_migrate
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


def _reference_data_back() -> None:
    """The rows the data migrations load, back if an earlier transactional test on this worker
    flushed them (the module's world is built on them)."""
    from areas.loader import load_postcodes, load_reference_data
    from areas.models import Municipality, Postcode, WelfareArea
    from taxonomy.loader import load_taxonomy
    from taxonomy.models import Network, Term

    if not WelfareArea.objects.exists():
        load_reference_data(WelfareArea, Municipality)
    if not Postcode.objects.exists():
        load_postcodes(Postcode, Municipality)
    if not Term.objects.exists():
        load_taxonomy(Term, Network, WelfareArea)


def _reference_data_after_flush(sender, **kwargs) -> None:
    """A transactional test ends with a flush of every table, reference data included, and
    Django then sends post_migrate: load the reference rows back there, outside any test's
    transaction. Tests after it on the same worker (with --dist worksteal a worker steals
    ordinary tests after its transactional ones) find the areas and the taxonomy as the
    migrations left them."""
    if sender.label == "taxonomy":
        _reference_data_back()


post_migrate.connect(
    _reference_data_after_flush, weak=False, dispatch_uid="tests-reference-data-after-flush"
)


@pytest.fixture(scope="module")
def module_transaction(django_db_setup, django_db_blocker):
    """One transaction held open for a test module, rolled back at its end.

    Data a module-scoped fixture creates inside it is built once and shared by the module's
    tests; each test that uses the database (mark the module `django_db`) runs in a savepoint
    inside it, so what one test changes is undone before the next. For permission matrices,
    whose hundreds of cells need the same world."""
    from django.db import transaction

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            _reference_data_back()
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def reference_data(transactional_db):
    """The rows the data migrations load, back after an earlier transactional test's flush
    (browser tests, tests with a real worker)."""
    _reference_data_back()


@pytest.fixture
def refused_port():
    """A local port nothing listens on (bound, then closed again): connections are refused."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return port


@pytest.fixture
def hanging_port():
    """Listens, so connections succeed, but never accepts or answers a command."""
    import socket

    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(128)
        yield server.getsockname()[1]


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


# --- Shared personas and data of the registry's coordinator tests ------------------------------
# (tests/organisations/test_merge.py uses them; the other coordinator test files can drop their
# copies of the same preamble.)


@pytest.fixture
def english_pages():
    """Pages and messages in English, for readable assertions."""
    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture
def area(db):
    """The welfare area most tests act in (reference data loaded by a migration)."""
    from areas.models import WelfareArea

    return WelfareArea.objects.get(slug="keski-suomi")


@pytest.fixture
def coordinator(client, area):
    """A coordinator of `area` with two-factor authentication, logged in on `client`."""
    from tests.personas import make_coordinator

    user = make_coordinator("koordinaattori@example.com", area.slug)
    client.force_login(user)
    return user


# A base.html of a page's messages and content only, behind the real one (`stand_in_base`).
MINIMAL_BASE = (
    "<!DOCTYPE html><html><head><title>{% block title %}{% endblock %}</title></head>"
    "<body>{% for m in messages %}<p class='message'>{{ m }}</p>{% endfor %}"
    "<main>{% block content %}{% endblock %}</main></body></html>"
)


@pytest.fixture
def stand_in_base(settings, tmp_path):
    """English pages and a stand-in base.html behind the real one (the registry's page tests:
    tests/organisations/test_manage.py, test_membership.py, test_freshness.py)."""
    folder = tmp_path / "stand-in-templates"
    folder.mkdir()
    (folder / "base.html").write_text(MINIMAL_BASE)
    templates = [dict(t) for t in settings.TEMPLATES]
    templates[0]["DIRS"] = [*templates[0]["DIRS"], folder]
    settings.TEMPLATES = templates
    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture
def organisation(db):
    """A published organisation ("muistiyhdistys"), with its admin in `admin`."""
    from organisations.models import Organisation, Status

    return Organisation.objects.create(
        name="Jyväskylän Muistiyhdistys ry", slug="muistiyhdistys", status=Status.PUBLISHED
    )


@pytest.fixture
def admin(organisation):
    from organisations.models import Membership
    from tests.personas import make_user

    user = make_user("admin@example.com")
    Membership.objects.create(organisation=organisation, user=user, role=Membership.Role.ADMIN)
    return user


@pytest.fixture
def make_org(db):
    """make_org(area, name=..., admin_email=..., **fields): a draft organisation active in
    Jyväskylä, with an admin member when `admin_email` is given."""
    from areas.models import Municipality
    from organisations.models import Membership, Organisation
    from tests.personas import make_user

    def make(area, *, name="Muistiyhdistys ry", admin_email=None, **fields) -> Organisation:
        organisation = Organisation.objects.create(
            name=name,
            slug=name.lower().replace(" ", "-"),
            welfare_area=area,
            description_fi="Kuvaus.",
            categories=["older_people"],
            **fields,
        )
        organisation.municipalities.set(Municipality.objects.filter(code="179"))
        if admin_email:
            Membership.objects.create(
                organisation=organisation, user=make_user(admin_email), role=Membership.Role.ADMIN
            )
        return organisation

    return make


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory):
    """A real Redis for tests that need one whatever the run's broker: REDIS_URL's server when
    it is set, else a redis-server this test process starts on a free local port (stopped at the
    end of the session). Without redis-server the test fails, saying what to install."""
    import shutil
    import socket
    import subprocess
    import time

    import redis

    if settings.REDIS_URL:
        yield settings.REDIS_URL
        return
    executable = shutil.which("redis-server")
    if executable is None:
        pytest.fail("redis-server is not installed: apt-get install redis-server", pytrace=False)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    folder = tmp_path_factory.mktemp("redis")
    server = subprocess.Popen(
        [executable, "--bind", "127.0.0.1", "--port", str(port), "--save", "",
         "--appendonly", "no", "--dir", str(folder)],
        stdout=subprocess.DEVNULL,
        start_new_session=True,
    )  # fmt: skip
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url, socket_connect_timeout=0.5)
    deadline = time.monotonic() + 20
    while True:
        try:
            client.ping()
            break
        except redis.ConnectionError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail(f"redis-server did not start on port {port}")
            time.sleep(0.1)
    try:
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)
