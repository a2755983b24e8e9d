"""The daily erase of sign-ups' personal data (retention.signups_erase_old) at scale: in batches,
so its memory does not grow with the rows, and on its indexes, so the erased history and the
other apps' messages are not scanned again every night.

Rows are made with INSERT ... SELECT generate_series (a second for 40,000), not factories."""

from __future__ import annotations

import datetime as dt
import tracemalloc

import pytest
from django.db import connection

from notifications.models import OutgoingEmail
from signups import retention
from signups.models import Reminder, Signup

pytestmark = pytest.mark.django_db

MIB = 1024 * 1024


def insert_signups(occurrence, count: int) -> None:
    """`count` confirmed sign-ups with one sent reminder each, and one confirmation message
    each in the outbox, plus as many messages of another app (which the erase leaves alone)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO signups_signup (activity_id, occurrence_id, name, email, phone, language,
                show_name, share_contact, reminders_on, consent_version, status, created_at,
                confirmed_at)
            SELECT %(activity)s, %(occurrence)s, 'Osallistuja ' || n, 'p' || n || '@example.com',
                '', 'fi', false, false, true, '', 'confirmed', %(at)s, %(at)s
              FROM generate_series(1, %(count)s) AS n
            """,
            {
                "activity": occurrence.activity_id,
                "occurrence": occurrence.pk,
                "count": count,
                "at": occurrence.starts_at - dt.timedelta(days=3),
            },
        )
        cursor.execute(
            """
            INSERT INTO signups_reminder (signup_id, occurrence_id, kind, due_at, status,
                sent_at, attempts, last_error)
            SELECT id, occurrence_id, 'm120', %(due)s, 'sent', %(due)s, 1, ''
              FROM signups_signup WHERE erased_at IS NULL
            """,
            {"due": occurrence.starts_at - dt.timedelta(hours=2)},
        )
        for template in ("signups/email/confirm", "organisations/email/invitation"):
            cursor.execute(
                """
                INSERT INTO notifications_outgoingemail (channel, "to", template, context,
                    language, created_at, sent_at, attempts, last_error, forget_recipient)
                SELECT 'email', 'p' || n || '@example.com', %(template)s, '{}', 'fi', %(at)s,
                    %(at)s, 1, '', false
                  FROM generate_series(1, %(count)s) AS n
                """,
                {"template": template, "count": count, "at": occurrence.starts_at},
            )


def erase_peak(now) -> tuple[int, int]:
    """(sign-ups erased, peak of the Python memory allocated meanwhile, in bytes)."""
    tracemalloc.start()
    try:
        erased = retention.signups_erase_old(now=now)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return erased, peak


def test_erasing_40000_sign_ups_stays_flat_in_memory_and_reads_through_its_indexes(occurrence):
    later = occurrence.ends_at + dt.timedelta(days=retention.ERASE_AFTER_DAYS, minutes=1)
    insert_signups(occurrence, 100)
    assert erase_peak(later)[0] == 100  # warm: imports, compiled queries

    insert_signups(occurrence, 4_000)
    erased, small = erase_peak(later)
    assert erased == 4_000

    insert_signups(occurrence, 40_000)
    erased, large = erase_peak(later)
    assert erased == 40_000
    # Ten times the rows, about the same memory: one batch at a time (all ids at once held
    # about 40 MiB here for 100,000 rows, 16 for 40,000; one batch about 1 MiB).
    assert large < 1.5 * small + MIB / 4, (small, large)
    assert large < 2 * MIB, large

    assert not Signup.objects.filter(erased_at__isnull=True).exists()
    assert Signup.objects.filter(email="").count() == 44_100  # the rows stay, so counts stay
    assert not Reminder.objects.exists()
    assert not OutgoingEmail.objects.filter(template__startswith="signups/").exists()
    assert OutgoingEmail.objects.count() == 44_100  # the other app's messages stay

    # Tomorrow night: a few new rows among 44,100 erased sign-ups and 44,100 other messages.
    insert_signups(occurrence, 20)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE signups_signup, notifications_outgoingemail")
    cutoff = later - dt.timedelta(days=retention.ERASE_AFTER_DAYS)
    signups_plan = retention.signups_to_erase(cutoff).values_list("pk", flat=True)[:2000].explain()
    messages_plan = retention.signup_messages_to_erase(cutoff).values("pk")[:2000].explain()
    assert "signup_not_erased" in signups_plan, signups_plan
    assert "outgoing_signups_created" in messages_plan, messages_plan
    assert "Seq Scan on notifications_outgoingemail" not in messages_plan
    assert retention.signups_erase_old(now=later) == 20
