"""The yearly "is your information still correct?" reminder and its one-click confirmation."""

from __future__ import annotations

import datetime as dt
import re
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import User
from notifications.models import OutgoingEmail
from notifications.services import email_send
from organisations.models import Membership, Organisation, Status
from organisations.services.freshness import (
    organisation_confirm_token,
    organisations_send_freshness_reminders,
)
from organisations.tasks import send_freshness_reminders
from tests.personas import make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("stand_in_base")]

YEAR = dt.timedelta(days=366)


def make_published(slug: str, *, confirmed_ago: dt.timedelta | None, admin_email=None):
    now = timezone.now()
    organisation = Organisation.objects.create(
        name=f"{slug} ry",
        slug=slug,
        status=Status.PUBLISHED,
        created_at=now - 2 * YEAR,
        last_confirmed_at=now - confirmed_ago if confirmed_ago is not None else None,
    )
    if admin_email:
        Membership.objects.create(
            organisation=organisation,
            user=make_user(admin_email),
            role=Membership.Role.ADMIN,
        )
    return organisation


def test_stale_boundary_is_twelve_months():
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        organisation = make_published("muisti", confirmed_ago=dt.timedelta(0))
    with time_machine.travel(start + dt.timedelta(days=360), tick=False):
        assert not Organisation.objects.stale().filter(pk=organisation.pk).exists()
    with time_machine.travel(start + dt.timedelta(days=370), tick=False):
        assert Organisation.objects.stale().filter(pk=organisation.pk).exists()


def test_reminder_is_sent_exactly_once(django_capture_on_commit_callbacks):
    stale = make_published("muisti", confirmed_ago=YEAR, admin_email="admin@example.com")
    make_published("tuore", confirmed_ago=dt.timedelta(days=30), admin_email="t@example.com")
    make_published("hiljainen", confirmed_ago=YEAR)  # nobody to remind: skipped

    with django_capture_on_commit_callbacks(execute=True):
        assert organisations_send_freshness_reminders() == 1
        assert organisations_send_freshness_reminders() == 0
        assert send_freshness_reminders.run() == 0
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["admin@example.com"]
    stale.refresh_from_db()
    assert stale.freshness_reminder_sent_at is not None

    # Not again within 11 months; again after a year if still not confirmed.
    with time_machine.travel(timezone.now() + dt.timedelta(days=300), tick=False):
        assert organisations_send_freshness_reminders() == 0
    with time_machine.travel(timezone.now() + YEAR, tick=False):
        # "muisti" again, and "tuore", which nobody has confirmed for 13 months by then.
        assert organisations_send_freshness_reminders() == 2


def test_a_claimed_reminder_is_not_sent_by_another_worker(django_capture_on_commit_callbacks):
    organisation = make_published("muisti", confirmed_ago=YEAR, admin_email="admin@example.com")
    # Another worker claimed it a moment ago.
    Organisation.objects.filter(pk=organisation.pk).update(
        freshness_reminder_sent_at=timezone.now()
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert organisations_send_freshness_reminders() == 0
    assert mail.outbox == []


def test_reminder_is_in_each_admins_language(django_capture_on_commit_callbacks):
    organisation = make_published("muisti", confirmed_ago=YEAR, admin_email="fi@example.com")
    swede = make_user("sv@example.com")
    User.objects.filter(pk=swede.pk).update(language="sv")
    Membership.objects.create(organisation=organisation, user=swede, role=Membership.Role.ADMIN)

    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        assert organisations_send_freshness_reminders() == 1

    by_address = {message.to[0]: message for message in mail.outbox}
    assert "Ovatko järjestön muisti ry tiedot yhä oikein?" in by_address["fi@example.com"].subject
    assert "/fi/manage/confirm/" in by_address["fi@example.com"].body
    assert "Stämmer uppgifterna för muisti ry fortfarande?" in by_address["sv@example.com"].subject
    assert "/sv/manage/confirm/" in by_address["sv@example.com"].body


def test_a_failed_reminder_is_retried_and_not_claimed_again(django_capture_on_commit_callbacks):
    organisation = make_published("muisti", confirmed_ago=YEAR, admin_email="admin@example.com")
    with (
        mock.patch(
            "django.core.mail.EmailMultiAlternatives.send", side_effect=OSError("SMTP down")
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert organisations_send_freshness_reminders() == 1
    assert mail.outbox == []
    email = OutgoingEmail.objects.get()
    assert email.sent_at is None and "SMTP down" in email.last_error
    organisation.refresh_from_db()
    assert organisation.freshness_reminder_sent_at is not None  # this year's claim holds

    assert email_send(email_id=email.pk) is True  # the task's retry
    assert organisations_send_freshness_reminders() == 0
    assert [m.to for m in mail.outbox] == [["admin@example.com"]]


def test_the_link_confirms_only_with_a_button_press(client, django_capture_on_commit_callbacks):
    organisation = make_published("muisti", confirmed_ago=YEAR, admin_email="admin@example.com")
    User.objects.filter(email="admin@example.com").update(language="en")
    with django_capture_on_commit_callbacks(execute=True):
        organisations_send_freshness_reminders()
    url = re.search(r"https?://\S+/manage/confirm/\S+/", mail.outbox[0].body).group(0)
    path = "/" + url.split("/", 3)[3]

    response = client.get(path)  # a link scanner or the person opening the page
    assert response.status_code == 200
    assert "Yes, our information is still correct" in response.content.decode()
    organisation.refresh_from_db()
    assert organisation.last_confirmed_at < timezone.now() - dt.timedelta(days=300)

    response = client.post(path)
    assert response.status_code == 200
    assert "Thank you!" in response.content.decode()
    organisation.refresh_from_db()
    assert organisation.last_confirmed_at > timezone.now() - dt.timedelta(minutes=1)
    assert organisation.versions.first().action == "confirmed"
    assert not Organisation.objects.stale().filter(pk=organisation.pk).exists()


def test_forged_or_expired_token_is_refused(client):
    organisation = make_published("muisti", confirmed_ago=YEAR)
    token = organisation_confirm_token(organisation=organisation)
    forged = token[:-2] + ("aa" if not token.endswith("aa") else "bb")
    assert client.post(reverse("manage:confirm", kwargs={"token": forged})).status_code == 400
    with time_machine.travel(timezone.now() + dt.timedelta(days=61), tick=False):
        response = client.post(reverse("manage:confirm", kwargs={"token": token}))
    assert response.status_code == 400
    organisation.refresh_from_db()
    assert organisation.last_confirmed_at < timezone.now() - dt.timedelta(days=300)
