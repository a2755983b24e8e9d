"""Retention and the person's own data: old sign-ups erased, a user's sign-ups exported or
erased."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from .models import Reminder, Signup
from .services import ERASE_AFTER_DAYS, signup_cancel

PERSONAL_FIELDS = {"name": "", "email": "", "phone": "", "user": None, "show_name": False}


ERASE_BATCH = 2000


def signups_to_erase(cutoff: dt.datetime):
    """Sign-ups not yet erased whose occurrence ended before the cutoff: on the partial index
    of the sign-ups not erased (signup_not_erased), so erased history is never scanned again."""
    return Signup.objects.filter(erased_at__isnull=True, occurrence__ends_at__lt=cutoff)


def signup_messages_to_erase(cutoff: dt.datetime):
    """The outbox's sign-up messages (addresses, phone numbers, names) older than the cutoff: on
    the partial index outgoing_signups_created, not a scan of every message sent."""
    from notifications.models import OutgoingEmail

    return OutgoingEmail.objects.filter(template__startswith="signups/", created_at__lt=cutoff)


def signups_erase_old(*, now: dt.datetime | None = None, batch_size: int = ERASE_BATCH) -> int:
    """Erase the personal data of sign-ups 30 days after their occurrence ended (the rows stay,
    so counts stay), and the outbox's sign-up messages older than that. In batches of
    `batch_size` rows, one transaction each: memory stays flat however many there are, and a
    run stopped half-way keeps what it did. Idempotent: the second run finds nothing."""
    from notifications.models import OutgoingEmail

    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=ERASE_AFTER_DAYS)
    count = 0
    while True:
        with transaction.atomic():
            ids = list(signups_to_erase(cutoff).values_list("pk", flat=True)[:batch_size])
            if not ids:
                break
            Reminder.objects.filter(signup_id__in=ids).delete()
            count += Signup.objects.filter(pk__in=ids).update(erased_at=now, **PERSONAL_FIELDS)
    while True:
        # The batch's ids are read first and deleted by primary key: with `pk IN (subquery)`
        # and stale statistics (rows just inserted) PostgreSQL chose a nested loop over the
        # whole table per batch (minutes for 100,000 messages in the tests).
        batch = list(signup_messages_to_erase(cutoff).values_list("pk", flat=True)[:batch_size])
        if not batch:
            break
        OutgoingEmail.objects.filter(pk__in=batch).delete()
    return count


def user_signups_export(user) -> tuple[str, list]:
    rows = Signup.objects.filter(user=user).select_related("occurrence", "activity")
    return "signups", [
        {
            "activity": signup.activity.title_fi,
            "starts_at": signup.occurrence.starts_at.isoformat(),
            "status": signup.status,
            "name": signup.name,
            "email": signup.email,
            "show_name": signup.show_name,
            "reminders_on": signup.reminders_on,
            "consent_at": signup.consent_at.isoformat() if signup.consent_at else None,
            "consent_version": signup.consent_version,
            "created_at": signup.created_at.isoformat(),
        }
        for signup in rows.order_by("created_at")
    ]


@transaction.atomic
def user_signups_erase(user) -> None:
    """Before an account is deleted: cancel its coming sign-ups (seats to the next in line),
    then erase the personal fields of all its sign-ups."""
    now = timezone.now()
    for signup in Signup.objects.filter(
        user=user, status__in=Signup.ACTIVE, occurrence__starts_at__gt=now
    ):
        signup_cancel(signup, notify=False)
    ids = list(Signup.objects.filter(user=user).values_list("pk", flat=True))
    Reminder.objects.filter(signup_id__in=ids).delete()
    Signup.objects.filter(pk__in=ids).update(erased_at=now, **PERSONAL_FIELDS)
