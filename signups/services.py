"""Writes of sign-ups: create, confirm, cancel (and move the first in line up), consent,
organisers' messages, occurrence changes. Every write that touches several rows runs
in one transaction; messages are queued in it (notifications.email_queue, sent after commit).

Seats: an occurrence's row is locked (SELECT ... FOR UPDATE) while its confirmed sign-ups are
counted and a seat is taken or given back, so parallel sign-ups never confirm more than the
capacity. An unconfirmed sign-up (waiting for its e-mailed link) holds no seat and expires after
CONFIRM_HOURS.

Beside it: `tokens` (the links sent to people), `texts` (what messages say and who is told),
`occupancy` (an occurrence's seats) and `retention` (erasing old sign-ups, a person's own
data).
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from meetingplaces.hours import note_in_language
from meetingplaces.models import Activity, Occurrence
from meetingplaces.schedule import HELSINKI, local_instant
from notifications.services import absolute_url

from . import notices
from .limits import anonymous_series_dates
from .models import DEFAULT_LEADS, Reminder, ReminderSettings, Signup
from .names import clean_name
from .texts import tell, tell_promoted, tell_signed_up
from .tokens import CONFIRM_HOURS, confirm_token

logger = logging.getLogger(__name__)

ERASE_AFTER_DAYS = 30  # personal data of a sign-up is erased this long after its date


def notice_version() -> str:
    return getattr(settings, "SIGNUPS_SENSITIVE_NOTICE_VERSION", "2026-11-30")


class SignupError(Exception):
    """A sign-up the rules do not allow (translated message for the page)."""


# --- reminders' instants --------------------------------------------------------------------


def lead_instant(kind: str, starts_at: dt.datetime) -> dt.datetime:
    """When a reminder of this kind is due for an occurrence starting at `starts_at`.

    "d1@18:00": the local date of the start minus one day, at 18:00 Helsinki wall-clock time
    (EET or EEST, whichever is in force that evening); "m120": 120 real minutes before."""
    if kind.startswith("d"):
        days, clock = kind[1:].split("@")
        hour, minute = (int(part) for part in clock.split(":"))
        local_day = starts_at.astimezone(HELSINKI).date() - dt.timedelta(days=int(days))
        return local_instant(local_day, dt.time(hour, minute)).astimezone(dt.UTC)
    # In UTC: subtracting from a Helsinki-aware datetime would be wall-clock arithmetic.
    return starts_at.astimezone(dt.UTC) - dt.timedelta(minutes=int(kind[1:]))


def activity_leads(activity: Activity) -> list[str]:
    found = ReminderSettings.objects.filter(activity=activity).values_list("leads", flat=True)
    leads = next(iter(found), None)
    return list(DEFAULT_LEADS) if leads is None else list(leads)


def reminders_create(signup: Signup, *, leads: list[str] | None = None) -> int:
    """The reminder rows of a confirmed sign-up, for the lead times still ahead."""
    if not signup.reminders_on:
        return 0
    now = timezone.now()
    occurrence = signup.occurrence
    rows = []
    for kind in leads if leads is not None else activity_leads(signup.activity):
        due = lead_instant(kind, occurrence.starts_at)
        if due > now and occurrence.starts_at > now:
            rows.append(Reminder(signup=signup, occurrence=occurrence, kind=kind, due_at=due))
    Reminder.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


@transaction.atomic
def reminder_settings_save(activity: Activity, leads: list[str]) -> None:
    """The organiser changed the lead times: coming sign-ups follow (removed kinds are
    skipped, new ones created)."""
    ReminderSettings.objects.update_or_create(activity=activity, defaults={"leads": leads})
    Reminder.objects.filter(signup__activity=activity, status=Reminder.Status.PENDING).exclude(
        kind__in=leads
    ).update(status=Reminder.Status.SKIPPED)
    coming = Signup.objects.filter(
        activity=activity, status=Signup.Status.CONFIRMED, occurrence__starts_at__gt=timezone.now()
    ).select_related("occurrence", "activity")
    for signup in coming:
        reminders_create(signup, leads=leads)


def reminders_reschedule(occurrence: Occurrence) -> None:
    """The occurrence's time changed: the reminders not yet sent fall due at the new times."""
    for reminder in Reminder.objects.filter(
        occurrence=occurrence, status__in=[Reminder.Status.PENDING]
    ):
        due = lead_instant(reminder.kind, occurrence.starts_at)
        if due != reminder.due_at:
            Reminder.objects.filter(pk=reminder.pk, status=Reminder.Status.PENDING).update(
                due_at=due, enqueued_at=None
            )


def reminders_skip(signups_q: Q) -> int:
    return Reminder.objects.filter(
        signups_q, status__in=[Reminder.Status.PENDING, Reminder.Status.SENDING]
    ).update(status=Reminder.Status.SKIPPED)


def _lock(occurrence_ids: Iterable[int]) -> dict[int, Occurrence]:
    """Lock the occurrences' rows, in id order (parallel series sign-ups never deadlock)."""
    locked = (
        Occurrence.objects.select_for_update(of=("self",))
        .select_related("activity")
        .filter(pk__in=list(occurrence_ids))
        .order_by("pk")
    )
    return {occurrence.pk: occurrence for occurrence in locked}


def _take_seat(signup: Signup, occurrence: Occurrence, now: dt.datetime) -> None:
    """With the occurrence locked: confirm the sign-up, or put it on the waiting list."""
    capacity = occurrence.activity.capacity
    taken = Signup.objects.filter(occurrence=occurrence, status=Signup.Status.CONFIRMED).count()
    signup.occurrence = occurrence
    if capacity is None or taken < capacity:
        signup.status = Signup.Status.CONFIRMED
        signup.confirmed_at = now
    else:
        signup.status = Signup.Status.WAITING
        signup.waiting_since = now


def _bookable(occurrence: Occurrence, now: dt.datetime) -> bool:
    return occurrence.status != Occurrence.Status.CANCELLED and occurrence.starts_at > now


@transaction.atomic
def signup_create(
    *,
    occurrence: Occurrence,
    user: User | None = None,
    name: str = "",
    email: str = "",
    phone: str = "",
    language: str = "fi",
    show_name: bool = False,
    share_contact: bool = False,
    whole_series: bool = False,
    consent: bool = False,
    reminders_on: bool = True,
) -> list[Signup]:
    """Sign someone up for an occurrence (or every coming one of its activity).

    Signed-in people are confirmed (or waiting) at once; others get a confirmation link and hold
    no seat until they use it."""
    now = timezone.now()
    activity = occurrence.activity
    if not activity.signup_required:
        raise SignupError(_("This activity needs no sign-up: just come along."))
    if activity.is_sensitive and not consent:
        raise SignupError(_("Signing up for this group needs your consent."))
    if whole_series and activity.is_recurring:
        ids = list(
            Occurrence.objects.filter(activity=activity, starts_at__gte=occurrence.starts_at)
            .exclude(status=Occurrence.Status.CANCELLED)
            .values_list("pk", flat=True)
        )
    else:
        ids = [occurrence.pk]
    locked = _lock(ids) if user is not None else {}
    targets = (
        [locked[pk] for pk in sorted(locked)]
        if user is not None
        else list(Occurrence.objects.filter(pk__in=ids).order_by("starts_at"))
    )
    targets = [target for target in targets if _bookable(target, now)]
    if user is None:
        targets = targets[: anonymous_series_dates()]  # how far ahead, without an account
    else:
        already = set(
            Signup.objects.filter(
                user=user, occurrence__in=targets, status__in=Signup.ACTIVE
            ).values_list("occurrence_id", flat=True)
        )
        targets = [target for target in targets if target.pk not in already]
        if not targets and already:
            raise SignupError(_("You have already signed up."))
    if not targets:
        raise SignupError(_("This date can no longer be signed up for."))
    series = uuid.uuid4() if len(targets) > 1 or (whole_series and activity.is_recurring) else None
    created = []
    for target in targets:
        signup = Signup(
            activity=activity,
            occurrence=target,
            series=series,
            user=user,
            name=clean_name(name or (getattr(user, "display_name", "") if user else "")),
            email=(user.email if user is not None else email.strip()),
            phone="" if user is not None else phone,
            language=language,
            show_name=show_name,
            share_contact=share_contact,
            reminders_on=reminders_on,
            consent_at=now if activity.is_sensitive else None,
            consent_version=notice_version() if activity.is_sensitive else "",
            created_at=now,
        )
        if user is not None:
            _take_seat(signup, target, now)
        signup.save()
        if signup.status == Signup.Status.CONFIRMED:
            reminders_create(signup)
        created.append(signup)
    first = created[0]
    if user is not None:
        tell_signed_up(created)
        notices.after_signup(created)
    else:
        with translation.override(language):
            confirm_url = absolute_url(
                reverse("signups:confirm", kwargs={"token": confirm_token(first)})
            )
        tell(first, "confirm", confirm_url=confirm_url, count=len(created))
    return created


def series_extend(activity: Activity, created: list[Occurrence]) -> int:
    """New dates of an activity (the daily extension, a schedule change) join every series
    sign-up still active: same series id and person, seats respected (full: waiting list),
    reminders for confirmed ones. Unconfirmed series get unconfirmed rows (their link confirms
    them all). Runs inside the caller's transaction; a date already signed up is skipped."""
    now = timezone.now()
    new = sorted(
        (o for o in created if _bookable(o, now)), key=lambda occurrence: occurrence.starts_at
    )
    if not new:
        return 0
    # One template per active series: its latest row (the person's current choices).
    latest: dict = {}
    rows = Signup.objects.filter(
        activity=activity, series__isnull=False, status__in=Signup.ACTIVE
    ).order_by("series", "-occurrence__starts_at", "-pk")
    for row in rows.select_related("occurrence").iterator():
        latest.setdefault(row.series, row)
    if not latest:
        return 0
    templates = sorted(latest.values(), key=lambda row: (row.created_at, row.pk))
    locked = _lock([occurrence.pk for occurrence in new])
    count = 0
    for occurrence in (locked[o.pk] for o in new if o.pk in locked):
        taken_users = set(
            Signup.objects.filter(
                occurrence=occurrence, status__in=Signup.ACTIVE, user__isnull=False
            ).values_list("user_id", flat=True)
        )
        taken_series = set(
            Signup.objects.filter(occurrence=occurrence, series__isnull=False).values_list(
                "series", flat=True
            )
        )
        for template in templates:
            if template.occurrence.starts_at >= occurrence.starts_at:
                continue  # the series starts later than this date
            if template.series in taken_series or template.user_id in taken_users:
                continue
            if template.user_id is None:
                continue  # an anonymous series keeps its first dates only (limits.py)
            signup = Signup(
                activity=activity,
                occurrence=occurrence,
                series=template.series,
                user_id=template.user_id,
                name=template.name,
                email=template.email,
                phone=template.phone,
                language=template.language,
                show_name=template.show_name,
                share_contact=template.share_contact,
                reminders_on=template.reminders_on,
                consent_at=template.consent_at,
                consent_version=template.consent_version,
                created_at=template.created_at,
            )
            if template.status != Signup.Status.PENDING:
                _take_seat(signup, occurrence, now)
            signup.save()
            if signup.status == Signup.Status.CONFIRMED:
                reminders_create(signup)
            if signup.user_id is not None:
                taken_users.add(signup.user_id)
            count += 1
    return count


def _group(signup: Signup, *, statuses: Sequence[str]) -> list[Signup]:
    if signup.series:
        return list(Signup.objects.filter(series=signup.series, status__in=statuses).order_by("pk"))
    return [signup] if signup.status in statuses else []


@transaction.atomic
def signup_confirm(signup: Signup) -> list[Signup]:
    """The person used their confirmation link: take seats (or waiting-list places)."""
    now = timezone.now()
    group = _group(signup, statuses=[Signup.Status.PENDING])
    if not group:
        return []
    if signup.created_at < now - dt.timedelta(hours=CONFIRM_HOURS):
        Signup.objects.filter(pk__in=[s.pk for s in group]).update(status=Signup.Status.EXPIRED)
        return []
    locked = _lock({s.occurrence_id for s in group})
    done = []
    for item in group:
        occurrence = locked[item.occurrence_id]
        fresh = Signup.objects.get(pk=item.pk)
        if fresh.status != Signup.Status.PENDING:
            continue
        if not _bookable(occurrence, now):
            fresh.status = Signup.Status.EXPIRED
            fresh.save(update_fields=["status"])
            continue
        _take_seat(fresh, occurrence, now)
        fresh.save(update_fields=["status", "confirmed_at", "waiting_since", "occurrence"])
        if fresh.status == Signup.Status.CONFIRMED:
            reminders_create(fresh)
        done.append(fresh)
    if done:
        tell_signed_up(done)
        notices.after_signup(done)
    return done


def _promote(occurrence: Occurrence, now: dt.datetime) -> list[Signup]:
    """With the occurrence locked: move the first in line up while there are free seats."""
    capacity = occurrence.activity.capacity
    if capacity is None:
        return []
    taken = Signup.objects.filter(occurrence=occurrence, status=Signup.Status.CONFIRMED).count()
    free = capacity - taken
    if free <= 0:
        return []
    promoted = list(
        Signup.objects.filter(occurrence=occurrence, status=Signup.Status.WAITING).order_by(
            "waiting_since", "pk"
        )[:free]
    )
    for signup in promoted:
        signup.status = Signup.Status.CONFIRMED
        signup.confirmed_at = now
        signup.save(update_fields=["status", "confirmed_at"])
        signup.occurrence = occurrence
        reminders_create(signup)
        tell_promoted(signup)
    return promoted


@transaction.atomic
def signup_cancel(signup: Signup, *, whole_series: bool = False, notify: bool = True) -> int:
    """Cancel a sign-up (or every active one of its series): the seat goes to the first in line."""
    now = timezone.now()
    group = (
        _group(signup, statuses=Signup.ACTIVE)
        if whole_series
        else ([signup] if signup.is_active else [])
    )
    if whole_series:
        # The dates already begun are history: the series is cancelled from now on.
        started = set(
            Occurrence.objects.filter(
                pk__in=[s.occurrence_id for s in group], starts_at__lte=now
            ).values_list("pk", flat=True)
        )
        group = [s for s in group if s.occurrence_id not in started]
    if not group:
        return 0
    locked = _lock({s.occurrence_id for s in group})
    ids = [s.pk for s in group]
    Signup.objects.filter(pk__in=ids, status__in=Signup.ACTIVE).update(
        status=Signup.Status.CANCELLED, cancelled_at=now
    )
    reminders_skip(Q(signup_id__in=ids))
    for occurrence in locked.values():
        if _bookable(occurrence, now):
            _promote(occurrence, now)
    if notify:
        signup.refresh_from_db()
        tell(signup, "cancelled_by_you", count=len(group))
        notices.after_cancel(group)
    return len(group)


@transaction.atomic
def signup_reminders_off(signup: Signup) -> None:
    ids = [s.pk for s in _group(signup, statuses=Signup.ACTIVE)] or [signup.pk]
    Signup.objects.filter(pk__in=ids).update(reminders_on=False)
    Reminder.objects.filter(signup_id__in=ids, status=Reminder.Status.PENDING).update(
        status=Reminder.Status.SKIPPED
    )


@transaction.atomic
def signup_consent_withdraw(signup: Signup) -> int:
    """Withdrawing consent (sensitive groups) cancels the sign-up and every date of its series."""
    now = timezone.now()
    ids = [s.pk for s in _group(signup, statuses=Signup.ACTIVE)] or [signup.pk]
    Signup.objects.filter(pk__in=ids).update(consent_withdrawn_at=now)
    signup.refresh_from_db()
    return signup_cancel(signup, whole_series=True)


@transaction.atomic
def signups_expire(*, now: dt.datetime | None = None) -> int:
    """Unconfirmed sign-ups older than CONFIRM_HOURS expire (they never held a seat)."""
    now = now or timezone.now()
    return Signup.objects.filter(
        status=Signup.Status.PENDING, created_at__lt=now - dt.timedelta(hours=CONFIRM_HOURS)
    ).update(status=Signup.Status.EXPIRED)


# --- organisers -----------------------------------------------------------------------------


def signups_for_organiser(occurrence: Occurrence) -> QuerySet[Signup]:
    return Signup.objects.filter(
        occurrence=occurrence, status__in=[Signup.Status.CONFIRMED, Signup.Status.WAITING]
    ).order_by("status", "confirmed_at", "waiting_since", "pk")


@transaction.atomic
def organiser_message(occurrence: Occurrence, *, text: str) -> int:
    """Tell everyone signed up (and waiting) for this occurrence, e.g. "moved to room 2"."""
    recipients = list(signups_for_organiser(occurrence).select_related("activity", "occurrence"))
    for signup in recipients:
        tell(signup, "message", message=text)
    return len(recipients)


# --- occurrence changes (receivers in signals.py) ------------------------------------------


def active_signups(occurrence: Occurrence) -> QuerySet[Signup]:
    return Signup.objects.filter(occurrence=occurrence, status__in=Signup.ACTIVE).select_related(
        "activity", "occurrence"
    )


def occurrence_cancelled(occurrence: Occurrence, *, note: str = "") -> int:
    signups = list(active_signups(occurrence))
    reminders_skip(Q(occurrence=occurrence))
    for signup in signups:
        if signup.status != Signup.Status.PENDING:
            shown = note_in_language(note, occurrence.date, signup.language)
            tell(signup, "occurrence_cancelled", note=shown)
    return len(signups)


def occurrence_rescheduled(
    occurrence: Occurrence, *, note: str = "", restored: bool = False
) -> int:
    reminders_reschedule(occurrence)
    signups = list(active_signups(occurrence))
    for signup in signups:
        if signup.status == Signup.Status.CONFIRMED:
            reminders_create(signup)  # restored after a cancellation: reminders again
        if signup.status != Signup.Status.PENDING:
            tell(signup, "occurrence_changed", note=note, restored=restored)
    return len(signups)


def occurrences_with_signups(occurrences: QuerySet[Occurrence]) -> set[int]:
    """The occurrence keeper: occurrences someone signed up for stay (cancelled), not deleted."""
    return set(
        Signup.objects.filter(occurrence__in=occurrences, status__in=Signup.ACTIVE).values_list(
            "occurrence_id", flat=True
        )
    )
