"""Fixtures of the sign-up tests: an activity that asks for sign-ups, its next occurrence,
people, and the captured text messages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.utils import timezone

from meetingplaces.models import Occurrence
from signups import services
from signups.reminders import reminders_sweep
from tests.meetingplaces.factories import ActivityFactory
from tests.personas import make_user

# Monday 7 December 2026, 10:00 in Helsinki: the factories' weekly Tuesday 13–15 group meets
# tomorrow, so both default reminders (the day before at 18:00, 2 hours before) are ahead.
NOW = dt.datetime(2026, 12, 7, 8, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _fixed_time(request, time_machine):
    """The clock starts at NOW and runs on (tests of a real worker opt out: real_time)."""
    if request.node.get_closest_marker("real_time"):
        yield
        return
    time_machine.move_to(NOW, tick=True)
    yield


def make_activity(**fields):
    fields.setdefault("signup_required", True)
    fields.setdefault("capacity", 5)
    return ActivityFactory(**fields)


def next_occurrence(activity) -> Occurrence:
    return (
        Occurrence.objects.filter(activity=activity, starts_at__gt=timezone.now())
        .order_by("starts_at")
        .first()
    )


def remind_one_sign_up(
    occurrence, time_machine, django_capture_on_commit_callbacks
) -> list[EmailMessage]:
    """Aino signs up for `occurrence` and confirms; 110 minutes before it starts, the reminder
    sweep runs: the e-mails it sent (at least one)."""
    (signup,) = services.signup_create(
        occurrence=occurrence, name="Aino", email="aino@example.com", consent=True
    )
    services.signup_confirm(signup)
    time_machine.move_to(occurrence.starts_at - dt.timedelta(minutes=110), tick=True)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reminders_sweep()
    assert mail.outbox
    return mail.outbox


@pytest.fixture
def activity(db):
    return make_activity(title_fi="Muistikahvila", capacity=2)


@pytest.fixture
def occurrence(activity):
    return next_occurrence(activity)


@pytest.fixture
def people(db):
    def make(count: int, prefix: str = "asukas"):
        return [make_user(f"{prefix}{i}@example.com") for i in range(count)]

    return make


@pytest.fixture
def sms_outbox(settings):
    from signups import sms

    settings.SIGNUPS_SMS_BACKEND = "signups.sms.LocmemSmsBackend"
    sms.outbox.clear()
    yield sms.outbox
    sms.outbox.clear()


def at(year, month, day, hour=0, minute=0) -> dt.datetime:
    """An aware Helsinki wall-clock instant."""
    from meetingplaces.schedule import local_instant

    return local_instant(dt.date(year, month, day), dt.time(hour, minute))
