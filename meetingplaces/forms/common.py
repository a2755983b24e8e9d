"""Fields, widgets, choices and checks the place and activity forms share."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.lib.points import coordinate_field

from .. import photos
from ..models import PublishStatus
from ..schedule import MAX_SPAN_DAYS

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

PHOTO_MAX_BYTES = photos.MAX_BYTES
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y"]
# A list of dates holds at most one date a day for the two years a schedule may span.
MAX_LIST_DATES = MAX_SPAN_DAYS + 1
MAX_DATE_CHARACTERS = 12  # "31.12.2026" and a separator, with room for spaces

WEEKDAYS = [
    (0, pgettext_lazy("places editing", "Monday")),
    (1, pgettext_lazy("places editing", "Tuesday")),
    (2, pgettext_lazy("places editing", "Wednesday")),
    (3, pgettext_lazy("places editing", "Thursday")),
    (4, pgettext_lazy("places editing", "Friday")),
    (5, pgettext_lazy("places editing", "Saturday")),
    (6, pgettext_lazy("places editing", "Sunday")),
]
MONTH_POSITIONS = [
    (1, pgettext_lazy("nth weekday of the month", "first")),
    (2, pgettext_lazy("nth weekday of the month", "second")),
    (3, pgettext_lazy("nth weekday of the month", "third")),
    (4, pgettext_lazy("nth weekday of the month", "fourth")),
    (-1, pgettext_lazy("nth weekday of the month", "last")),
]
# Published or draft: an editor never publishes an archived row by accident (archive is its own
# button).
EDIT_STATUSES = [
    (PublishStatus.PUBLISHED, _("Published: shown to everyone")),
    (PublishStatus.DRAFT, _("Draft: only your organisation sees it")),
]
FALLBACK_HELP = _("Optional. If empty, the Finnish text is shown.")


def _checkboxes(choices, label, **kwargs) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=capfirst(label),
        choices=choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        **kwargs,
    )


def _date_widget() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _time_widget() -> forms.TimeInput:
    return forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def date_field(label: StrOrPromise, **kwargs: Any) -> forms.DateField:
    """A date with the browser's date picker, typed as 2026-12-01 or 1.12.2026 without one."""
    return forms.DateField(
        label=label, widget=_date_widget(), input_formats=DATE_INPUT_FORMATS, **kwargs
    )


def time_field(label: StrOrPromise) -> forms.TimeField:
    """A time of day with the browser's time picker."""
    return forms.TimeField(label=label, widget=_time_widget())


class DateListField(forms.CharField):
    """Dates one a line (or separated by commas): 1.12.2026 or 2026-12-01.

    At most MAX_LIST_DATES of them: a schedule spans at most two years (schedule.MAX_SPAN_DAYS),
    so more dates than its days cannot be meant, and the text is not read further (a pasted list
    of 200,000 dates would otherwise be parsed, stored and shown on every page)."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(f"{day.day}.{day.month}.{day.year}" for day in sorted(value))
        return value

    def to_python(self, value) -> list[dt.date]:  # type: ignore[override]
        text = super().to_python(value) or ""
        if len(text) > MAX_LIST_DATES * MAX_DATE_CHARACTERS:
            raise self._too_many()
        chunks = text.replace(",", "\n").replace(";", "\n").split()
        if len(chunks) > MAX_LIST_DATES:
            raise self._too_many()
        found: set[dt.date] = set()
        for chunk in chunks:
            for pattern in DATE_INPUT_FORMATS:
                try:
                    found.add(dt.datetime.strptime(chunk, pattern).date())
                    break
                except ValueError:
                    continue
            else:
                raise ValidationError(
                    _("“%(value)s” is not a date. Write dates like 1.12.2026, one a line."),
                    code="invalid",
                    params={"value": chunk},
                )
        return sorted(found)

    def _too_many(self) -> ValidationError:
        return ValidationError(
            _(
                "Give at most %(max)s dates: an activity can be scheduled at most two years "
                "ahead. For a longer series, choose a repeat such as every week."
            ),
            code="too_many",
            params={"max": MAX_LIST_DATES},
        )

    def run_validators(self, value) -> None:
        return None


class QuietFormMixin:
    """A form bound to what was posted that shows it again without checking it (the preview
    button without JavaScript: the rest of the form is neither saved nor judged)."""

    quiet = False

    def full_clean(self):
        if self.quiet:
            self._errors = ErrorDict()
            self.cleaned_data = {}
            return
        super().full_clean()


# Shared with the organisations' form (portal/lib/points.py).
_coordinate_field = coordinate_field
