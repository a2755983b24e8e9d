"""Telling organisers about sign-ups: someone signed up, someone cancelled, a date became full.

Each organiser chooses per activity (`OrganiserNotice`): which events, and either one e-mail
each time or a daily summary. E-mails are queued in the transaction of the change
(notifications.email_queue) and written in the organiser's own language. They carry counts and
a link to the sign-up list, never a participant's name or contact details (those stay behind
the list's access check). Someone who can no longer edit the activity is not told.

The daily summary (beat, 07:00 Helsinki time) claims each organiser's period with a conditional
UPDATE of `summary_until`, so a second run or a second worker sends nothing twice.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone, translation

from meetingplaces.access import can_edit_activity
from meetingplaces.models import Activity, Occurrence
from notifications.services import absolute_url, email_language, email_queue
from portal.lib.translation import localised

from .models import OrganiserNotice, Signup

KINDS = ("signup", "cancel", "full")


def notice_settings_save(
    *, activity: Activity, user, on_signup: bool, on_cancel: bool, on_full: bool, mode: str
) -> OrganiserNotice | None:
    """Store an organiser's choices; nothing chosen removes the row."""
    if not (on_signup or on_cancel or on_full):
        OrganiserNotice.objects.filter(activity=activity, user=user).delete()
        return None
    notice, _created = OrganiserNotice.objects.update_or_create(
        activity=activity,
        user=user,
        defaults={
            "on_signup": on_signup,
            "on_cancel": on_cancel,
            "on_full": on_full,
            "mode": mode,
        },
    )
    return notice


def _recipients(activity: Activity, kind: str, mode: str):
    notices = OrganiserNotice.objects.filter(
        activity=activity, mode=mode, **{f"on_{kind}": True}
    ).select_related("user")
    return [n for n in notices if n.user.is_active and can_edit_activity(n.user, activity)]


def _tell(activity: Activity, occurrence: Occurrence, kind: str, *, count: int) -> None:
    from .occupancy import seats
    from .texts import when_text

    recipients = _recipients(activity, kind, OrganiserNotice.Mode.EACH)
    if not recipients:
        return
    places = seats(occurrence)
    for notice in recipients:
        language = email_language(user=notice.user)
        with translation.override(language):
            context = {
                "kind": kind,
                "title": localised(activity, "title"),
                "when": when_text(occurrence),
                "count": count,
                "confirmed": places["confirmed"],
                "capacity": places["capacity"] or 0,
                "waiting": places["waiting"],
                "list_url": absolute_url(
                    reverse("signups:organise", kwargs={"slug": activity.slug, "pk": occurrence.pk})
                ),
                "settings_url": absolute_url(
                    reverse("signups:notices", kwargs={"slug": activity.slug})
                ),
            }
        email_queue(
            to=notice.user.email,
            template="signups/email/organiser_notice",
            context=context,
            language=language,
        )


def after_signup(signups: list[Signup]) -> None:
    """Someone signed up (one or more dates, one action): one e-mail naming the first date;
    and one per date whose last seat this took."""
    if not signups:
        return
    activity = signups[0].activity
    if not OrganiserNotice.objects.filter(activity=activity).exists():
        return
    _tell(activity, signups[0].occurrence, "signup", count=len(signups))
    capacity = activity.capacity
    for signup in signups:
        if capacity is None or signup.status != Signup.Status.CONFIRMED:
            continue
        taken = Signup.objects.filter(
            occurrence=signup.occurrence, status=Signup.Status.CONFIRMED
        ).count()
        if taken == capacity:  # this sign-up took the last seat
            _tell(activity, signup.occurrence, "full", count=1)


def after_cancel(signups: list[Signup]) -> None:
    if not signups:
        return
    activity = signups[0].activity
    if not OrganiserNotice.objects.filter(activity=activity).exists():
        return
    first = min(signups, key=lambda s: s.occurrence.starts_at)
    _tell(activity, first.occurrence, "cancel", count=len(signups))


# --- the daily summary ------------------------------------------------------------------------


def _summary_counts(activity: Activity, since: dt.datetime, until: dt.datetime) -> dict:
    window = Q(activity=activity)
    signed = Signup.objects.filter(
        window,
        Q(confirmed_at__gte=since, confirmed_at__lt=until)
        | Q(status=Signup.Status.WAITING, waiting_since__gte=since, waiting_since__lt=until),
    ).count()
    cancelled = Signup.objects.filter(
        window, cancelled_at__gte=since, cancelled_at__lt=until
    ).count()
    full = 0
    if activity.capacity:
        full = (
            Occurrence.objects.filter(activity=activity, starts_at__gt=until)
            .exclude(status=Occurrence.Status.CANCELLED)
            .annotate(
                taken=Count("signups", filter=Q(signups__status=Signup.Status.CONFIRMED)),
                fresh=Count(
                    "signups",
                    filter=Q(
                        signups__status=Signup.Status.CONFIRMED,
                        signups__confirmed_at__gte=since,
                        signups__confirmed_at__lt=until,
                    ),
                ),
            )
            .filter(taken__gte=activity.capacity, fresh__gt=0)
            .count()
        )
    return {"signup": signed, "cancel": cancelled, "full": full}


def notices_send_summaries(*, now: dt.datetime | None = None) -> int:
    """Queue each daily summary that has something to say; returns how many were queued."""
    now = now or timezone.now()
    sent = 0
    ids = list(
        OrganiserNotice.objects.filter(mode=OrganiserNotice.Mode.DAILY).values_list("pk", flat=True)
    )
    for pk in ids:
        with transaction.atomic():
            notice = (
                OrganiserNotice.objects.select_related("user", "activity").filter(pk=pk).first()
            )
            if notice is None:
                continue
            since = notice.summary_until or now - dt.timedelta(days=1)
            if since >= now - dt.timedelta(hours=20):
                continue  # summarised already today
            # The claim: only one run moves this period's end.
            claimed = OrganiserNotice.objects.filter(
                pk=pk, summary_until=notice.summary_until
            ).update(summary_until=now)
            if claimed != 1:
                continue
            activity = notice.activity
            if not (notice.user.is_active and can_edit_activity(notice.user, activity)):
                continue
            counts = _summary_counts(activity, since, now)
            chosen = {kind: counts[kind] for kind in KINDS if getattr(notice, f"on_{kind}")}
            if not any(chosen.values()):
                continue
            language = email_language(user=notice.user)
            with translation.override(language):
                context = {
                    "title": localised(activity, "title"),
                    "signup": chosen.get("signup"),
                    "cancel": chosen.get("cancel"),
                    "full": chosen.get("full"),
                    "activity_url": absolute_url(
                        reverse("signups:activity", kwargs={"slug": activity.slug})
                    ),
                    "settings_url": absolute_url(
                        reverse("signups:notices", kwargs={"slug": activity.slug})
                    ),
                }
            email_queue(
                to=notice.user.email,
                template="signups/email/organiser_summary",
                context=context,
                language=language,
            )
            sent += 1
    return sent


def user_signup_settings_export(user) -> tuple[str, list]:
    """For the person's data export: their calendar address (when it was made, not the secret)
    and their choices of e-mails about activities' sign-ups."""
    from .models import CalendarFeed

    rows: list[dict] = [
        {"calendar_address_created_at": feed.created_at.isoformat()}
        for feed in CalendarFeed.objects.filter(user=user)
    ]
    rows += [
        {
            "activity": notice.activity.title_fi,
            "on_signup": notice.on_signup,
            "on_cancel": notice.on_cancel,
            "on_full": notice.on_full,
            "mode": notice.mode,
        }
        for notice in OrganiserNotice.objects.filter(user=user).select_related("activity")
    ]
    return "signup_settings", rows
