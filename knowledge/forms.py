"""The knowledge page's filters: a period of whole months and a municipality of the area."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from portal.lib.forms import ErrorLinksMixin

from .figures import Period
from .periods import MONTHS_AHEAD, MONTHS_BACK, add_months, default_period


class FiguresFilterForm(ErrorLinksMixin, forms.Form):
    start = forms.ChoiceField(label=_("From the month"))
    end = forms.ChoiceField(label=_("To the month"))
    municipality = forms.ChoiceField(label=_("Municipality"), required=False)

    def __init__(self, data, *, municipalities, today: dt.date):
        super().__init__(data)
        this = today.replace(day=1)
        months = [add_months(this, n) for n in range(-MONTHS_BACK, MONTHS_AHEAD + 1)]
        choices = [(m.strftime("%Y-%m"), date_format(m, "YEAR_MONTH_FORMAT")) for m in months]
        for name in ("start", "end"):
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = choices
        self.default = default_period(today)
        self.fields["start"].initial = self.default.start.strftime("%Y-%m")
        self.fields["end"].initial = self.default.end.strftime("%Y-%m")
        self.municipalities = {m.code: m for m in municipalities}
        municipality = self.fields["municipality"]
        assert isinstance(municipality, forms.ChoiceField)
        municipality.choices = [
            ("", _("The whole welfare area")),
            *((m.code, m.localised_name()) for m in municipalities),
        ]

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", _("The last month cannot be before the first."))
        return data

    def period(self) -> Period:
        """The chosen period, or the default one where the choice is not valid."""
        if not self.is_bound or not self.is_valid():
            return self.default
        start = dt.date.fromisoformat(self.cleaned_data["start"] + "-01")
        end = dt.date.fromisoformat(self.cleaned_data["end"] + "-01")
        return Period(start, end)

    def chosen_municipality(self):
        if not self.is_bound or "municipality" in self.errors:
            return None
        self.is_valid()
        return self.municipalities.get(self.cleaned_data.get("municipality") or "")
