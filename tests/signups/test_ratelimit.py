"""Anonymous sign-ups are limited per client address and per e-mail address or phone number,
and a honeypot field turns bots away. A limited person sees why, next to the form, and keeps
what they typed."""

from __future__ import annotations

import socket

import pytest
from django.urls import reverse

from portal.lib.cache import redis_cache
from signups import ratelimit
from signups.models import Signup

pytestmark = pytest.mark.django_db


def _post(client, occurrence, email, ip="203.0.113.5", **extra):
    url = reverse("signups:signup", args=[occurrence.activity.slug, occurrence.pk])
    data = {"name": "Maija Meikäläinen", "email": email, "reminders_on": "on", **extra}
    return client.post(url, data, REMOTE_ADDR=ip)


@pytest.fixture(params=["redis up", "redis away"])
def redis_state(request, settings):
    """Both with Redis and without it: portal.lib.ratelimit's keys are counted in this process's
    memory meanwhile (as allauth's sign-in limits are), so an outage does not open the door to
    a flood of sign-ups."""
    if request.param == "redis away":
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]  # closed again: nothing listens there
        url = f"redis://127.0.0.1:{port}/0"
        settings.CACHES = {"default": redis_cache(url, key_prefix="outage", timeout=0.5)}
    return request.param


def test_the_same_email_address_is_limited(client, occurrence, redis_state):
    per_contact = ratelimit.LIMITS["contact"][0]
    for number in range(per_contact):
        response = _post(client, occurrence, "maija@example.com", ip=f"203.0.113.{number + 1}")
        assert response.status_code == 200
    response = _post(client, occurrence, "maija@example.com", ip="198.51.100.9")
    assert response.status_code == 429
    page = response.content.decode()
    assert "Liian monta ilmoittautumista" in page  # Finnish: too many sign-ups
    assert 'value="Maija Meikäläinen"' in page and 'value="maija@example.com"' in page
    assert Signup.objects.count() == per_contact


def test_the_same_client_address_is_limited(client, occurrence):
    per_ip = ratelimit.LIMITS["ip"][0]
    for number in range(per_ip):
        assert _post(client, occurrence, f"h{number}@example.com").status_code == 200
    response = _post(client, occurrence, "viimeinen@example.com")
    assert response.status_code == 429
    assert 'value="viimeinen@example.com"' in response.content.decode()
    assert Signup.objects.count() == per_ip
    # Another address is not affected.
    assert _post(client, occurrence, "muu@example.com", ip="192.0.2.77").status_code == 200


def test_the_honeypot_saves_nothing_and_says_nothing(client, occurrence):
    response = _post(client, occurrence, "botti@example.com", website="http://spam.example")
    assert response.status_code == 302
    assert not Signup.objects.exists()


def test_signed_in_people_are_not_limited_by_the_anonymous_limits(client, occurrence, people):
    (person,) = people(1)
    client.force_login(person)
    url = reverse("signups:signup", args=[occurrence.activity.slug, occurrence.pk])
    assert client.post(url, {"reminders_on": "on"}).status_code == 302
    assert Signup.objects.filter(user=person).exists()
