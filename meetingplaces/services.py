"""Writes of meeting places and activities that touch several rows: occurrences, search.

Other apps follow changes through two signals instead of being imported here:

- `occurrences_changed(activity, rescheduled, cancelled)`: after a schedule change, the stored
  occurrences whose time changed and those taken off the schedule but kept as cancelled;
- `occurrence_changed(occurrence, change, note)`: one occurrence cancelled, moved or restored by
  an organiser (`change` is "cancelled", "moved" or "restored");
- `occurrences_created(activity, created)`: new dates stored by a schedule change or the daily
  extension (sign-ups of a whole series join them).

Both are sent inside the write's transaction, so a receiver's own writes (e-mails queued with
notifications.services.email_queue) commit or roll back with it.

A date on a day the activity's meeting place is closed (a Finnish public holiday when the place
is not open on them, a closed exception) or in a break the organiser declared (`ActivityBreak`)
is stored cancelled with the reason in its note (`Closures`, `Occurrence.closure`): a new date
is created so (nobody is told: nobody could sign up for it yet), an existing one is cancelled,
and restored when the reason goes, through the organiser's own path (`occurrence_changed`), so
sign-ups are told. An organiser who restores such a date keeps it (`closure` "held").

An app whose rows point at occurrences (sign-ups) registers a keeper with
`register_occurrence_keeper(func)`: `func(occurrences_queryset) -> set of ids`. An occurrence a
schedule change removes is deleted, unless a keeper names it: then it stays, cancelled, so
the people it concerns can be told.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.dispatch import Signal
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from . import photos
from .hours import holiday_name
from .models import (
    Activity,
    ActivityBreak,
    MeetingPlace,
    Occurrence,
    OpeningException,
    PlacePhoto,
    PublishStatus,
    Venue,
)
from .schedule import HELSINKI, HORIZON_DAYS, Schedule

occurrences_changed = Signal()
occurrence_changed = Signal()
occurrences_created = Signal()

_OCCURRENCE_KEEPERS: list[Callable[[QuerySet[Occurrence]], set[int]]] = []


def register_occurrence_keeper(func: Callable[[QuerySet[Occurrence]], set[int]]) -> None:
    if func not in _OCCURRENCE_KEEPERS:
        _OCCURRENCE_KEEPERS.append(func)


@dataclass
class ScheduleChanges:
    created: list[Occurrence] = field(default_factory=list)
    rescheduled: list[Occurrence] = field(default_factory=list)
    cancelled: list[Occurrence] = field(default_factory=list)
    deleted: int = 0
    # Dates cancelled because the place is closed or a break covers them, and dates restored
    # because that is no longer so (each through occurrence_cancel / the restore path).
    closed: list[Occurrence] = field(default_factory=list)
    reopened: list[Occurrence] = field(default_factory=list)


PLACE_CLOSED, BREAK, HELD = "place_closed", "break", "held"


@dataclass
class Closures:
    """The days an activity cannot be held as planned: a break the organiser declared, or its
    meeting place closed (a closed exception, or a Finnish public holiday when the place is
    not open on them and no exception opens it). The place's rule applies only to activities
    held at a meeting place."""

    breaks: list[ActivityBreak]
    place: MeetingPlace | None
    exceptions: dict[dt.date, list[OpeningException]]

    @classmethod
    def of(cls, activity: Activity, start: dt.date, end: dt.date) -> Closures:
        breaks = list(activity.breaks.filter(ends_on__gte=start, starts_on__lte=end))
        place = activity.place if activity.venue == Venue.PLACE and activity.place_id else None
        exceptions: dict[dt.date, list[OpeningException]] = {}
        if place is not None:
            for row in OpeningException.objects.filter(place=place, date__range=(start, end)):
                exceptions.setdefault(row.date, []).append(row)
        return cls(breaks, place, exceptions)

    def on(self, day: dt.date) -> tuple[str, str] | None:
        """(PLACE_CLOSED or BREAK, the note people see) for a closed day, else None. The note is
        stored in the portal's first language whoever's request (or the daily task) writes it,
        so that a later regeneration does not rewrite it in another."""
        with translation.override(settings.LANGUAGE_CODE):
            return self._on(day)

    def _on(self, day: dt.date) -> tuple[str, str] | None:
        for item in self.breaks:
            if item.covers(day):
                return BREAK, item.note
        if self.place is None:
            return None
        rows = self.exceptions.get(day)
        if rows:
            if any(row.closed or row.opens is None or row.closes is None for row in rows):
                notes = ", ".join(row.note for row in rows if row.note)
                return PLACE_CLOSED, notes or _("The meeting place is closed on this day.")
            return None
        holiday = holiday_name(day, settings.LANGUAGE_CODE)
        if holiday and not self.place.open_on_public_holidays:
            return PLACE_CLOSED, _("%(holiday)s: the meeting place is closed.") % {
                "holiday": holiday
            }
        return None


def local_today() -> dt.date:
    return timezone.now().astimezone(HELSINKI).date()


@transaction.atomic
def occurrences_regenerate(activity: Activity, *, today: dt.date | None = None) -> ScheduleChanges:
    """Bring the stored occurrences from today to HORIZON_DAYS ahead in line with the schedule.

    Past occurrences are history and stay as they are. An occurrence whose date stays keeps its
    row; its time follows the schedule unless an organiser moved it. Cancelled ones stay
    cancelled. Dates off the schedule are deleted, or kept as cancelled where a keeper asks."""
    today = today or local_today()
    horizon = today + dt.timedelta(days=HORIZON_DAYS)
    schedule = Schedule.of(activity)
    wanted = {day: (start, end) for day, start, end in schedule.occurrences(today, horizon)}
    changes = ScheduleChanges()
    existing = {
        occurrence.date: occurrence
        for occurrence in Occurrence.objects.select_for_update().filter(
            activity=activity, date__gte=today
        )
    }
    now = timezone.now()
    for day, occurrence in existing.items():
        if day in wanted:
            start, end = wanted[day]
            off_schedule_note = _("No longer on the schedule.")
            if occurrence.status == Occurrence.Status.CANCELLED and occurrence.note == (
                off_schedule_note
            ):
                # Back on the schedule after being taken off it: as planned again.
                occurrence.status = Occurrence.Status.SCHEDULED
                occurrence.note = ""
                occurrence.starts_at, occurrence.ends_at = start, end
                occurrence.changed_at = now
                occurrence.save()
                changes.rescheduled.append(occurrence)
            elif occurrence.status == Occurrence.Status.SCHEDULED and (
                occurrence.starts_at != start or occurrence.ends_at != end
            ):
                occurrence.starts_at, occurrence.ends_at = start, end
                occurrence.changed_at = now
                occurrence.save(update_fields=["starts_at", "ends_at", "changed_at"])
                changes.rescheduled.append(occurrence)
    closures = Closures.of(activity, today, horizon)
    to_close: list[tuple[Occurrence, str, str]] = []
    to_reopen: list[Occurrence] = []
    for day, occurrence in existing.items():
        if day not in wanted or occurrence.closure == HELD:
            continue
        closure = closures.on(day)
        if occurrence.status == Occurrence.Status.SCHEDULED and closure is not None:
            to_close.append((occurrence, *closure))
        elif occurrence.status == Occurrence.Status.CANCELLED and occurrence.closure:
            if closure is None:
                to_reopen.append(occurrence)
            elif (occurrence.closure, occurrence.note) != closure:
                occurrence.closure, occurrence.note = closure
                occurrence.save(update_fields=["closure", "note"])
    gone = [occurrence for day, occurrence in existing.items() if day not in wanted]
    if gone:
        gone_ids = [occurrence.pk for occurrence in gone]
        keep: set[int] = set()
        for keeper in _OCCURRENCE_KEEPERS:
            keep |= keeper(Occurrence.objects.filter(pk__in=gone_ids))
        for occurrence in gone:
            if occurrence.pk in keep and occurrence.status != Occurrence.Status.CANCELLED:
                occurrence.status = Occurrence.Status.CANCELLED
                occurrence.note = _("No longer on the schedule.")
                occurrence.changed_at = now
                occurrence.save(update_fields=["status", "note", "changed_at"])
                changes.cancelled.append(occurrence)
        changes.deleted, _counts = Occurrence.objects.filter(pk__in=set(gone_ids) - keep).delete()
    new = []
    for day, (start, end) in wanted.items():
        if day in existing:
            continue
        occurrence = Occurrence(activity=activity, date=day, starts_at=start, ends_at=end)
        closure = closures.on(day)
        if closure is not None:
            # Cancelled from the start: nobody has signed up for it, nobody is told.
            occurrence.status = Occurrence.Status.CANCELLED
            occurrence.closure, occurrence.note = closure
        new.append(occurrence)
    changes.created = Occurrence.objects.bulk_create(new)
    if changes.created:
        occurrences_created.send(sender=Activity, activity=activity, created=changes.created)
    if changes.rescheduled or changes.cancelled:
        occurrences_changed.send(
            sender=Activity,
            activity=activity,
            rescheduled=changes.rescheduled,
            cancelled=changes.cancelled,
        )
    # Through the organiser's own paths (the callers refresh the search entry), so that
    # sign-ups are told of each date.
    for occurrence, reason, note in to_close:
        occurrence.activity = activity
        _occurrence_cancel(occurrence, note=note, closure=reason)
        changes.closed.append(occurrence)
    for occurrence in to_reopen:
        occurrence.activity = activity
        _occurrence_restore(occurrence, closure="")
        changes.reopened.append(occurrence)
    return changes


@transaction.atomic
def activity_saved(activity: Activity, *, today: dt.date | None = None) -> ScheduleChanges:
    """After an activity (or its schedule) was saved: area, occurrences and search in step."""
    area_id = activity.organisation.welfare_area_id
    if area_id is not None and activity.welfare_area_id != area_id:
        activity.welfare_area_id = area_id
        Activity.objects.filter(pk=activity.pk).update(welfare_area_id=activity.welfare_area_id)
    if activity.status == PublishStatus.ARCHIVED:
        changes = ScheduleChanges()
    else:
        changes = occurrences_regenerate(activity, today=today)
    from .pages import organisation_pages_changed
    from .search import activity_refresh_search

    activity_refresh_search(activity)
    organisation_pages_changed([activity.organisation_id])
    return changes


@transaction.atomic
def place_saved(place: MeetingPlace, *, today: dt.date | None = None) -> None:
    """After a meeting place was saved: its search entry and those of its activities, and the
    activities' dates on the days it is now closed (or open again)."""
    from .pages import organisation_pages_changed
    from .search import activity_refresh_search, place_refresh_search

    place_refresh_search(place)
    organisation_ids = set(place.organisations.values_list("pk", flat=True))
    for activity in place.activities.select_related("organisation", "place"):
        if activity.status != PublishStatus.ARCHIVED and activity.venue == Venue.PLACE:
            occurrences_regenerate(activity, today=today)
        activity_refresh_search(activity)
        organisation_ids.add(activity.organisation_id)
    organisation_pages_changed(organisation_ids)


@transaction.atomic
def activity_break_add(
    *,
    activity: Activity,
    starts_on: dt.date,
    ends_on: dt.date,
    note: str,
    today: dt.date | None = None,
) -> ActivityBreak:
    """Declare a break: the activity's dates in it are cancelled with its note, and the people
    signed up for them are told (each through occurrence_cancel)."""
    item = ActivityBreak.objects.create(
        activity=activity, starts_on=starts_on, ends_on=ends_on, note=note
    )
    occurrences_regenerate(activity, today=today)
    _refresh_activity_search(activity)
    return item


@transaction.atomic
def activity_break_remove(*, item: ActivityBreak, today: dt.date | None = None) -> None:
    """Take a break away: its dates are as planned again (unless the place is closed then)."""
    activity = item.activity
    item.delete()
    occurrences_regenerate(activity, today=today)
    _refresh_activity_search(activity)


@transaction.atomic
def occurrence_cancel(occurrence: Occurrence, *, note: str = "") -> Occurrence:
    _occurrence_cancel(occurrence, note=note, closure="")
    _refresh_activity_search(occurrence.activity)
    return occurrence


def _occurrence_cancel(occurrence: Occurrence, *, note: str, closure: str) -> None:
    """Cancel one date and tell the other apps (`closure`: why the services did, empty when
    the organiser did). The caller brings the activity's search entry in step."""
    occurrence.status = Occurrence.Status.CANCELLED
    occurrence.note = note
    occurrence.closure = closure
    occurrence.changed_at = timezone.now()
    occurrence.save(update_fields=["status", "note", "closure", "changed_at"])
    occurrence_changed.send(sender=Occurrence, occurrence=occurrence, change="cancelled", note=note)


@transaction.atomic
def occurrence_move(
    occurrence: Occurrence,
    *,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    place: MeetingPlace | None = None,
    note: str = "",
) -> Occurrence:
    occurrence.status = Occurrence.Status.MOVED
    occurrence.starts_at = starts_at
    occurrence.ends_at = ends_at
    occurrence.place = place
    occurrence.note = note
    occurrence.changed_at = timezone.now()
    occurrence.save()
    occurrence_changed.send(sender=Occurrence, occurrence=occurrence, change="moved", note=note)
    _refresh_activity_search(occurrence.activity)
    return occurrence


@transaction.atomic
def occurrence_restore(occurrence: Occurrence) -> Occurrence:
    """Back to the schedule's own time and place. On a day the place is closed or a break
    covers, the organiser's choice holds: the date stays as planned."""
    day = occurrence.date
    closed = Closures.of(occurrence.activity, day, day).on(day) is not None
    _occurrence_restore(occurrence, closure=HELD if closed else "")
    _refresh_activity_search(occurrence.activity)
    return occurrence


def _occurrence_restore(occurrence: Occurrence, *, closure: str) -> None:
    """Back as planned, and tell the other apps; the caller refreshes the search entry."""
    schedule = Schedule.of(occurrence.activity)
    occurrence.starts_at, occurrence.ends_at = schedule.instants(occurrence.date)
    occurrence.status = Occurrence.Status.SCHEDULED
    occurrence.place = None
    occurrence.note = ""
    occurrence.closure = closure
    occurrence.changed_at = timezone.now()
    occurrence.save()
    occurrence_changed.send(sender=Occurrence, occurrence=occurrence, change="restored", note="")


def _refresh_activity_search(activity: Activity) -> None:
    from .pages import organisation_pages_changed
    from .search import activity_refresh_search

    activity_refresh_search(activity)
    organisation_pages_changed([activity.organisation_id])


def occurrences_extend_all(*, today: dt.date | None = None) -> int:
    """Daily: every published, repeating activity's occurrences reach a year ahead again."""
    count = 0
    activities = Activity.objects.published().exclude(recurrence="").select_related("organisation")
    for activity in activities.iterator(chunk_size=200):
        changes = occurrences_regenerate(activity, today=today)
        if changes.created or changes.closed or changes.reopened:
            _refresh_activity_search(activity)
        count += len(changes.created)
    return count


@transaction.atomic
def places_delete(places: QuerySet[MeetingPlace]) -> None:
    """Delete meeting places (the admin's delete) and, after the commit, their photos' files."""
    names = [
        name
        for photo in PlacePhoto.objects.filter(place__in=places)
        for name in photos.photo_files(photo)
    ]
    places.delete()
    photos.photo_files_delete_on_commit(names)
