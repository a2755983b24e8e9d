"""A Redis that refuses connections or hangs never breaks the directory, sign-in or /healthz.

The settings point at a real local port: one nobody listens on (connections refused at once),
and one that accepts connections and never answers (every read waits for the socket timeout).
The time bounds are loose correctness bounds (a hung Redis used to cost 5-11 s), not benchmarks.
"""

import time

import pytest
from celery import Celery
from django.urls import reverse

from portal.celery import Task
from portal.lib.cache import redis_cache
from tests.organisations.factories import OrganisationFactory
from tests.personas import PASSWORD, make_user

pytestmark = pytest.mark.django_db

BOUND_SECONDS = 3.0
API_LIST = "/api/v1/organisations?page_size=5"


@pytest.fixture
def organisation():
    return OrganisationFactory(name="Keuruun Muistiyhdistys ry")


@pytest.fixture
def resident():
    # Hashed with MD5 (the top conftest.py): the timed sign-in measures waiting for Redis, not
    # PBKDF2 on a busy machine.
    return make_user("asukas@example.com")


@pytest.fixture
def warm(client, organisation, resident):
    """Each page once while Redis works: the timed requests pay no first-request costs."""
    client.get(reverse("organisations:list"))
    client.get(reverse("organisations:detail", kwargs={"slug": organisation.slug}))
    client.post(reverse("account_login"), {"login": resident.email, "password": PASSWORD})
    client.logout()
    client.get(reverse("healthz"))
    client.get(API_LIST)


@pytest.fixture(params=["refused", "hanging"])
def redis_down(request, settings, warm):
    port = request.getfixturevalue(f"{request.param}_port")
    url = f"redis://127.0.0.1:{port}/0"
    settings.REDIS_URL = url
    settings.CACHES = {
        "default": redis_cache(url, key_prefix="outage", timeout=settings.REDIS_TIMEOUT_SECONDS)
    }
    return request.param


def timed(call):
    started = time.monotonic()
    response = call()
    return response, time.monotonic() - started


def test_directory_and_organisation_page_answer(client, organisation, redis_down, caplog):
    for url in (
        reverse("organisations:list"),
        reverse("organisations:list") + "?q=muisti",
        reverse("organisations:detail", kwargs={"slug": organisation.slug}),
    ):
        response, seconds = timed(lambda url=url: client.get(url))
        assert response.status_code == 200, url
        assert "Keuruun Muistiyhdistys ry" in response.content.decode()
        assert seconds < BOUND_SECONDS, (url, seconds)
    assert "treating the cache as empty" in caplog.text  # the outage is logged


def test_the_open_data_api_answers_without_its_shared_cache(client, organisation, redis_down):
    """The API's rate limit counts locally and its shared minute is a miss: each answer is read
    from the database, in time."""
    for _ in range(2):
        response, seconds = timed(lambda: client.get(API_LIST))
        assert response.status_code == 200
        assert "Keuruun Muistiyhdistys ry" in response.content.decode()
        assert seconds < BOUND_SECONDS, seconds


def test_sign_in_works_and_stays_rate_limited(client, resident, redis_down):
    response, seconds = timed(
        lambda: client.post(
            reverse("account_login"), {"login": "asukas@example.com", "password": PASSWORD}
        )
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"]
    assert seconds < BOUND_SECONDS

    # The per-address limit keeps counting in this process's memory meanwhile.
    client.logout()
    for _ in range(5):
        client.post(
            reverse("account_login"), {"login": "asukas@example.com", "password": "väärä-salasana"}
        )
    response = client.post(
        reverse("account_login"), {"login": "asukas@example.com", "password": PASSWORD}
    )
    assert "_auth_user_id" not in client.session
    assert response.status_code in (200, 429)


def test_healthz_says_what_is_down_in_time(client, redis_down):
    response, seconds = timed(lambda: client.get(reverse("healthz")))
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert (body["database"], body["broker"], body["cache"]) == ("ok", "down", "down")
    assert seconds < 2.0


def test_queueing_a_task_gives_up_quickly_and_logs_it(redis_down, settings, caplog):
    """The portal's task class and publish settings, on an app whose broker is the dead Redis."""
    outage = Celery("outage", task_cls=Task, set_as_current=False)
    outage.config_from_object("django.conf:settings", namespace="CELERY")
    outage.conf.broker_url = settings.REDIS_URL
    outage.conf.broker_transport_options = settings.REDIS_BROKER_TRANSPORT_OPTIONS

    @outage.task(name="outage.noop")
    def noop() -> None:
        pass

    for _ in range(3):  # once it failed, the next ones are dropped at once
        started = time.monotonic()
        assert noop.delay() is None
        assert time.monotonic() - started < BOUND_SECONDS
    assert "Could not queue task outage.noop" in caplog.text
    outage.close()


def test_cache_calls_are_misses_and_rate_limits_count_locally(refused_port):
    from portal.lib.cache import ResilientRedisCache

    url = f"redis://127.0.0.1:{refused_port}/0"
    entry = redis_cache(url, key_prefix="outage", timeout=0.5)
    cache = ResilientRedisCache(url, entry)
    assert cache.get("sivu") is None
    assert cache.get_or_set("sivu", "laskettu") == "laskettu"
    assert cache.get("sivu") is None  # nothing kept in this process for ordinary keys
    assert cache.get_many(["a", "b"]) == {}
    assert cache.set_many({"a": 1}) == ["a"]
    assert cache.add("lukko", 1) is False
    with pytest.raises(ValueError):
        cache.incr("laskuri")
    # allauth's rate-limit keys are kept in this process while Redis is away.
    assert cache.add("allauth:rl:lukko", 1) is True
    assert cache.add("allauth:rl:lukko", 1) is False
    cache.set("allauth:rl:historia", [1.0, 2.0])
    assert cache.get("allauth:rl:historia") == [1.0, 2.0]
    assert cache.redis_down()
