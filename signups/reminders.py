"""Sending reminders: each one once, on time, in the participant's language.

The database is the source of truth and Redis only a doorbell:

1. **Sweep** (Celery beat, every 5 minutes outside 03:00–04:00 Helsinki time): marks as
   skipped the open reminders whose occurrence has started or was cancelled, or whose sign-up
   is no longer confirmed or has reminders turned off; then takes the due rows nobody has
   queued in the last RECLAIM_AFTER (SELECT ... FOR UPDATE SKIP LOCKED, so overlapping sweeps
   take different rows), stamps them `enqueued_at` and, after its commit, queues batch tasks of
   BATCH_SIZE ids. A batch that could not be queued (broker down) is un-stamped; the next
   sweep takes it. No ETA or countdown tasks: a reminder waits in PostgreSQL, never in Redis.
2. **Batch task**: opens one SMTP connection and **claims its rows with a conditional UPDATE**
   (pending and due → sending; or sending but claimed longer than RECLAIM_AFTER ago, i.e. a
   worker died holding it), CLAIM_CHUNK rows per UPDATE just before sending them; it sends
   each, and right after the server's "250 OK" marks it sent (an UPDATE, autocommit). A
   duplicated, retried or redelivered batch finds its rows claimed or sent and sends nothing.
3. **At least once, with one bounded window.** A worker killed mid-batch leaves at most one
   chunk claimed and the rest pending (taken by the next sweep). The claimed rows are
   re-claimed after RECLAIM_AFTER: those the server had not accepted are sent once (nothing
   lost); the one row, if any, killed in the sub-millisecond between the server's acceptance
   and the UPDATE that marks it sent is sent a second time. We prefer that rare duplicate to a
   lost reminder; each message carries a Message-ID derived from its row
   (`<reminder-<id>@host>`), so mail systems that drop duplicate Message-IDs show it once.
   The batch's claims and marks commit with `synchronous_commit = off` (one WAL flush per
   message would cap the rate at the disk's flush rate): a worker crash loses nothing (the
   commit is in PostgreSQL), but a crash of PostgreSQL itself may forget the last ~0.6 s
   (3 × wal_writer_delay) of marks, whose rows are then sent once more after RECLAIM_AFTER.
4. **Failures.** A temporary SMTP failure (4xx, connection error, timeout) puts the row back to
   pending with `retry_at` after an exponential backoff with jitter (1, 2, 4, 8 minutes); after
   MAX_ATTEMPTS claims it is `failed`. A permanent one (5xx) is `failed` at once. Failed rows are
   listed on the organiser's page of the occurrence as "delivery failed" and the channel only:
   the error (`last_error`, whose server answer may name the address) is for staff in the admin.
   A text message provider signals a failure with SmsError (or OSError), handled the same way.
5. **After an outage** the sweep takes everything overdue, not only what fell due since the last
   run, but never a reminder whose occurrence has already started.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
import smtplib

from django.conf import settings
from django.core.mail import mailers
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation

from meetingplaces.models import Occurrence
from notifications.models import OutgoingEmail
from notifications.services import email_render
from portal.lib.tasks import queue_task

from .ics import occurrence_ics
from .models import Reminder, Signup
from .sms import SmsError, get_sms_backend

logger = logging.getLogger(__name__)

BATCH_SIZE = 200
# Queued by name (portal/lib/tasks.py): tasks.py wraps this module and is not imported back.
BATCH_TASK = "signups.tasks.send_reminder_batch"
SWEEP_LIMIT = 100_000
MAX_ATTEMPTS = 5
BACKOFF_MINUTES = (1, 2, 4, 8)


def reclaim_after() -> dt.timedelta:
    """RECLAIM_AFTER: settings.SIGNUPS_RECLAIM_AFTER_SECONDS (10 minutes)."""
    return dt.timedelta(seconds=getattr(settings, "SIGNUPS_RECLAIM_AFTER_SECONDS", 600))


def _open() -> Q:
    return Q(status__in=[Reminder.Status.PENDING, Reminder.Status.SENDING])


def _claimable(now: dt.datetime) -> Q:
    pending = Q(status=Reminder.Status.PENDING, due_at__lte=now) & (
        Q(retry_at__isnull=True) | Q(retry_at__lte=now)
    )
    stale = Q(status=Reminder.Status.SENDING, claimed_at__lt=now - reclaim_after())
    return pending | stale


def reminders_skip_hopeless(now: dt.datetime) -> int:
    """Open reminders that must never go: the occurrence started or was cancelled, the sign-up
    is no longer confirmed, or the person turned reminders off."""
    hopeless = (
        Q(occurrence__starts_at__lte=now)
        | Q(occurrence__status=Occurrence.Status.CANCELLED)
        | ~Q(signup__status=Signup.Status.CONFIRMED)
        | Q(signup__reminders_on=False)
    )
    # Not the row being sent right now (a live claim): its batch decides.
    live = Q(status=Reminder.Status.SENDING, claimed_at__gte=now - reclaim_after())
    ids = Reminder.objects.filter(_open() & hopeless).exclude(live).values("pk")
    return Reminder.objects.filter(pk__in=ids).update(status=Reminder.Status.SKIPPED)


def reminders_sweep(*, now: dt.datetime | None = None) -> int:
    """Queue every due reminder (see the module's docstring); returns how many were queued."""
    from .services import signups_expire

    now = now or timezone.now()
    signups_expire(now=now)
    reminders_skip_hopeless(now)
    with transaction.atomic():
        due = (
            Reminder.objects.select_for_update(skip_locked=True)
            .filter(_claimable(now))
            .filter(Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=now - reclaim_after()))
            .order_by("due_at")
        )
        ids = list(due.values_list("pk", flat=True)[:SWEEP_LIMIT])
        if not ids:
            return 0
        Reminder.objects.filter(pk__in=ids).update(enqueued_at=now)

        def enqueue() -> None:
            for start in range(0, len(ids), BATCH_SIZE):
                batch = ids[start : start + BATCH_SIZE]
                if queue_task(BATCH_TASK, batch) is None:  # the broker is down
                    Reminder.objects.filter(pk__in=ids[start:], enqueued_at=now).update(
                        enqueued_at=None
                    )
                    return

        transaction.on_commit(enqueue, robust=True)
    return len(ids)


# --- one batch ------------------------------------------------------------------------------


CLAIM_CHUNK = 25

_CLAIM_SQL = """
    UPDATE signups_reminder
       SET status = 'sending', claimed_at = %(now)s, attempts = attempts + 1
     WHERE id = ANY(%(ids)s)
       AND ((status = 'pending' AND due_at <= %(now)s
             AND (retry_at IS NULL OR retry_at <= %(now)s))
         OR (status = 'sending' AND claimed_at < %(stale)s))
    RETURNING id
"""


def _claim(ids: list[int], now: dt.datetime) -> set[int]:
    """Claim these rows in one conditional UPDATE (one commit); the ids it could claim.

    Rows sent, being sent by a live worker, not due or waiting for a retry stay out."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(_CLAIM_SQL, {"ids": ids, "now": now, "stale": now - reclaim_after()})
        return {row[0] for row in cursor.fetchall()}


def reminder_message(reminder: Reminder):
    """The e-mail of a reminder (plain text, HTML, the occurrence as .ics, the cancel link)."""
    from .texts import message_context

    signup = reminder.signup
    signup.occurrence = reminder.occurrence
    with translation.override(signup.language):
        context = message_context(signup, kind=reminder.kind)
        email = OutgoingEmail(
            to=signup.email,
            template="signups/email/reminder",
            context=context,
            language=signup.language,
        )
        message = email_render(email)
        message.attach(
            "tapaaminen.ics", occurrence_ics(signup, reminder.occurrence), "text/calendar"
        )
    domain = settings.SITE_URL.split("//")[-1].split("/")[0].split(":")[0] or "yhdessa"
    message.extra_headers["Message-ID"] = f"<reminder-{reminder.pk}@{domain}>"
    return message


def reminder_sms_text(reminder: Reminder) -> str:
    from django.template.loader import render_to_string

    from .texts import message_context

    signup = reminder.signup
    signup.occurrence = reminder.occurrence
    with translation.override(signup.language):
        context = message_context(signup, kind=reminder.kind)
        return " ".join(render_to_string("signups/sms/reminder.txt", context).split())


def is_permanent(error: Exception) -> bool:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in error.recipients.values()]
        return bool(codes) and all(500 <= code < 600 for code in codes)
    if isinstance(error, smtplib.SMTPResponseException):
        return 500 <= error.smtp_code < 600
    return False


def _failed(pk: int, claimed: dt.datetime, attempts: int, error: Exception) -> str:
    text = f"{type(error).__name__}: {error}"[:2000]
    claim = Reminder.objects.filter(pk=pk, status=Reminder.Status.SENDING, claimed_at=claimed)
    if is_permanent(error) or attempts >= MAX_ATTEMPTS:
        claim.update(status=Reminder.Status.FAILED, last_error=text)
        return "failed"
    minutes = BACKOFF_MINUTES[min(attempts - 1, len(BACKOFF_MINUTES) - 1)]
    retry = timezone.now() + dt.timedelta(minutes=minutes, seconds=random.uniform(0, 30))
    claim.update(status=Reminder.Status.PENDING, retry_at=retry, enqueued_at=None, last_error=text)
    return "retry"


def _sendable(reminder: Reminder, now: dt.datetime) -> bool:
    occurrence, signup = reminder.occurrence, reminder.signup
    return (
        occurrence.starts_at > now
        and occurrence.status != Occurrence.Status.CANCELLED
        and signup.status == Signup.Status.CONFIRMED
        and signup.reminders_on
        and bool(signup.email or signup.phone)
    )


def reminders_send_batch(ids: list[int]) -> dict[str, int]:
    """Send these reminders over one SMTP connection. Rows are claimed CLAIM_CHUNK at a time
    (one UPDATE each) just before they are sent, and each is marked sent right after the
    server accepted it; a worker killed mid-batch leaves at most one chunk claimed (re-claimed
    after RECLAIM_AFTER, all but the one in the SMTP window unsent) and the rest pending."""
    counts = {"sent": 0, "skipped": 0, "retry": 0, "failed": 0}
    rows = {
        reminder.pk: reminder
        for reminder in Reminder.objects.filter(pk__in=ids).select_related(
            "signup", "signup__activity", "signup__activity__place", "occurrence",
            "occurrence__place", "signup__activity__place__municipality",
            "signup__activity__municipality", "occurrence__place__municipality",
        )
    }  # fmt: skip
    for reminder in rows.values():
        reminder.occurrence.activity = reminder.signup.activity  # no query per message
    connection = None
    sms = None
    _durable(False)
    try:
        for start in range(0, len(ids), CLAIM_CHUNK):
            now = timezone.now()
            chunk = [pk for pk in ids[start : start + CLAIM_CHUNK] if pk in rows]
            wanted = [pk for pk in chunk if _sendable(rows[pk], now)]
            counts["skipped"] += len(chunk) - len(wanted)  # the sweep marks them skipped
            claimed = _claim(wanted, now) if wanted else set()
            counts["skipped"] += len(wanted) - len(claimed)  # someone else's
            for pk in wanted:
                if pk not in claimed:
                    continue
                reminder = rows[pk]
                signup = reminder.signup
                attempts = reminder.attempts + 1  # as loaded, plus this claim
                try:
                    if signup.email:
                        message = reminder_message(reminder)
                        if connection is None:
                            connection = mailers.default
                            connection.open()  # one connection for the whole batch
                        connection.send_messages([message])
                    else:
                        sms = sms or get_sms_backend()
                        sms.send(signup.phone, reminder_sms_text(reminder))
                except (TimeoutError, smtplib.SMTPException, OSError, SmsError) as error:
                    logger.warning("Reminder %s: %s", pk, error)
                    counts[_failed(pk, now, attempts, error)] += 1
                    if connection is not None:
                        connection.close()
                        connection = None
                    continue
                # Right after the server's acceptance: the row is sent (the window of point 3).
                Reminder.objects.filter(
                    pk=pk, status=Reminder.Status.SENDING, claimed_at=now
                ).update(status=Reminder.Status.SENT, sent_at=timezone.now())
                counts["sent"] += 1
    finally:
        _durable(True)
        if connection is not None:
            connection.close()
    return counts


def _durable(on: bool) -> None:
    """This session's commits wait for the WAL flush (on) or not (off; see point 3)."""
    from django.db import connection as db

    with db.cursor() as cursor:
        cursor.execute("RESET synchronous_commit" if on else "SET synchronous_commit TO off")
