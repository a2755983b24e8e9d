"""The one way to send e-mail: queued in the transaction, sent after commit, once, in the
recipient's language. (A real worker: test_email_worker.py.)"""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import User
from areas.models import WelfareArea
from notifications.models import OutgoingEmail
from notifications.services import email_queue, email_send, emails_requeue_pending
from organisations.models import Membership, Status
from tests.personas import make_coordinator, make_user

# `organisation` and its `admin`: tests/conftest.py.
pytestmark = pytest.mark.django_db


def invite(client, organisation, email: str, *, language: str = "fi"):
    with translation.override(language):
        url = reverse("manage:members", kwargs={"slug": organisation.slug})
    return client.post(url, {"email": email, "role": "editor"})


def test_swedish_speaker_gets_the_invitation_in_swedish_although_the_inviter_uses_finnish(
    client, organisation, admin, django_capture_on_commit_callbacks
):
    swede = make_user("svensk@example.com")
    User.objects.filter(pk=swede.pk).update(language="sv")
    client.force_login(admin)

    with django_capture_on_commit_callbacks(execute=True):
        response = invite(client, organisation, "Svensk@Example.com", language="fi")

    assert response.status_code == 302
    [message] = mail.outbox
    assert message.to == ["svensk@example.com"]
    assert "Jyväskylän Muistiyhdistys ry" in message.subject
    assert message.subject.startswith("Du är inbjuden att redigera uppgifterna för")
    assert "/sv/manage/invitations/" in message.body
    assert "Redigerare" in message.body  # the role, in Swedish
    assert OutgoingEmail.objects.get().language == "sv"


def test_an_address_without_account_gets_the_inviters_language_stored_with_the_email(
    client, organisation, admin, django_capture_on_commit_callbacks
):
    client.force_login(admin)

    with django_capture_on_commit_callbacks(execute=True):
        invite(client, organisation, "uusi@example.com", language="sv")

    email = OutgoingEmail.objects.get()
    assert (email.to, email.language, email.template) == (
        "uusi@example.com",
        "sv",
        "organisations/email/invitation",
    )
    assert email.sent_at is not None and email.attempts == 1
    assert "/sv/manage/invitations/" in mail.outbox[0].body


def test_nothing_is_queued_or_sent_when_the_transaction_rolls_back(
    django_capture_on_commit_callbacks,
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        email_queue(
            to="a@example.com",
            template="organisations/email/review_approved",
            context={"organisation_name": "X ry"},
            language="fi",
        )
        raise RuntimeError("the service failed after queueing")

    assert callbacks == []
    assert not OutgoingEmail.objects.exists()
    assert mail.outbox == []


def test_nothing_is_sent_before_the_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        email_queue(
            to="a@example.com",
            template="organisations/email/review_approved",
            context={"organisation_name": "X ry"},
            language="fi",
        )
    assert len(callbacks) == 1
    assert mail.outbox == []


def queued(**fields) -> OutgoingEmail:
    return OutgoingEmail.objects.create(
        to="admin@example.com",
        template="organisations/email/review_approved",
        context={"organisation_name": "Muistiyhdistys ry", "public_url": ""},
        language="sv",
        **fields,
    )


def test_a_claimed_email_is_never_sent_again():
    email = queued()

    assert email_send(email_id=email.pk) is True
    assert email_send(email_id=email.pk) is False  # a retried or duplicated task
    assert email_send(email_id=email.pk + 1000) is False  # a row rolled back or gone

    [message] = mail.outbox
    assert message.subject == "Muistiyhdistys ry är publicerad i Yhdessä"
    assert message.alternatives[0].mimetype == "text/html"


def test_a_failed_send_releases_the_claim_for_a_retry():
    email = queued()

    with (
        mock.patch(
            "django.core.mail.EmailMultiAlternatives.send",
            side_effect=OSError("connection refused"),
        ),
        pytest.raises(OSError),
    ):
        email_send(email_id=email.pk)
    email.refresh_from_db()
    assert email.sent_at is None
    assert email.attempts == 1
    assert email.last_error == "OSError: connection refused"

    assert email_send(email_id=email.pk) is True
    email.refresh_from_db()
    assert email.sent_at is not None and email.attempts == 2
    assert len(mail.outbox) == 1


def test_the_sweeper_requeues_what_is_still_unsent():
    old = timezone.now() - dt.timedelta(minutes=11)
    lost = queued(created_at=old)  # its task was lost (the broker was down at commit)
    queued()  # just queued: its task is on the way
    queued(created_at=old, sent_at=old, attempts=1)  # sent
    queued(created_at=old, attempts=8, last_error="550")  # given up

    assert emails_requeue_pending() == 1  # tasks run eagerly here

    lost.refresh_from_db()
    assert lost.sent_at is not None
    assert [m.to for m in mail.outbox] == [["admin@example.com"]]


def test_review_email_in_the_admins_language_not_the_coordinators(
    client, organisation, django_capture_on_commit_callbacks
):
    organisation.status = Status.IN_REVIEW
    organisation.welfare_area = WelfareArea.objects.get(slug="keski-suomi")
    organisation.save()
    swede = make_user("sv@example.com")
    User.objects.filter(pk=swede.pk).update(language="sv")
    Membership.objects.create(organisation=organisation, user=swede, role=Membership.Role.ADMIN)
    client.force_login(make_coordinator("koordinaattori@example.com"))

    with translation.override("fi"), django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("coordinate:review", args=[organisation.pk]), {"action": "approve"}
        )

    assert response.status_code == 302
    [message] = mail.outbox
    assert message.subject == "Jyväskylän Muistiyhdistys ry är publicerad i Yhdessä"
    assert "/sv/" in message.body and "/fi/" not in message.body


def test_allauth_emails_name_the_portal_and_use_the_recipients_language(client):
    swede = make_user("svensk@example.com")
    User.objects.filter(pk=swede.pk).update(language="sv")

    with translation.override("fi"):
        client.post(reverse("account_reset_password"), {"email": "svensk@example.com"})

    [message] = mail.outbox
    assert message.subject.startswith("Yhdessä: ")
    assert "Yhdessä" in message.body
    assert "127.0.0.1" not in message.body.split("http")[0]
    assert "testserver" not in message.body.replace("http://testserver", "")
    assert "lösenord" in message.body.lower()  # Swedish, although the page was Finnish
