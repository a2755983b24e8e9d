"""A meeting place's opening hours on a date, in a week, and right now.

Any object with `opening_hours` and `opening_exceptions` (rows of models built on
models.WeeklyHours and models.HoursException) and `open_on_public_holidays` works: a meeting
place, or a welfare area's unit (units/).

The weekly intervals (OpeningHours, several a day allowed) apply unless the date has an
exception (OpeningException): a closed exception closes the whole day; exceptions with times
replace the weekly intervals of that date. A Finnish public holiday (the `holidays` package,
its name in the page's language) closes the place unless the place is `open_on_public_holidays`
or an exception for that date opens it.

Everything reads `place.opening_hours.all()` and `place.opening_exceptions.all()`, so a view
that prefetches them (see `hours_prefetch`) asks the database nothing more.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache

import holidays
from django.conf import settings
from django.db.models import Prefetch
from django.utils import formats, timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .models import HoursException, OpeningException, OpeningHours, WeeklyHours
from .schedule import HELSINKI, clock_text, time_range

# The `holidays` package's language codes for the portal's languages.
HOLIDAY_LANGUAGES = {"fi": "fi", "sv": "sv_FI", "en": "en_US"}
# How far ahead "next open" looks.
LOOKAHEAD_DAYS = 14
# How far ahead a place's page lists the days its weekly hours do not apply.
EXCEPTIONS_DAYS = 60


@lru_cache(maxsize=64)
def _finnish_holidays(year: int, language: str) -> holidays.HolidayBase:
    return holidays.Finland(years=year, language=language)


def holiday_name(day: dt.date, language: str | None = None) -> str:
    """The Finnish public holiday's name on `day` in the language (default: the active one),
    or "" on an ordinary day."""
    code = HOLIDAY_LANGUAGES.get((language or get_language() or "fi")[:2], "fi")
    return _finnish_holidays(day.year, code).get(day, "")


def _service_notes(day: dt.date) -> dict[str, str]:
    """The notes the services write on a cancelled date (meetingplaces.services.Closures and
    occurrences_regenerate), in the active language, by kind."""
    notes = {
        "closed": _("The meeting place is closed on this day."),
        "gone": _("No longer on the schedule."),
    }
    if holiday := holiday_name(day):
        notes["holiday"] = _("%(holiday)s: the meeting place is closed.") % {"holiday": holiday}
    return notes


def note_in_language(note: str, day: dt.date, language: str | None = None) -> str:
    """A date's note to show in `language` (default: the active one). The services store their
    own notes (a public holiday, a closed day, off the schedule) in the portal's first language,
    so that a regeneration from another language's page does not rewrite them; those are
    written again in the reader's. What an organiser typed is shown as typed."""
    if not note:
        return note
    language = (language or get_language() or settings.LANGUAGE_CODE)[:2]
    if language == settings.LANGUAGE_CODE:
        return note
    with translation.override(settings.LANGUAGE_CODE):
        stored = {text: kind for kind, text in _service_notes(day).items()}
    kind = stored.get(note)
    if kind is None:
        return note
    with translation.override(language):
        return _service_notes(day)[kind]


def occurrence_note(occurrence, language: str | None = None) -> str:
    return note_in_language(occurrence.note, occurrence.date, language)


@dataclass
class Interval:
    opens: dt.time
    closes: dt.time

    def __str__(self) -> str:
        return time_range(self.opens, self.closes)


@dataclass
class DayHours:
    """One date's hours: intervals (empty = closed), the holiday's name, an exception's note."""

    date: dt.date
    intervals: list[Interval] = field(default_factory=list)
    holiday: str = ""
    note: str = ""
    is_exception: bool = False

    @property
    def closed(self) -> bool:
        return not self.intervals

    @property
    def closed_by_holiday(self) -> bool:
        return self.closed and bool(self.holiday) and not self.is_exception

    def hours_text(self) -> str:
        """ "10–16", "9–12, 13–16" or "Closed"."""
        if self.closed:
            return _("Closed")
        return ", ".join(str(interval) for interval in self.intervals)

    def reason(self) -> str:
        """Why the day differs: the holiday's name and/or the exception's note."""
        return ", ".join(part for part in (self.holiday, self.note) if part)


def hours_prefetch(
    start: dt.date,
    end: dt.date,
    *,
    hours_model: type[WeeklyHours] = OpeningHours,
    exceptions_model: type[HoursException] = OpeningException,
) -> list[Prefetch]:
    """Prefetches for a queryset of places: the weekly hours and the exceptions in a range.
    Another app's place (a unit) passes its own concrete hours models."""
    return [
        Prefetch(
            "opening_hours", queryset=hours_model._default_manager.order_by("weekday", "opens")
        ),
        Prefetch(
            "opening_exceptions",
            queryset=exceptions_model._default_manager.filter(date__range=(start, end)).order_by(
                "date", "opens"
            ),
        ),
    ]


def day_hours(place, day: dt.date, *, language: str | None = None) -> DayHours:
    """The place's hours on a local date."""
    holiday = holiday_name(day, language)
    exceptions = [row for row in place.opening_exceptions.all() if row.date == day]
    if exceptions:
        notes = ", ".join(row.note for row in exceptions if row.note)
        if any(row.closed or row.opens is None or row.closes is None for row in exceptions):
            return DayHours(day, [], holiday=holiday, note=notes, is_exception=True)
        intervals = [Interval(row.opens, row.closes) for row in exceptions]
        return DayHours(day, intervals, holiday=holiday, note=notes, is_exception=True)
    if holiday and not place.open_on_public_holidays:
        return DayHours(day, [], holiday=holiday)
    intervals = [
        Interval(row.opens, row.closes)
        for row in place.opening_hours.all()
        if row.weekday == day.weekday()
    ]
    return DayHours(day, intervals, holiday=holiday)


def week_hours(place, start: dt.date, *, language: str | None = None) -> list[DayHours]:
    """Seven days from `start` (a page shows this week from today)."""
    return [day_hours(place, start + dt.timedelta(days=n), language=language) for n in range(7)]


def coming_exceptions(
    place, start: dt.date, *, days: int = EXCEPTIONS_DAYS, language: str | None = None
) -> list[DayHours]:
    """The dates from `start` to `days` ahead whose hours differ from the weekly ones: an
    exception (closed or other times), or a public holiday that closes the place on a weekday
    it is otherwise open. Reads only the prefetched exceptions (hours_prefetch over the range)."""
    exception_dates = {row.date for row in place.opening_exceptions.all()}
    open_weekdays = {row.weekday for row in place.opening_hours.all()}
    found = []
    for offset in range(days + 1):
        day = start + dt.timedelta(days=offset)
        closed_by_holiday = (
            not place.open_on_public_holidays
            and day.weekday() in open_weekdays
            and holiday_name(day, language)
        )
        if day in exception_dates or closed_by_holiday:
            found.append(day_hours(place, day, language=language))
    return found


def has_hours(place) -> bool:
    return bool(place.opening_hours.all()) or bool(place.opening_exceptions.all())


@dataclass
class OpenStatus:
    """Right now: "open" (until `time`), "opens" (later today at `time`), "closed_today"
    (with `reason`), or "closed" (for the rest of today); `next_day`/`next_time` the next
    opening within LOOKAHEAD_DAYS when closed."""

    state: str
    time: dt.time | None = None
    reason: str = ""
    next_day: dt.date | None = None
    next_time: dt.time | None = None

    def text(self, today: dt.date | None = None) -> str:
        at = clock_text(self.time) if self.time else ""
        if self.state == "open":
            return _("Open now, until %(time)s") % {"time": at}
        if self.state == "opens":
            return _("Opens today at %(time)s") % {"time": at}
        if self.state == "closed_today":
            text = _("Closed today")
            if self.reason:
                text += f" ({self.reason})"
        else:
            text = _("Closed now")
        if self.next_day and self.next_time:
            text += ". " + _("Next open %(day)s at %(time)s") % {
                "day": _day_label(self.next_day, today),
                "time": clock_text(self.next_time),
            }
        return text


def _day_label(day: dt.date, today: dt.date | None) -> str:
    if today and day == today + dt.timedelta(days=1):
        return _("tomorrow")
    return formats.date_format(day, "D j.n.")


def open_status(place, now: dt.datetime | None = None, *, language: str | None = None):
    """Whether the place is open at `now` (default: this moment), in Helsinki time."""
    local = (now or timezone.now()).astimezone(HELSINKI)
    today, time_now = local.date(), local.time().replace(tzinfo=None)
    hours = day_hours(place, today, language=language)
    for interval in hours.intervals:
        if interval.opens <= time_now < interval.closes:
            return OpenStatus("open", time=interval.closes)
    for interval in hours.intervals:
        if time_now < interval.opens:
            return OpenStatus("opens", time=interval.opens)
    state = "closed_today" if hours.closed else "closed"
    status = OpenStatus(state, reason=hours.reason() if hours.closed else "")
    for offset in range(1, LOOKAHEAD_DAYS + 1):
        later = day_hours(place, today + dt.timedelta(days=offset), language=language)
        if later.intervals:
            status.next_day, status.next_time = later.date, later.intervals[0].opens
            break
    return status
