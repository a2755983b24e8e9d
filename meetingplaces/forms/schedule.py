"""When an activity is held, in plain controls that build the RFC 5545 rule."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.lib.forms import choice_field

from ..models import Activity
from ..schedule import WEEKDAY_CODES, Schedule, monthly_rule, parse_rule, weekly_rule
from .common import (
    MONTH_POSITIONS,
    WEEKDAYS,
    DateListField,
    date_field,
    time_field,
)


class ScheduleForm(forms.Form):
    """When an activity is held, in plain controls; `schedule()` is the Schedule it means."""

    ONCE, DATES, WEEKLY, MONTHLY, OTHER = "once", "dates", "weekly", "monthly", "other"
    FIELDSETS = [
        (
            pgettext_lazy("places editing", "When"),
            [
                "repeat",
                "start_date",
                "start_time",
                "end_time",
                "weekdays",
                "interval",
                "month_position",
                "month_weekday",
                "extra_dates",
                "end_date",
                "skipped_dates",
            ],
        ),
    ]

    REPEAT_CHOICES = [
        (ONCE, pgettext_lazy("places editing", "Once")),
        (DATES, _("On these dates")),
        (WEEKLY, _("Every week or every few weeks")),
        (MONTHLY, _("Once a month on a weekday")),
    ]
    repeat = forms.ChoiceField(
        label=pgettext_lazy("places editing", "How often"),
        choices=REPEAT_CHOICES,
        widget=forms.RadioSelect,
        initial=WEEKLY,
    )
    start_date = date_field(pgettext_lazy("places editing", "First date"))
    start_time = time_field(pgettext_lazy("places editing", "Starts at"))
    end_time = time_field(pgettext_lazy("places editing", "Ends at"))
    weekdays = forms.TypedMultipleChoiceField(
        label=_("On these weekdays"),
        choices=WEEKDAYS,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("For a weekly activity."),
    )
    interval = forms.IntegerField(
        label=_("Every how many weeks"),
        min_value=1,
        max_value=8,
        initial=1,
        required=False,
        help_text=_("1 = every week, 2 = every other week."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    month_position = forms.TypedChoiceField(
        label=_("Which weekday of the month"),
        choices=[("", "—"), *MONTH_POSITIONS],
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("For a monthly activity, for example the first Monday."),
    )
    month_weekday = forms.TypedChoiceField(
        label=_("Weekday of the month"),
        choices=[("", "—"), *WEEKDAYS],
        coerce=int,
        required=False,
        empty_value=None,
    )
    extra_dates = DateListField(
        label=pgettext_lazy("places editing", "Other dates"),
        required=False,
        help_text=_("For “on these dates”: the dates after the first one, one a line, "
                    "for example 15.12.2026."),
    )  # fmt: skip
    end_date = date_field(
        pgettext_lazy("places editing", "Last date"),
        required=False,
        help_text=_("For a repeating activity. Empty: it goes on (at most two years)."),
    )
    skipped_dates = DateListField(
        label=pgettext_lazy("places editing", "Skipped dates"),
        required=False,
        help_text=_("Dates when a repeating activity is not held, for example holidays."),
    )

    def __init__(self, *args, activity: Activity | None = None, today=None, **kwargs) -> None:
        self.activity = activity
        self.today = today
        self.rule = ""
        data = args[0] if args else kwargs.get("data")
        if activity is not None and data is None:
            kwargs.setdefault("initial", {}).update(self.initial_for(activity))
        super().__init__(*args, **kwargs)
        self.label_suffix = ""
        for name in ("repeat", "start_date", "start_time", "end_time"):
            self.fields[name].label_suffix = " *"
        # A rule these controls cannot show (e.g. from an import) stays as it is.
        if (
            activity is not None
            and activity.recurrence
            and self.initial_for(activity)["repeat"] == self.OTHER
        ):
            choice_field(self, "repeat").choices = [
                *self.REPEAT_CHOICES,
                (self.OTHER, _("Keep the current rule: %(rule)s") % {"rule": activity.recurrence}),
            ]

    @classmethod
    def initial_for(cls, activity: Activity) -> dict:
        initial = {
            "start_date": activity.start_date,
            "start_time": activity.start_time,
            "end_time": activity.end_time,
            "end_date": activity.end_date,
            "extra_dates": list(activity.extra_dates or []),
            "skipped_dates": list(activity.skipped_dates or []),
            "interval": 1,
        }
        if not activity.recurrence:
            initial["repeat"] = cls.DATES if activity.extra_dates else cls.ONCE
            return initial
        try:
            parts = parse_rule(activity.recurrence)
        except ValueError:
            parts = {}
        byday = [code for code in parts.get("BYDAY", "").split(",") if code]
        simple = set(parts) <= {"FREQ", "INTERVAL", "BYDAY", "WKST"}
        if simple and parts.get("FREQ") == "WEEKLY" and all(c in WEEKDAY_CODES for c in byday):
            initial["repeat"] = cls.WEEKLY
            initial["weekdays"] = [WEEKDAY_CODES.index(code) for code in byday] or [
                activity.start_date.weekday()
            ]
            initial["interval"] = int(parts.get("INTERVAL", "1"))
        elif (
            simple
            and parts.get("FREQ") == "MONTHLY"
            and "INTERVAL" not in parts
            and len(byday) == 1
            and byday[0][-2:] in WEEKDAY_CODES
            and byday[0][:-2] in ("1", "2", "3", "4", "-1", "+1", "+2", "+3", "+4")
        ):
            initial["repeat"] = cls.MONTHLY
            initial["month_position"] = int(byday[0][:-2])
            initial["month_weekday"] = WEEKDAY_CODES.index(byday[0][-2:])
        else:
            initial["repeat"] = cls.OTHER
        return initial

    def clean(self) -> dict:
        super().clean()
        data = self.cleaned_data
        repeat = data.get("repeat")
        if repeat == self.WEEKLY:
            if not data.get("weekdays") and "weekdays" not in self.errors:
                self.add_error(
                    "weekdays", ValidationError(_("Choose at least one weekday."), code="required")
                )
            elif data.get("weekdays"):
                self.rule = weekly_rule(data["weekdays"], data.get("interval") or 1)
        elif repeat == self.MONTHLY:
            if data.get("month_position") is None:
                self.add_error(
                    "month_position",
                    ValidationError(_("Choose which weekday of the month."), code="required"),
                )
            if data.get("month_weekday") is None:
                self.add_error(
                    "month_weekday", ValidationError(_("Choose the weekday."), code="required")
                )
            if not self.errors:
                self.rule = monthly_rule(data["month_weekday"], data["month_position"])
        elif repeat == self.DATES:
            if not data.get("extra_dates") and "extra_dates" not in self.errors:
                self.add_error(
                    "extra_dates",
                    ValidationError(
                        _("Write the other dates here, or choose “Once” for one date."),
                        code="required",
                    ),
                )
        elif repeat == self.OTHER:
            self.rule = self.activity.recurrence if self.activity else ""
        if self.errors:
            return data
        try:
            self.schedule().validate(today=self.today)
        except ValidationError as error:
            for key, messages in error.message_dict.items():
                for message in messages:
                    self.add_error(self._field_for(key), message)
        return data

    def _field_for(self, key: str) -> str:
        """Schedule.validate()'s keys → the control the person changes to fix it."""
        if key in self.fields:
            return key
        # "recurrence": the rule itself.
        repeat = self.cleaned_data.get("repeat") if hasattr(self, "cleaned_data") else None
        if repeat == self.MONTHLY:
            return "month_weekday"
        if repeat == self.WEEKLY:
            return "weekdays"
        return "repeat"

    def schedule(self) -> Schedule:
        data = self.cleaned_data
        recurring = data["repeat"] in (self.WEEKLY, self.MONTHLY, self.OTHER)
        return Schedule(
            start_date=data["start_date"],
            start_time=data["start_time"],
            end_time=data["end_time"],
            recurrence=self.rule if recurring else "",
            end_date=data.get("end_date") if recurring else None,
            extra_dates=list(data.get("extra_dates") or []) if data["repeat"] == self.DATES else [],
            skipped_dates=list(data.get("skipped_dates") or []) if recurring else [],
        )

    def apply(self, activity: Activity) -> None:
        schedule = self.schedule()
        activity.start_date = schedule.start_date
        activity.start_time = schedule.start_time
        activity.end_time = schedule.end_time
        activity.recurrence = schedule.recurrence
        activity.end_date = schedule.end_date
        activity.extra_dates = schedule.extra_dates
        activity.skipped_dates = schedule.skipped_dates
