"""E-mail through a real Celery worker taking tasks from the broker (see tests/test_celery.py).

The worker runs in a thread with its own database connection, so these tests commit their rows
(transactional_db) and wait for the worker.
"""

from __future__ import annotations

import time

import pytest
from django.core import mail
from django.db import transaction

from notifications.models import OutgoingEmail
from notifications.services import email_queue
from notifications.tasks import send_email
from tests.threads import wait_until

pytestmark = pytest.mark.django_db(transaction=True)


def queue(to: str = "admin@example.com") -> OutgoingEmail:
    return email_queue(
        to=to,
        template="organisations/email/review_approved",
        context={"organisation_name": "Muistiyhdistys ry", "public_url": ""},
        language="fi",
    )


def test_queued_email_is_sent_by_the_worker_after_commit(celery_worker):
    with transaction.atomic():
        email = queue()
        time.sleep(0.5)
        assert mail.outbox == []  # nothing before the commit

    assert wait_until(lambda: len(mail.outbox) == 1)
    email.refresh_from_db()
    assert email.sent_at is not None
    assert mail.outbox[0].subject == "Muistiyhdistys ry on julkaistu Yhdessä-palvelussa"


def test_a_task_run_twice_sends_once(celery_worker):
    with transaction.atomic():
        email = queue()
    send_email.delay(email.pk)  # a duplicate of the task queued on commit
    send_email.delay(email.pk)  # and a retry

    assert wait_until(lambda: len(mail.outbox) >= 1)
    # The three tasks are taken one after the other; give the others time to (not) send.
    time.sleep(2)
    assert len(mail.outbox) == 1
    email.refresh_from_db()
    assert email.attempts == 1


def test_nothing_is_sent_when_the_transaction_rolls_back(celery_worker):
    with pytest.raises(RuntimeError), transaction.atomic():
        queue()
        raise RuntimeError("the service failed")

    with transaction.atomic():
        queue(to="other@example.com")  # a later e-mail goes through the same worker
    assert wait_until(lambda: len(mail.outbox) == 1)
    time.sleep(1)
    assert [m.to for m in mail.outbox] == [["other@example.com"]]
    assert list(OutgoingEmail.objects.values_list("to", flat=True)) == ["other@example.com"]
