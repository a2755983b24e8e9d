"""The activity form: what, where, cost and contact (its schedule is `schedule.ScheduleForm`)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from areas.models import Municipality
from organisations.models import Organisation
from portal.lib.forms import (
    FieldsetsMixin,
    PhoneField,
    fieldset_names,
    language_textareas,
    model_choice_field,
)
from portal.lib.points import check_point
from taxonomy.models import ServiceLanguage, Term

from ..models import Activity, MeetingPlace, PublishStatus, Venue
from .common import (
    EDIT_STATUSES,
    FALLBACK_HELP,
    QuietFormMixin,
    _checkboxes,
    _coordinate_field,
)

ACTIVITY_FIELDSETS = [
    (
        _("What"),
        [
            "kind",
            "title_fi",
            "title_sv",
            "title_en",
            "summary_fi",
            "summary_sv",
            "summary_en",
            "description_fi",
            "description_sv",
            "description_en",
            "target_groups",
            "themes",
        ],
    ),
    (
        _("Where"),
        [
            "venue",
            "place",
            "street_address",
            "postcode",
            "municipality",
            "latitude",
            "longitude",
            "online_url",
            "online_url_public",
        ],
    ),
    (
        _("Cost and sign-up"),
        ["is_free", "fee_amount", "fee_note", "signup_required", "capacity", "is_sensitive"],
    ),
    (
        _("Languages and accessibility"),
        ["languages", "accessibility_fi", "accessibility_sv", "accessibility_en"],
    ),
    (
        pgettext_lazy("places editing", "Contact"),
        ["contact_role", "contact_email", "contact_phone"],
    ),
    (pgettext_lazy("places editing", "Publishing"), ["status"]),
]


class ActivityForm(QuietFormMixin, FieldsetsMixin, forms.ModelForm):
    FIELDSETS = ACTIVITY_FIELDSETS

    languages = _checkboxes(ServiceLanguage.choices, _("languages"))
    latitude = _coordinate_field(_("latitude"))
    longitude = _coordinate_field(_("longitude"))
    status = forms.ChoiceField(
        label=capfirst(_("status")), choices=EDIT_STATUSES, widget=forms.RadioSelect
    )
    is_free = forms.TypedChoiceField(
        label=pgettext_lazy("places editing", "Cost"),
        choices=[
            ("1", pgettext_lazy("places editing", "Free of charge")),
            ("0", _("There is a fee")),
        ],
        coerce=lambda value: value in ("1", "True", True),
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Activity
        fields = fieldset_names(ACTIVITY_FIELDSETS, besides=("latitude", "longitude"))
        widgets = {
            "venue": forms.RadioSelect,
            "target_groups": forms.CheckboxSelectMultiple,
            "themes": forms.CheckboxSelectMultiple,
            "title_sv": forms.TextInput(attrs={"lang": "sv"}),
            "title_en": forms.TextInput(attrs={"lang": "en"}),
            **language_textareas("summary", rows=3),
            **language_textareas("description", rows=6),
            **language_textareas("accessibility", rows=3),
            "postcode": forms.TextInput(attrs={"inputmode": "numeric"}),
            "online_url": forms.URLInput(attrs={"inputmode": "url"}),
            "contact_phone": forms.TextInput(attrs={"inputmode": "tel"}),
            "fee_amount": forms.NumberInput(attrs={"step": "0.01", "min": "0"}),
        }
        field_classes = {"contact_phone": PhoneField}
        help_texts = {
            "summary_fi": _("Two or three sentences in plain language."),
            "contact_phone": _(
                "Only a number the organisation publishes, for example 040 123 4567."
            ),
        }

    def __init__(self, *args, organisation: Organisation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.label_suffix = ""
        fields = self.fields
        model_choice_field(self, "place").queryset = (
            MeetingPlace.objects.usable_by(organisation)
            .exclude(status=PublishStatus.ARCHIVED)
            .order_by("name_fi")
        )
        fields["place"].help_text = _(
            "The meeting places your organisation runs, and the welfare area's units that "
            "host association activities."
        )
        model_choice_field(self, "target_groups").queryset = Term.objects.filter(
            kind=Term.Kind.TARGET_GROUP
        )
        model_choice_field(self, "themes").queryset = Term.objects.filter(kind=Term.Kind.THEME)
        model_choice_field(self, "municipality").queryset = Municipality.objects.order_by("name_fi")
        fields["latitude"].help_text = _(
            "Optional: the map point of the address. Empty: the centre of the municipality."
        )
        if self.instance.pk:
            self.initial.setdefault("latitude", self.instance.latitude)
            self.initial.setdefault("longitude", self.instance.longitude)
        # The radio buttons' values are "1" and "0", the model's True and False.
        free = self.initial.get("is_free", True)
        if isinstance(free, bool):
            self.initial["is_free"] = "1" if free else "0"
        for name in ("title_sv", "title_en", "summary_sv", "summary_en", "description_sv",
                     "description_en"):  # fmt: skip
            fields[name].help_text = FALLBACK_HELP
        for name in ("kind", "title_fi", "venue"):
            fields[name].label_suffix = " *"

    def clean(self) -> dict:
        super().clean()
        data = self.cleaned_data
        venue = data.get("venue")
        if venue == Venue.PLACE:
            if not data.get("place") and "place" not in self.errors:
                self.add_error("place", _("Choose the meeting place."))
        elif venue == Venue.ADDRESS:
            for name, message in (
                ("street_address", _("Write the street address.")),
                ("municipality", _("Choose the municipality.")),
            ):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, message)
            check_point(self, data.get("latitude"), data.get("longitude"))
        elif (
            venue == Venue.ONLINE and not data.get("online_url") and "online_url" not in self.errors
        ):
            self.add_error("online_url", _("Give the link to the online meeting."))
        if data.get("is_free") is False:
            fee = data.get("fee_amount")
            if (fee is None or fee <= Decimal(0)) and not data.get("fee_note"):
                self.add_error("fee_amount", _("Give the fee in euros, or choose free of charge."))
        if data.get("capacity") and not data.get("signup_required"):
            self.add_error(
                "capacity",
                _("The number of places can be limited only when sign-up is needed."),
            )
        return data

    def save(self, commit: bool = True) -> Activity:
        activity = super().save(commit=False)
        data = self.cleaned_data
        venue = data.get("venue")
        if venue != Venue.PLACE:
            activity.place = None
        if venue != Venue.ADDRESS:
            activity.street_address = activity.postcode = ""
            activity.municipality = None
            activity.latitude = activity.longitude = None
        else:
            latitude, longitude = data.get("latitude"), data.get("longitude")
            if latitude is None and activity.municipality is not None:
                latitude = float(activity.municipality.latitude)
                longitude = float(activity.municipality.longitude)
            activity.latitude, activity.longitude = latitude, longitude
        if venue != Venue.ONLINE:
            activity.online_url = ""
            activity.online_url_public = False
        if activity.is_free:
            activity.fee_amount = None
            activity.fee_note = ""
        if commit:
            activity.save()
            self.save_m2m()
        return activity
