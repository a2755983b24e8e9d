"""A broker that refuses connections or never answers leaves signing up working within 5 s; the
reminder rows are in PostgreSQL and the next sweep sends them once the broker is back."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.core import mail
from django.urls import reverse

from signups.models import Reminder, Signup
from signups.reminders import reminders_sweep
from tests.personas import make_user
from tests.signups.conftest import make_activity, next_occurrence

pytestmark = pytest.mark.django_db

BOUND_SECONDS = 5.0


def _reset(app) -> None:
    from kombu import pools

    from portal import celery as portal_celery

    # Celery's app.pool comes from kombu's global registry, keyed by the broker URL: closing
    # one pool without emptying the registry left the real broker's pool closed for every
    # later test ("Acquire on closed pool"). reset() closes them all and empties it.
    pools.reset()
    app._pool = None
    app.amqp._producer_pool = None
    portal_celery._broker_down_until.clear()


@pytest.fixture(params=["refused", "hanging"])
def broker_down(request, settings):
    """The portal's own Celery app publishes to a dead broker (tasks are not eager)."""
    from portal.celery import app

    port = request.getfixturevalue(f"{request.param}_port")
    saved = app.conf.broker_url, app.conf.broker_transport_options
    app.conf.task_always_eager = False
    app.conf.broker_url = f"redis://127.0.0.1:{port}/0"
    app.conf.broker_transport_options = settings.REDIS_BROKER_TRANSPORT_OPTIONS
    _reset(app)
    yield request.param
    app.conf.broker_url, app.conf.broker_transport_options = saved
    _reset(app)
    app.conf.task_always_eager = True


def test_signing_up_works_within_five_seconds_and_the_next_sweep_sends(
    client, broker_down, django_capture_on_commit_callbacks, time_machine, caplog
):
    from portal.celery import app

    occurrence = next_occurrence(make_activity(title_fi="Muistikahvila"))
    url = reverse("signups:signup", kwargs={"slug": occurrence.activity.slug, "pk": occurrence.pk})
    client.get(url)  # the page once before: first-request costs are not the broker's
    person = make_user("asukas@example.com")
    client.force_login(person)

    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reminders_on": "on"})
    seconds = time.monotonic() - started
    assert response.status_code == 302, response.content[:500]
    assert seconds < BOUND_SECONDS, seconds
    assert "Could not queue task" in caplog.text or "Did not queue task" in caplog.text
    assert Signup.objects.get(user=person).status == "confirmed"
    assert Reminder.objects.filter(signup__user=person).count() == 2

    # Anonymous sign-up as well (its confirmation e-mail waits in notifications' outbox).
    client.logout()
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"name": "Maija", "email": "maija@example.com"})
    assert response.status_code == 200
    assert time.monotonic() - started < BOUND_SECONDS

    # The broker is back (eager here) and the reminders fall due: the sweep sends them.
    from portal import celery as portal_celery

    portal_celery._broker_down_until.clear()
    app.conf.task_always_eager = True
    time_machine.move_to(occurrence.starts_at - dt.timedelta(minutes=100), tick=True)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reminders_sweep()
    assert sorted(m.to[0] for m in mail.outbox) == [person.email, person.email]
