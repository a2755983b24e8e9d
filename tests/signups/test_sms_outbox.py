"""Text messages of sign-ups go through the one outbox (notifications/services.py): a row in
the service's transaction, claimed with a conditional UPDATE, retried and swept like an e-mail,
so a broker that is down when the sign-up commits loses nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from notifications.models import OutgoingEmail
from notifications.services import email_send, emails_requeue_pending
from signups import sms

pytestmark = pytest.mark.django_db

PHONE = "+358401234567"


class FailingOnce(sms.BaseSmsBackend):
    failures = 1

    def send(self, to: str, text: str) -> None:
        if FailingOnce.failures:
            FailingOnce.failures -= 1
            raise sms.SmsError("provider answered 503")
        sms.outbox.append((to, text))


def sign_up_by_phone(client, occurrence):
    url = reverse("signups:signup", args=[occurrence.activity.slug, occurrence.pk])
    return client.post(url, {"name": "Pekka", "phone": PHONE})


def test_a_text_message_is_a_row_sent_after_the_commit_and_claimed_once(
    client, occurrence, sms_outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = sign_up_by_phone(client, occurrence)
    assert response.status_code == 200

    row = OutgoingEmail.objects.get()
    assert (row.channel, row.to, row.template) == ("sms", PHONE, "signups/sms/confirm")
    assert row.sent_at is not None and row.attempts == 1
    ((number, text),) = sms_outbox
    assert number == PHONE and "/fi/signups/confirm/" in text and "\n" not in text
    assert email_send(email_id=row.pk) is False  # a duplicated task sends nothing
    assert len(sms_outbox) == 1
    assert mail.outbox == []


def test_a_text_message_whose_task_was_lost_is_sent_by_the_sweeper(
    client, occurrence, sms_outbox, time_machine, django_capture_on_commit_callbacks
):
    # The broker was down at the commit: the callback that queues the task never ran.
    with django_capture_on_commit_callbacks(execute=False):
        sign_up_by_phone(client, occurrence)
    assert sms_outbox == []
    row = OutgoingEmail.objects.get(channel="sms")
    assert row.sent_at is None

    assert emails_requeue_pending() == 0  # its task may still be on the way
    time_machine.move_to(timezone.now() + dt.timedelta(minutes=11), tick=True)
    assert emails_requeue_pending() == 1  # tasks run eagerly here
    assert [number for number, _text in sms_outbox] == [PHONE]
    row.refresh_from_db()
    assert row.sent_at is not None


def test_a_failed_text_message_waits_for_its_retry_time_in_the_database(
    client, occurrence, sms_outbox, settings, time_machine, django_capture_on_commit_callbacks
):
    settings.SIGNUPS_SMS_BACKEND = "tests.signups.test_sms_outbox.FailingOnce"
    FailingOnce.failures = 1
    with django_capture_on_commit_callbacks(execute=True):
        sign_up_by_phone(client, occurrence)
    row = OutgoingEmail.objects.get(channel="sms")
    assert row.sent_at is None and row.attempts == 1
    assert "503" in row.last_error
    assert dt.timedelta(seconds=50) < row.retry_at - timezone.now() <= dt.timedelta(minutes=1)
    assert sms_outbox == []

    time_machine.move_to(timezone.now() + dt.timedelta(seconds=30), tick=True)
    assert emails_requeue_pending() == 0  # not before its time
    time_machine.move_to(row.retry_at + dt.timedelta(seconds=1), tick=True)
    assert emails_requeue_pending() == 1
    assert [number for number, _text in sms_outbox] == [PHONE]
    row.refresh_from_db()
    assert row.sent_at is not None and row.attempts == 2
