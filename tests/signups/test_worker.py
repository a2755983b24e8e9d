"""Reminders through a real Celery worker taking tasks from the broker (Redis in CI).

The worker runs in a thread of this process with its own database connection, so these tests
commit their rows (transactional_db) and run on the real clock."""

from __future__ import annotations

import time

import pytest
from django.core import mail
from django.db import transaction

from signups.models import Reminder, Signup
from signups.tasks import send_reminder_batch, sweep_reminders
from tests.signups.workers import due_reminders
from tests.threads import wait_until

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.real_time,
    pytest.mark.usefixtures("reference_data"),
]


def test_the_sweep_queued_three_times_sends_each_reminder_once(celery_worker):
    ids = due_reminders(8)
    mail.outbox.clear()
    for _ in range(3):
        sweep_reminders.delay()
    send_reminder_batch.delay(ids)  # and a duplicated batch
    assert wait_until(lambda: Reminder.objects.filter(status="sent").count() == 8, 60)
    time.sleep(2)  # give the rest time to (not) send
    keys = [m.extra_headers["Message-ID"] for m in mail.outbox if "Muistutus" in m.subject]
    assert len(keys) == len(set(keys)) == 8


def test_a_rolled_back_sign_up_queues_nothing(celery_worker):
    from signups import services
    from tests.signups.conftest import make_activity, next_occurrence

    occurrence = next_occurrence(make_activity(capacity=None))
    mail.outbox.clear()
    with pytest.raises(RuntimeError), transaction.atomic():
        services.signup_create(occurrence=occurrence, name="A", email="a@example.com")
        raise RuntimeError("rolled back")
    with transaction.atomic():
        services.signup_create(occurrence=occurrence, name="B", email="b@example.com")
    assert wait_until(lambda: len(mail.outbox) == 1, 20)
    time.sleep(1)
    assert [m.to for m in mail.outbox] == [["b@example.com"]]
    assert list(Signup.objects.values_list("email", flat=True)) == ["b@example.com"]
