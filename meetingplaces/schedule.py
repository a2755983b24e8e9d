"""An activity's schedule: expansion to dates, validation, and plain words.

A schedule is a first date, a local start and end time, and then either nothing more (one date),
a list of other dates, or an RFC 5545 recurrence rule (RRULE without DTSTART, e.g.
``FREQ=WEEKLY;INTERVAL=2;BYDAY=TU``) with an optional last date and skipped dates. Everything is
in Europe/Helsinki local time: the rule is expanded over naive local dates and each date gets
its local wall-clock time, so a weekly 13:00 activity stays at 13:00 across both DST changes
(an instant at 13:00 EET in winter, 13:00 EEST in summer).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from dateutil.rrule import DAILY, MONTHLY, WEEKLY, YEARLY, rrulestr
from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

HELSINKI = ZoneInfo("Europe/Helsinki")
# How far ahead occurrences are stored and shown.
HORIZON_DAYS = 365
# A series may run at most this long from its first date (an open-ended weekly group is fine:
# its stored occurrences roll forward daily).
MAX_SPAN_DAYS = 2 * 366
# At most this many dates in any stored horizon: daily for a year is the most.
MAX_OCCURRENCES = 366
# A list of dates said in words names at most this many ("and 20 other dates").
DESCRIBED_DATES = 10
ALLOWED_FREQUENCIES = {"DAILY", "WEEKLY", "MONTHLY", "YEARLY"}
ALLOWED_PARTS = {"FREQ", "INTERVAL", "BYDAY", "BYMONTHDAY", "BYMONTH", "BYSETPOS", "COUNT", "WKST"}
WEEKDAY_CODES = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


@dataclass
class Schedule:
    start_date: dt.date
    start_time: dt.time
    end_time: dt.time
    recurrence: str = ""
    end_date: dt.date | None = None
    extra_dates: list[dt.date] = field(default_factory=list)
    skipped_dates: list[dt.date] = field(default_factory=list)

    @classmethod
    def of(cls, activity) -> Schedule:
        return cls(
            start_date=activity.start_date,
            start_time=activity.start_time,
            end_time=activity.end_time,
            recurrence=activity.recurrence or "",
            end_date=activity.end_date,
            extra_dates=list(activity.extra_dates or []),
            skipped_dates=list(activity.skipped_dates or []),
        )

    # --- rule ------------------------------------------------------------------------------

    def rule_parts(self) -> dict[str, str]:
        return parse_rule(self.recurrence) if self.recurrence else {}

    def _rule(self):
        rule = normalise_rule(self.recurrence)
        if self.end_date and "UNTIL" not in rule and "COUNT" not in rule:
            rule += ";UNTIL=" + self.end_date.strftime("%Y%m%dT235959")
        return rrulestr(
            "RRULE:" + rule, dtstart=dt.datetime.combine(self.start_date, dt.time(0, 0))
        )

    # --- dates -----------------------------------------------------------------------------

    def dates(self, start: dt.date, end: dt.date) -> list[dt.date]:
        """The local dates of the schedule from `start` to `end` inclusive, skipped dates out."""
        found: set[dt.date] = set()
        if self.recurrence:
            lower = dt.datetime.combine(max(start, self.start_date), dt.time(0, 0))
            upper = dt.datetime.combine(end, dt.time(23, 59, 59))
            for moment in self._rule().between(lower, upper, inc=True):
                found.add(moment.date())
        elif start <= self.start_date <= end:
            found.add(self.start_date)
        found.update(day for day in self.extra_dates if start <= day <= end)
        skipped = set(self.skipped_dates)
        if self.end_date:
            found = {day for day in found if day <= self.end_date}
        return sorted(day for day in found if day not in skipped)

    def instants(self, day: dt.date) -> tuple[dt.datetime, dt.datetime]:
        """The aware start and end of the schedule's time on a local date."""
        return local_instant(day, self.start_time), local_instant(day, self.end_time)

    def occurrences(
        self, start: dt.date, end: dt.date
    ) -> list[tuple[dt.date, dt.datetime, dt.datetime]]:
        return [(day, *self.instants(day)) for day in self.dates(start, end)]

    def last_date(self) -> dt.date | None:
        """The last date of the series, or None when it goes on."""
        if self.recurrence and not (self.end_date or "COUNT" in self.rule_parts()):
            return None
        limit = self.end_date or self.start_date + dt.timedelta(days=MAX_SPAN_DAYS)
        dates = self.dates(self.start_date, max(limit, *self.extra_dates, self.start_date))
        return dates[-1] if dates else None

    # --- validation ------------------------------------------------------------------------

    def validate(self, today: dt.date | None = None) -> None:
        """Raise ValidationError (keyed by the form field it belongs to) for an impossible
        schedule: end before start, a rule that cannot be read or yields no dates, a series
        longer than two years or denser than daily."""
        errors: dict[str, list[str]] = {}
        if self.end_time <= self.start_time:
            errors.setdefault("end_time", []).append(
                _("The end time must be later than the start time.")
            )
        if self.end_date and self.end_date < self.start_date:
            errors.setdefault("end_date", []).append(
                _("The last date cannot be before the first date.")
            )
        if self.recurrence:
            try:
                parse_rule(self.recurrence)
                self._rule()
            except (ValueError, TypeError) as error:
                errors.setdefault("recurrence", []).append(str(error))
        if self.recurrence and "recurrence" not in errors and "end_date" not in errors:
            span_end = self.start_date + dt.timedelta(days=MAX_SPAN_DAYS)
            if self.end_date and self.end_date > span_end:
                errors.setdefault("end_date", []).append(
                    _(
                        "A repeating activity can be scheduled at most two years ahead. "
                        "Choose an earlier last date; you can continue it later."
                    )
                )
            else:
                horizon_start = max(self.start_date, today or self.start_date)
                dates = self.dates(
                    self.start_date, min(span_end, horizon_start + dt.timedelta(HORIZON_DAYS))
                )
                if not dates and not self.dates(self.start_date, span_end):
                    errors.setdefault("recurrence", []).append(
                        _("This schedule gives no dates. Check the weekdays and the last date.")
                    )
                elif len(dates) > MAX_OCCURRENCES:
                    errors.setdefault("recurrence", []).append(
                        _("An activity can be held at most once a day.")
                    )
        span_end = self.start_date + dt.timedelta(days=MAX_SPAN_DAYS)
        if not self.recurrence and any(day > span_end for day in self.extra_dates):
            errors.setdefault("extra_dates", []).append(
                _(
                    "The dates can be at most two years after the first date (until "
                    "%(date)s). You can add later dates when the time comes."
                )
                % {"date": _date(span_end)}
            )
        if (
            not self.recurrence
            and self.end_date is None
            and not self.dates(self.start_date, self.start_date)
            and not self.extra_dates
        ):
            errors.setdefault("start_date", []).append(
                _("This schedule gives no dates: the only date is skipped.")
            )
        if errors:
            raise ValidationError(errors)


def local_instant(day: dt.date, time: dt.time) -> dt.datetime:
    """An aware instant at a local wall-clock time (PEP 495 fold=0): a time in the hour that
    does not exist (spring forward, 03:00–04:00) comes out an hour later (03:30 → 04:30
    summer time); in the hour that repeats in autumn, the first of the two is taken."""
    return dt.datetime.combine(day, time).replace(tzinfo=HELSINKI)


def normalise_rule(rule: str) -> str:
    text = rule.strip()
    if text.upper().startswith("RRULE:"):
        text = text[6:]
    return text.upper().rstrip(";")


def parse_rule(rule: str) -> dict[str, str]:
    """The rule's parts; ValueError with a translated message for what we do not accept."""
    parts: dict[str, str] = {}
    for chunk in normalise_rule(rule).split(";"):
        if not chunk:
            continue
        if "=" not in chunk:
            raise ValueError(_("The repeat rule cannot be read."))
        key, value = chunk.split("=", 1)
        parts[key] = value
    frequency = parts.get("FREQ")
    if frequency not in ALLOWED_FREQUENCIES:
        raise ValueError(_("An activity can repeat daily, weekly, monthly or yearly."))
    unknown = set(parts) - ALLOWED_PARTS - {"UNTIL"}
    if unknown:
        raise ValueError(_("The repeat rule cannot be read."))
    if "INTERVAL" in parts and (not parts["INTERVAL"].isdigit() or int(parts["INTERVAL"]) < 1):
        raise ValueError(_("The repeat interval must be a whole number of at least one."))
    if "COUNT" in parts and (not parts["COUNT"].isdigit() or int(parts["COUNT"]) < 1):
        raise ValueError(_("The number of times must be a whole number of at least one."))
    return parts


def weekly_rule(weekdays: list[int], interval: int = 1) -> str:
    """A weekly rule from weekday numbers (Monday = 0)."""
    days = ",".join(WEEKDAY_CODES[day] for day in sorted(set(weekdays)))
    rule = "FREQ=WEEKLY"
    if interval > 1:
        rule += f";INTERVAL={interval}"
    return rule + f";BYDAY={days}"


def monthly_rule(weekday: int, position: int) -> str:
    """A monthly rule on the n:th (or last, -1) weekday, e.g. the first Monday."""
    return f"FREQ=MONTHLY;BYDAY={position}{WEEKDAY_CODES[weekday]}"


# --- plain words ---------------------------------------------------------------------------


def _weekday_name(index: int, plural: bool = False) -> str:
    names = [
        pgettext("every weekday", "Monday"),
        pgettext("every weekday", "Tuesday"),
        pgettext("every weekday", "Wednesday"),
        pgettext("every weekday", "Thursday"),
        pgettext("every weekday", "Friday"),
        pgettext("every weekday", "Saturday"),
        pgettext("every weekday", "Sunday"),
    ]
    return names[index]


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return _("%(items)s and %(last)s") % {"items": ", ".join(items[:-1]), "last": items[-1]}


def clock_text(value: dt.time) -> str:
    """A time as the active language writes it, matching the dates' times beside it (its
    TIME_FORMAT): 13 and 13.30 in Finnish and Swedish, which write a whole hour alone; 13:00 and
    13:30 in English."""
    if value.minute == 0 and formats.get_format("TIME_FORMAT") == "G.i":
        return str(value.hour)
    return formats.time_format(value, "TIME_FORMAT")


def time_range(start: dt.time, end: dt.time) -> str:
    """13–15 and 13.30–15 in Finnish and Swedish, 13:00–15:00 in English (`clock_text`)."""
    return f"{clock_text(start)}–{clock_text(end)}"


def _date(value: dt.date) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def describe(schedule: Schedule) -> str:
    """The schedule in plain words: "joka toinen tiistai klo 13–15", "every Tuesday at 13–15",
    "1.12.2026 klo 13–15". Falls back to "repeats" wording for rules without a short name."""
    times = time_range(schedule.start_time, schedule.end_time)
    if not schedule.recurrence:
        dates = sorted({schedule.start_date, *schedule.extra_dates} - set(schedule.skipped_dates))
        if len(dates) > DESCRIBED_DATES:
            # A long list (one stored before lists were bounded, too) is not read out whole.
            more = len(dates) - DESCRIBED_DATES
            listed = ngettext(
                "%(dates)s and %(count)s other date",
                "%(dates)s and %(count)s other dates",
                more,
            ) % {"dates": ", ".join(_date(day) for day in dates[:DESCRIBED_DATES]), "count": more}
        else:
            listed = _join([_date(day) for day in dates])
        return _("%(dates)s at %(times)s") % {"dates": listed, "times": times}
    parts = schedule.rule_parts()
    frequency = {"DAILY": DAILY, "WEEKLY": WEEKLY, "MONTHLY": MONTHLY, "YEARLY": YEARLY}[
        parts["FREQ"]
    ]
    interval = int(parts.get("INTERVAL", "1"))
    byday = [code for code in parts.get("BYDAY", "").split(",") if code]
    text = ""
    if frequency == DAILY:
        text = ngettext("every day", "every %(n)s days", interval) % {"n": interval}
    elif frequency == WEEKLY:
        codes = byday or [WEEKDAY_CODES[schedule.start_date.weekday()]]
        if all(code in WEEKDAY_CODES for code in codes):
            days = _join([_weekday_name(WEEKDAY_CODES.index(code)) for code in codes])
            if interval == 1:
                text = _("every %(days)s") % {"days": days}
            elif interval == 2:
                text = _("every other %(days)s") % {"days": days}
            else:
                text = _("every %(n)s. week on %(days)s") % {"n": interval, "days": days}
    elif frequency == MONTHLY and len(byday) == 1 and byday[0][:-2].lstrip("+-").isdigit():
        position = int(byday[0][:-2])
        day = _weekday_name(WEEKDAY_CODES.index(byday[0][-2:]))
        ordinal = {
            1: pgettext("nth weekday of the month", "first"),
            2: pgettext("nth weekday of the month", "second"),
            3: pgettext("nth weekday of the month", "third"),
            4: pgettext("nth weekday of the month", "fourth"),
            -1: pgettext("nth weekday of the month", "last"),
        }.get(position)
        if ordinal:
            text = _("the %(ordinal)s %(day)s of every month") % {"ordinal": ordinal, "day": day}
    elif frequency == MONTHLY and not byday:
        day_of_month = parts.get("BYMONTHDAY", str(schedule.start_date.day))
        text = _("every month on day %(day)s") % {"day": day_of_month}
    if not text:
        text = _("repeating")
    result = _("%(when)s at %(times)s") % {"when": text, "times": times}
    if schedule.end_date:
        result += " " + _("until %(date)s") % {"date": _date(schedule.end_date)}
    return result
