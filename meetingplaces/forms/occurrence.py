"""Forms of one date of an activity (cancel, move) and of a break in it."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from organisations.models import Organisation

from ..models import ActivityBreak, MeetingPlace
from .common import (
    date_field,
    time_field,
)


class OccurrenceCancelForm(forms.Form):
    note = forms.CharField(
        label=_("Note to participants"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: the leader is ill. We meet again next week."),
    )


class OccurrenceMoveForm(forms.Form):
    date = date_field(pgettext_lazy("places editing", "New date"))
    start_time = time_field(pgettext_lazy("places editing", "Starts at"))
    end_time = time_field(pgettext_lazy("places editing", "Ends at"))
    place = forms.ModelChoiceField(
        label=pgettext_lazy("places editing", "Place"),
        queryset=MeetingPlace.objects.none(),
        required=False,
        empty_label=_("The usual place"),
    )
    note = forms.CharField(
        label=_("Note to participants"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, organisation: Organisation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.label_suffix = ""
        # Only public places the organisation runs: the date's page, JSON-LD and calendar
        # files name the place it is moved to.
        place = self.fields["place"]
        assert isinstance(place, forms.ModelChoiceField)
        place.queryset = (
            MeetingPlace.objects.published().usable_by(organisation).order_by("name_fi")
        )

    def clean(self) -> dict:
        super().clean()
        data = self.cleaned_data
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("The end time must be later than the start time."))
        return data


# How long one break may be: a summer or a Christmas break, not a year off (archive instead).
MAX_BREAK_DAYS = 183


class ActivityBreakForm(forms.ModelForm):
    starts_on = date_field(pgettext_lazy("places editing", "First day of the break"))
    ends_on = date_field(pgettext_lazy("places editing", "Last day of the break"))

    class Meta:
        model = ActivityBreak
        fields = ["starts_on", "ends_on", "note"]

    def __init__(self, *args, today: dt.date, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.label_suffix = ""
        self.fields["note"].error_messages["required"] = _(
            "Name the break, for example Christmas break: people see it beside the dates."
        )

    def clean(self) -> dict:
        super().clean()
        data = self.cleaned_data
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends:
            if ends < starts:
                self.add_error("ends_on", _("The last day cannot be before the first day."))
            elif ends < self.today:
                self.add_error("ends_on", _("The break is already over. Give a coming break."))
            elif (ends - starts).days >= MAX_BREAK_DAYS:
                self.add_error(
                    "ends_on",
                    _(
                        "A break can be at most %(days)s days long. For a longer pause, archive "
                        "the activity."
                    )
                    % {"days": MAX_BREAK_DAYS},
                )
        return data
