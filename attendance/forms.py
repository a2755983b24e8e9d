"""Forms of attendance: one date's figures (several on one page for a month), who came, and a
meeting place's typed visitor totals."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.lib.forms import ErrorLinksMixin

from .models import MAX_COUNT

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

NUMBER = {"inputmode": "numeric", "pattern": "[0-9]*", "autocomplete": "off"}


def count_field(label: StrOrPromise, **kwargs: Any) -> forms.IntegerField:
    """A head count, empty or 0 to MAX_COUNT, typed on a phone's number pad."""
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=MAX_COUNT,
        widget=forms.NumberInput(attrs=NUMBER),
        **kwargs,
    )


class DateFiguresForm(ErrorLinksMixin, forms.Form):
    """One date. Left empty it saves nothing (a month's page has a form per date). Each field
    carries the value the page showed (show_hidden_initial): only the dates the person changed
    are saved, so two organisers filling in one month do not undo each other's dates."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.show_hidden_initial = True

    not_held = forms.BooleanField(label=_("Did not take place"), required=False)
    visitors = count_field(_("Participants"))
    volunteers = count_field(_("Volunteers"))
    volunteer_hours = forms.DecimalField(
        label=_("Volunteers' hours in all"),
        required=False,
        min_value=Decimal("0"),
        max_value=Decimal("100000"),
        decimal_places=1,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def is_empty(self) -> bool:
        data = self.cleaned_data
        return not data.get("not_held") and all(
            data.get(name) in (None, "")
            for name in ("visitors", "volunteers", "volunteer_hours", "note")
        )

    def clean(self):
        data = super().clean()
        if data.get("not_held"):
            return data
        if data.get("volunteer_hours") and not data.get("volunteers"):
            self.add_error("volunteers", _("Say how many volunteers the hours are for."))
        filled = any(
            data.get(name) not in (None, "") for name in ("volunteers", "volunteer_hours", "note")
        )
        if filled and data.get("visitors") is None:
            self.add_error(
                "visitors",
                _("Say how many came, or tick “Did not take place”."),
            )
        return data


class PresenceForm(forms.Form):
    present = forms.MultipleChoiceField(
        label=_("Who of those signed up came"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = choices


class DayTotalForm(forms.Form):
    # The value the page showed goes along (show_hidden_initial): a day is saved only if the
    # person changed it, so a typed month never takes back the door's +1s of the meantime.
    visitors = count_field(_("Visitors"), show_hidden_initial=True)


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
