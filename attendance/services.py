"""Writes of attendance and the monthly figures they keep current.

Every write recomputes the one MonthFigure row it touches (an activity's or a place's month:
at most 31 dates) while holding that row's lock, so two organisers saving at once end with
the figures of both. The daily job (`attendance_daily`) refreshes the months of the dates that
just passed (an unrecorded past date counts as held) and sends the one reminder of a date
without figures. Presences (who came) are erased with the sign-ups' rule; counts stay.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from collections.abc import Iterable
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Count, F, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone, translation

from accounts.models import User
from meetingplaces.models import Activity, MeetingPlace, Occurrence, PublishStatus, Venue
from meetingplaces.services import local_today
from notifications.services import absolute_url, email_language, email_queue
from organisations.models import Membership
from signups.models import Signup
from signups.services import ERASE_AFTER_DAYS

from .figures import month_page_url, month_start
from .models import (
    DateRecord,
    FiguresReminder,
    MonthFigure,
    ParticipantMonth,
    PlaceDay,
    Presence,
)


def month_end(month: dt.date) -> dt.date:
    following = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)


def activity_municipality_id(activity: Activity) -> int | None:
    """Where the activity is held: its meeting place's municipality, its address's, or none
    (online)."""
    if activity.venue == Venue.PLACE and activity.place is not None:  # no query without one
        return activity.place.municipality_id
    if activity.venue == Venue.ADDRESS:
        return activity.municipality_id
    return None


def _copied_from_activity(activity: Activity) -> dict[str, int | None]:
    """The columns a month's row copies from its activity, for filters without joins."""
    return {
        "organisation_id": activity.organisation_id,
        "welfare_area_id": activity.welfare_area_id,
        "municipality_id": activity_municipality_id(activity),
    }


def participant_key(signup: Signup) -> str:
    """A signed-up person's key: a keyed one-way hash of their account, or of their sign-up
    for the whole series, or of the one sign-up. It names no one and cannot be reversed."""
    if signup.user_id:
        ident = f"u{signup.user_id}"
    elif signup.series:
        ident = f"s{signup.series}"
    else:
        ident = f"p{signup.pk}"
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"attendance-participant:{ident}".encode(), hashlib.sha256
    )
    return digest.hexdigest()[:32]


# --- the monthly rows ---------------------------------------------------------------------------


TALLY_FIELDS = (
    "date",
    "status",
    "attendance__pk",
    "attendance__not_held",
    "attendance__visitors",
    "attendance__volunteers",
    "attendance__volunteer_hours",
)


def tally(dates: Iterable[tuple], today: dt.date) -> tuple[int, int, int, int, int, Decimal]:
    """(held, cancelled, recorded, visits, volunteers, hours) of one month's dates, each a tuple
    of TALLY_FIELDS. A date to come counts only once recorded; a past date without figures
    counts as held; a cancelled date, or one marked not held, as cancelled (never as zero)."""
    held = cancelled = recorded = visits = volunteers = 0
    hours = Decimal("0.0")
    for day, status, record, not_held, visitors, volunteer_count, volunteer_hours in dates:
        if record is None and day >= today:
            continue  # not yet held
        if status == Occurrence.Status.CANCELLED or not_held:
            if day < today or not_held:
                cancelled += 1
            continue
        held += 1
        if record is not None:
            recorded += 1
            visits += visitors or 0
            volunteers += volunteer_count or 0
            hours += volunteer_hours or 0
    return held, cancelled, recorded, visits, volunteers, hours


def _locked_figure(**key: object) -> MonthFigure:
    MonthFigure.objects.bulk_create([MonthFigure(**key)], ignore_conflicts=True)
    return MonthFigure.objects.select_for_update().get(**key)


@transaction.atomic
def figures_refresh_activity(
    activity: Activity, month: dt.date, *, today: dt.date | None = None
) -> MonthFigure:
    """Recompute one activity's month from its dates and records."""
    today = today or local_today()
    month = month_start(month)
    row = _locked_figure(
        activity=activity,
        month=month,
        welfare_area_id=activity.welfare_area_id,
        organisation_id=activity.organisation_id,
    )
    dates = Occurrence.objects.filter(
        activity=activity, date__range=(month, month_end(month))
    ).values_list(*TALLY_FIELDS)
    held, cancelled, recorded, visits, volunteers, hours = tally(dates, today)
    row.welfare_area_id = activity.welfare_area_id
    row.organisation_id = activity.organisation_id
    row.municipality_id = activity_municipality_id(activity)
    row.dates_held, row.dates_cancelled, row.dates_recorded = held, cancelled, recorded
    row.visits, row.volunteers, row.volunteer_hours = visits, volunteers, hours
    row.refreshed_at = timezone.now()
    row.save()
    return row


@transaction.atomic
def figures_refresh_place(place: MeetingPlace, month: dt.date) -> MonthFigure:
    """Recompute one meeting place's month from its days' visitor counts."""
    month = month_start(month)
    row = _locked_figure(place=place, month=month, welfare_area_id=place.welfare_area_id)
    days = PlaceDay.objects.filter(place=place, date__range=(month, month_end(month)))
    summary = days.aggregate(visits=Sum("visitors"))
    row.welfare_area_id = place.welfare_area_id
    row.municipality_id = place.municipality_id
    row.dates_held = row.dates_recorded = days.count()
    row.visits = summary["visits"] or 0
    row.refreshed_at = timezone.now()
    row.save()
    return row


@transaction.atomic
def figures_rebuild(*, activities: Iterable[Activity], today: dt.date | None = None) -> int:
    """Recompute every month of these activities in one pass (the demo and the benchmark's
    generator load a year at once; the same rules as figures_refresh_activity). Rows made."""
    today = today or local_today()
    by_id = {activity.pk: activity for activity in activities}
    months: dict[tuple[int, dt.date], list] = {}
    rows = (
        Occurrence.objects.filter(activity_id__in=list(by_id))
        .values_list("activity_id", *TALLY_FIELDS)
        .order_by()
    )
    for activity_id, *date in rows.iterator(chunk_size=20_000):
        months.setdefault((activity_id, month_start(date[0])), []).append(date)
    MonthFigure.objects.filter(activity_id__in=list(by_id)).delete()
    figures = []
    for (activity_id, month), dates in months.items():
        activity = by_id[activity_id]
        held, cancelled, recorded, visits, volunteers, hours = tally(dates, today)
        if not (held or cancelled):
            continue
        figures.append(
            MonthFigure(
                activity=activity,
                month=month,
                **_copied_from_activity(activity),
                dates_held=held,
                dates_cancelled=cancelled,
                dates_recorded=recorded,
                visits=visits,
                volunteers=volunteers,
                volunteer_hours=hours,
            )
        )
    MonthFigure.objects.bulk_create(figures, batch_size=5000)
    return len(figures)


@transaction.atomic
def place_figures_rebuild(*, places: Iterable[MeetingPlace]) -> int:
    """Recompute every month of these places' door counts in one pass."""
    by_id = {place.pk: place for place in places}
    sums = (
        PlaceDay.objects.filter(place_id__in=list(by_id))
        .annotate(month=TruncMonth("date"))
        .values("place_id", "month")
        .annotate(days=Count("pk"), visits=Sum("visitors"))
        .order_by()
    )
    MonthFigure.objects.filter(place_id__in=list(by_id)).delete()
    figures = [
        MonthFigure(
            place_id=row["place_id"],
            month=row["month"],
            welfare_area_id=by_id[row["place_id"]].welfare_area_id,
            municipality_id=by_id[row["place_id"]].municipality_id,
            dates_held=row["days"],
            dates_recorded=row["days"],
            visits=row["visits"],
        )
        for row in sums
    ]
    MonthFigure.objects.bulk_create(figures, batch_size=5000)
    return len(figures)


# --- the organiser's records --------------------------------------------------------------------


def presence_candidates(occurrence: Occurrence) -> QuerySet[Signup]:
    """The sign-ups an organiser may mark as present: confirmed, personal data not erased."""
    return Signup.objects.filter(
        occurrence=occurrence, status=Signup.Status.CONFIRMED, erased_at__isnull=True
    ).order_by("created_at")


@transaction.atomic
def date_record_save(
    *,
    occurrence: Occurrence,
    user: User,
    not_held: bool = False,
    visitors: int | None = None,
    volunteers: int | None = None,
    volunteer_hours: Decimal | None = None,
    note: str = "",
    present: Iterable[int] | None = None,
    today: dt.date | None = None,
) -> DateRecord:
    """Store the figures of one date (replacing earlier ones) and, when `present` is given,
    which of its sign-ups came (ids of presence_candidates)."""
    activity = occurrence.activity
    record = DateRecord.objects.select_for_update().filter(occurrence=occurrence).first()
    if record is None:
        record = DateRecord(occurrence=occurrence, activity=activity)
    record.not_held = not_held
    record.visitors = None if not_held else visitors
    record.volunteers = None if not_held else volunteers
    record.volunteer_hours = None if not_held else volunteer_hours
    record.note = note
    record.recorded_at = timezone.now()
    record.recorded_by = user if getattr(user, "is_authenticated", False) else None
    record.save()
    if present is not None:
        _presences_set(record, occurrence, set() if not_held else set(present))
    figures_refresh_activity(activity, occurrence.date, today=today)
    return record


def _presences_set(record: DateRecord, occurrence: Occurrence, wanted: set[int]) -> None:
    activity = occurrence.activity
    month = month_start(occurrence.date)
    current = {row.signup_id: row for row in record.presences.all()}
    allowed = {signup.pk: signup for signup in presence_candidates(occurrence)}
    added = [allowed[pk] for pk in wanted - set(current) if pk in allowed]
    removed = [current[pk] for pk in set(current) - wanted]
    for signup in added:
        person = participant_key(signup)
        Presence.objects.create(record=record, signup=signup, person=person)
        ParticipantMonth.objects.bulk_create(
            [
                ParticipantMonth(
                    activity=activity,
                    month=month,
                    **_copied_from_activity(activity),
                    person=person,
                )
            ],
            ignore_conflicts=True,
        )
        ParticipantMonth.objects.filter(activity=activity, month=month, person=person).update(
            marks=F("marks") + 1
        )
    for presence in removed:
        rows = ParticipantMonth.objects.filter(
            activity=activity, month=month, person=presence.person
        )
        rows.update(marks=F("marks") - 1)
        rows.filter(marks__lte=0).delete()
        presence.delete()


def occurrences_with_records(occurrences: QuerySet[Occurrence]) -> set[int]:
    """The occurrence keeper: a date with figures is kept (cancelled), never deleted."""
    return set(
        DateRecord.objects.filter(occurrence__in=occurrences).values_list(
            "occurrence_id", flat=True
        )
    )


# --- meeting places' door counts ----------------------------------------------------------------


@transaction.atomic
def place_day_add(*, place: MeetingPlace, date: dt.date, count: int = 1) -> int:
    """The door's +1: added in one UPDATE (two phones at the door both count). The day's
    total after it."""
    PlaceDay.objects.bulk_create([PlaceDay(place=place, date=date)], ignore_conflicts=True)
    PlaceDay.objects.filter(place=place, date=date).update(
        visitors=F("visitors") + count, updated_at=timezone.now()
    )
    figures_refresh_place(place, date)
    return PlaceDay.objects.get(place=place, date=date).visitors


@transaction.atomic
def place_days_set(*, place: MeetingPlace, totals: dict[dt.date, int | None]) -> None:
    """Typed totals of several days: a number replaces the day's count, None removes it."""
    months = set()
    for day, visitors in totals.items():
        if visitors is None:
            PlaceDay.objects.filter(place=place, date=day).delete()
        else:
            PlaceDay.objects.update_or_create(
                place=place,
                date=day,
                defaults={"visitors": visitors, "updated_at": timezone.now()},
            )
        months.add(month_start(day))
    for month in sorted(months):
        figures_refresh_place(place, month)


# --- the daily job: passed dates, reminders, erase ----------------------------------------------

REMINDER_TEMPLATE = "attendance/email/figures_reminder"


def _reminder_recipients(activity: Activity) -> list:
    members = Membership.objects.filter(organisation_id=activity.organisation_id).select_related(
        "user"
    )
    creator = [m.user for m in members if m.user_id == activity.created_by_id]
    if creator:
        return creator
    return [m.user for m in members if m.role == Membership.Role.ADMIN]


def figures_reminders_send(*, today: dt.date | None = None) -> int:
    """Remind the organiser once, the day after a date held without figures (the day before
    yesterday too, should a run have been missed). Claimed per date in FiguresReminder: a second
    run sends nothing. Returns the number of e-mails queued."""
    today = today or local_today()
    dates = (
        Occurrence.objects.filter(
            date__range=(today - dt.timedelta(days=2), today - dt.timedelta(days=1)),
            attendance__isnull=True,
            activity__status=PublishStatus.PUBLISHED,
        )
        .exclude(status=Occurrence.Status.CANCELLED)
        .select_related("activity")
        .order_by("activity_id", "date")
    )
    sent = 0
    for occurrence in dates:
        with transaction.atomic():
            _claim, created = FiguresReminder.objects.get_or_create(occurrence=occurrence)
            if not created:
                continue
            activity = occurrence.activity
            for user in _reminder_recipients(activity):
                language = email_language(user=user)
                with translation.override(language):
                    url = absolute_url(
                        month_page_url("attendance:activity", activity.slug, occurrence.date)
                    )
                    context = {
                        "activity": activity.title(),
                        "date": f"{occurrence.date.day}.{occurrence.date.month}."
                        f"{occurrence.date.year}",
                        "url": url,
                    }
                email_queue(
                    to=user.email, template=REMINDER_TEMPLATE, context=context, language=language
                )
                sent += 1
    return sent


def figures_refresh_passed(*, today: dt.date | None = None) -> int:
    """Refresh the months of the dates of the last two days: an unrecorded date becomes held
    (or cancelled) once it has passed."""
    today = today or local_today()
    pairs = set(
        Occurrence.objects.filter(
            date__range=(today - dt.timedelta(days=2), today - dt.timedelta(days=1))
        ).values_list("activity_id", "date")
    )
    months = {(activity_id, month_start(day)) for activity_id, day in pairs}
    activities = Activity.objects.select_related("place").in_bulk({a for a, _m in months})
    for activity_id, month in sorted(months):
        figures_refresh_activity(activities[activity_id], month, today=today)
    return len(months)


def presences_erase_old(*, now: dt.datetime | None = None) -> int:
    """Who came is personal: erased with the sign-ups' rule, 30 days after the date ended. The
    counts and the participants' hashed keys stay."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=ERASE_AFTER_DAYS)
    deleted, _counts = Presence.objects.filter(record__occurrence__ends_at__lt=cutoff).delete()
    return deleted


def attendance_daily(*, today: dt.date | None = None) -> dict[str, int]:
    return {
        "months": figures_refresh_passed(today=today),
        "reminders": figures_reminders_send(today=today),
        "erased": presences_erase_old(),
    }


@transaction.atomic
def date_record_delete(*, occurrence: Occurrence, today: dt.date | None = None) -> None:
    """The organiser emptied a date's figures: the record and its presences go."""
    record = DateRecord.objects.select_for_update().filter(occurrence=occurrence).first()
    if record is None:
        return
    _presences_set(record, occurrence, set())
    record.delete()
    figures_refresh_activity(occurrence.activity, occurrence.date, today=today)
