"""Reminders arrive exactly once, on time, in the person's language (signups/reminders.py).

Tasks run eagerly here (tests/conftest.py): a sweep's batches run in the sweeping thread once
its transaction commits. tests/signups/test_worker.py runs them through real workers."""

from __future__ import annotations

import datetime as dt
import smtplib
from collections import Counter

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from signups import services
from signups.models import Reminder, Signup
from signups.reminders import MAX_ATTEMPTS, reminders_sweep
from tests.signups import backends
from tests.signups.conftest import at, make_activity, next_occurrence, remind_one_sign_up
from tests.threads import run_together

SHORT = 10  # seconds


def sign_up_many(occurrence, count: int, *, language="fi", prefix="p") -> list[Signup]:
    return [
        services.signup_create(
            occurrence=occurrence, user=None, name=f"Osallistuja {i}",
            email=f"{prefix}{i}@example.com", language=language,
        )[0]
        for i in range(count)
    ]  # fmt: skip


def confirm_all(signups):
    for signup in signups:
        services.signup_confirm(signup)


def sent_keys() -> Counter:
    return Counter(message.extra_headers["Message-ID"] for message in mail.outbox)


# --- instants -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "kind", "expected_utc"),
    [
        # Spring forward, Sunday 29 March 2026 (03:00 EET → 04:00 EEST).
        (at(2026, 3, 29, 10), "d1@18:00", dt.datetime(2026, 3, 28, 16, 0, tzinfo=dt.UTC)),
        (at(2026, 3, 29, 10), "m120", dt.datetime(2026, 3, 29, 5, 0, tzinfo=dt.UTC)),
        (at(2026, 3, 30, 10), "d1@18:00", dt.datetime(2026, 3, 29, 15, 0, tzinfo=dt.UTC)),
        (at(2026, 3, 29, 5), "m120", dt.datetime(2026, 3, 29, 0, 0, tzinfo=dt.UTC)),  # 02:00 EET
        # Fall back, Sunday 25 October 2026 (04:00 EEST → 03:00 EET).
        (at(2026, 10, 25, 10), "d1@18:00", dt.datetime(2026, 10, 24, 15, 0, tzinfo=dt.UTC)),
        (at(2026, 10, 25, 10), "m120", dt.datetime(2026, 10, 25, 6, 0, tzinfo=dt.UTC)),
        (at(2026, 10, 26, 10), "d1@18:00", dt.datetime(2026, 10, 25, 16, 0, tzinfo=dt.UTC)),
        (at(2026, 10, 25, 5), "m120", dt.datetime(2026, 10, 25, 1, 0, tzinfo=dt.UTC)),  # 03:00 EEST
        # 2027: Sunday 28 March and Sunday 31 October are the change days; a weekend group on
        # 29 March 2027 (Monday) and 25 October 2027 (Monday) is plain.
        (at(2027, 3, 28, 10), "d1@18:00", dt.datetime(2027, 3, 27, 16, 0, tzinfo=dt.UTC)),
        (at(2027, 3, 28, 10), "m120", dt.datetime(2027, 3, 28, 5, 0, tzinfo=dt.UTC)),
        (at(2027, 3, 29, 10), "d1@18:00", dt.datetime(2027, 3, 28, 15, 0, tzinfo=dt.UTC)),
        (at(2027, 10, 31, 10), "d1@18:00", dt.datetime(2027, 10, 30, 15, 0, tzinfo=dt.UTC)),
        (at(2027, 10, 31, 10), "m120", dt.datetime(2027, 10, 31, 6, 0, tzinfo=dt.UTC)),
        (at(2027, 10, 25, 10), "d1@18:00", dt.datetime(2027, 10, 24, 15, 0, tzinfo=dt.UTC)),
        (at(2027, 10, 25, 10), "m120", dt.datetime(2027, 10, 25, 5, 0, tzinfo=dt.UTC)),
    ],
)
def test_reminder_instants_on_dst_weekends(start, kind, expected_utc):
    assert services.lead_instant(kind, start) == expected_utc


def test_beat_has_nothing_between_three_and_four_helsinki_time(settings):
    """Every entry is a crontab (an interval drifts into any hour) whose hours leave out 3,
    in local time (CELERY_TIMEZONE)."""
    from celery.schedules import crontab

    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        schedule = entry["schedule"]
        assert isinstance(schedule, crontab), f"{name}: an interval drifts into 03–04"
        assert 3 not in schedule.hour, name
    assert settings.CELERY_TIMEZONE == "Europe/Helsinki"
    assert "signups-sweep-reminders" in settings.CELERY_BEAT_SCHEDULE


def test_docker_compose_runs_exactly_one_beat():
    from pathlib import Path

    text = Path("docker-compose.yml").read_text()
    assert text.count('celery", "-A", "portal", "beat"') == 1
    assert "replicas: 1" in text


# --- sending ---------------------------------------------------------------------------------


@pytest.fixture
def due(db, time_machine):
    """Three confirmed sign-ups whose "2 hours before" reminder is due now."""
    activity = make_activity(capacity=None, title_fi="Muistikahvila", title_sv="Minneskafé")
    occurrence = next_occurrence(activity)
    signups = sign_up_many(occurrence, 2) + sign_up_many(occurrence, 1, language="sv", prefix="s")
    confirm_all(signups)
    time_machine.move_to(occurrence.starts_at - dt.timedelta(minutes=110), tick=True)
    return occurrence


def test_due_reminders_are_sent_in_the_persons_language_with_ics_and_cancel_link(
    due, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_sweep() == 6  # the day before at 18:00 is overdue too, not yet started
    assert len(mail.outbox) == 6
    subjects = Counter(message.subject for message in mail.outbox)
    assert subjects == {"Muistutus: Muistikahvila": 4, "Påminnelse: Minneskafé": 2}
    message = mail.outbox[0]
    assert "/signups/link/" in message.body
    assert message.alternatives[0][1] == "text/html"
    ((_name, ics, mimetype),) = message.attachments
    assert mimetype == "text/calendar"
    assert "BEGIN:VEVENT" in ics
    assert f"DTSTART:{due.starts_at.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}" in ics
    assert not Reminder.objects.exclude(status="sent").exists()


def test_the_sweep_three_times_and_in_parallel_sends_each_reminder_once(reference_data, due):
    mail.outbox.clear()

    def sweep():
        from django.db import transaction

        for _ in range(3):
            with transaction.atomic():
                reminders_sweep()
            # Batches queued a second time (a duplicate delivery) change nothing either.
            from signups.reminders import reminders_send_batch

            reminders_send_batch(list(Reminder.objects.values_list("pk", flat=True)))

    assert run_together([sweep] * 4) == []
    keys = sent_keys()
    assert len(keys) == Reminder.objects.count() == 6
    assert set(keys.values()) == {1}


def test_after_an_outage_overdue_reminders_go_only_for_occurrences_not_started(
    db, time_machine, django_capture_on_commit_callbacks
):
    early = make_activity(capacity=None, start_time=dt.time(9, 0), end_time=dt.time(10, 0))
    late = make_activity(capacity=None, start_time=dt.time(13, 0), end_time=dt.time(15, 0))
    early_signups = sign_up_many(next_occurrence(early), 2, prefix="early")
    late_signups = sign_up_many(next_occurrence(late), 2, prefix="late")
    confirm_all(early_signups + late_signups)
    # Workers and beat down from Monday 17:00 to Tuesday 11:30: every reminder fell due in the
    # outage, and the early group met at 09:00 meanwhile.
    time_machine.move_to(at(2026, 12, 8, 11, 30), tick=True)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reminders_sweep()
    sent_to = Counter(message.to[0] for message in mail.outbox)
    assert sent_to == {"late0@example.com": 2, "late1@example.com": 2}
    assert all(r.status == "skipped" for r in Reminder.objects.filter(occurrence__activity=early))
    assert all(r.status == "sent" for r in Reminder.objects.filter(occurrence__activity=late))


def test_temporary_failures_retry_with_backoff_then_fail_after_five_tries(
    due, settings, time_machine, django_capture_on_commit_callbacks, client
):
    settings.MAILERS = {"default": {"BACKEND": "tests.signups.backends.FlakyBackend"}}
    Reminder.objects.exclude(pk=Reminder.objects.order_by("pk").first().pk).delete()
    backends.FAILURES[:] = [backends.temporary() for _ in range(MAX_ATTEMPTS)]
    retries = []
    for _ in range(MAX_ATTEMPTS):
        with django_capture_on_commit_callbacks(execute=True):
            reminders_sweep()
        reminder = Reminder.objects.get()
        if reminder.status == "pending":
            retries.append(reminder.retry_at - timezone.now())
            assert reminders_sweep() == 0  # not before its time
            time_machine.move_to(reminder.retry_at + dt.timedelta(seconds=1), tick=True)
    reminder = Reminder.objects.get()
    assert reminder.status == "failed"
    assert reminder.attempts == MAX_ATTEMPTS
    assert "451" in reminder.last_error
    minutes = [round(delta.total_seconds() / 60) for delta in retries]
    assert minutes == sorted(minutes) and len(minutes) == MAX_ATTEMPTS - 1
    assert mail.outbox == []


def test_a_temporary_failure_then_success_sends_once(
    due, settings, time_machine, django_capture_on_commit_callbacks
):
    settings.MAILERS = {"default": {"BACKEND": "tests.signups.backends.FlakyBackend"}}
    backends.FAILURES[:] = [backends.temporary()]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reminders_sweep()
    time_machine.move_to(timezone.now() + dt.timedelta(minutes=2), tick=True)
    with django_capture_on_commit_callbacks(execute=True):
        reminders_sweep()
    assert set(sent_keys().values()) == {1}
    assert len(sent_keys()) == 6


def test_a_permanent_failure_is_marked_at_once_and_shown_to_the_organiser_without_details(
    due, settings, django_capture_on_commit_callbacks, client
):
    """The organiser sees "delivery failed" and the channel; the server's answer (which names
    the participant's address) only staff see, in the admin."""
    from organisations.models import Membership
    from tests.personas import make_staff, make_user

    settings.MAILERS = {"default": {"BACKEND": "tests.signups.backends.FlakyBackend"}}
    first = Reminder.objects.select_related("signup").order_by("due_at", "pk").first()
    address = first.signup.email
    Signup.objects.filter(pk=first.signup_id).update(show_name=True)
    backends.FAILURES[:] = [
        smtplib.SMTPRecipientsRefused({address: (550, b"5.1.1 <" + address.encode() + b">")})
    ]
    with django_capture_on_commit_callbacks(execute=True):
        reminders_sweep()
    failed = Reminder.objects.get(status="failed")
    assert failed.attempts == 1
    assert "550" in failed.last_error and address in failed.last_error

    organiser = make_user("jarjestaja@example.com")
    Membership.objects.create(
        organisation=due.activity.organisation, user=organiser, role=Membership.Role.EDITOR
    )
    client.force_login(organiser)
    page = client.get(
        reverse("signups:organise", kwargs={"slug": due.activity.slug, "pk": due.pk})
    ).content.decode()
    assert "Muistutukset, joita ei voitu toimittaa" in page
    assert "toimitus epäonnistui (sähköposti)" in page
    assert address not in page
    assert "550" not in page and "SMTPRecipientsRefused" not in page

    staff = make_staff("yllapito@example.com")
    staff.is_superuser = True
    staff.save()
    client.force_login(staff)
    admin_page = client.get(reverse("admin:signups_reminder_change", args=[failed.pk]))
    assert admin_page.status_code == 200
    assert address in admin_page.content.decode()


def test_sensitive_reminders_never_name_the_group(
    db, time_machine, django_capture_on_commit_callbacks
):
    activity = make_activity(title_fi="Mielenterveysvertaisryhmä", is_sensitive=True)
    occurrence = next_occurrence(activity)
    for message in remind_one_sign_up(occurrence, time_machine, django_capture_on_commit_callbacks):
        assert "Mielenterveys" not in message.subject
        assert "Mielenterveys" not in message.body
        assert "Mielenterveys" not in message.attachments[0][1]


def test_turned_off_and_cancelled_sign_ups_get_no_reminders(
    due, django_capture_on_commit_callbacks
):
    first, second, _third = Signup.objects.order_by("pk")
    services.signup_reminders_off(first)
    services.signup_cancel(second)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reminders_sweep()
    assert {m.to[0] for m in mail.outbox} == {"s0@example.com"}
    assert len(sent_keys()) == 2
