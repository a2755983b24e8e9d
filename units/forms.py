"""The coordinators' unit form, its hours formsets (the meeting places' forms), and the import
form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from areas.models import LocationSource, Municipality, WelfareArea
from meetingplaces.forms import (
    FALLBACK_HELP,
    BaseHoursFormSet,
    OpeningExceptionForm,
    OpeningHoursForm,
    check_point,
)
from organisations.forms_coordinate import ImportUploadForm
from portal.lib.forms import (
    ErrorLinksMixin,
    FieldsetsMixin,
    PhoneField,
    fieldset_names,
    model_choice_field,
)
from portal.lib.points import coordinate_field

from .models import Unit, UnitOpeningException, UnitOpeningHours

UNIT_FIELDSETS = [
    (
        _("Basic information"),
        ["welfare_area", "name_fi", "name_sv", "name_en", "kind", "description_fi",
         "description_sv", "description_en"],
    ),
    (
        _("Address"),
        ["street_address", "postcode", "municipality", "latitude", "longitude",
         "open_on_public_holidays"],
    ),
    (_("The unit's public contact channels"), ["phone", "email", "website"]),
    (
        _("Association-collaboration contact"),
        ["contact_name", "contact_title", "contact_email", "contact_phone",
         "contact_consent"],
    ),
    (_("Association activities"), ["hosts_activities"]),
]  # fmt: skip


class UnitForm(ErrorLinksMixin, FieldsetsMixin, forms.ModelForm):
    FIELDSETS = UNIT_FIELDSETS

    latitude = coordinate_field(_("latitude"))
    longitude = coordinate_field(_("longitude"))

    class Meta:
        model = Unit
        fields = fieldset_names(UNIT_FIELDSETS, besides=("latitude", "longitude"))
        field_classes = {"phone": PhoneField, "contact_phone": PhoneField}
        widgets = {
            "name_sv": forms.TextInput(attrs={"lang": "sv"}),
            "name_en": forms.TextInput(attrs={"lang": "en"}),
            "description_fi": forms.Textarea(attrs={"rows": 3}),
            "description_sv": forms.Textarea(attrs={"rows": 3, "lang": "sv"}),
            "description_en": forms.Textarea(attrs={"rows": 3, "lang": "en"}),
        }
        help_texts = {
            "phone": _("For example 040 123 4567 or +358 40 123 4567."),
            "contact_name": _("The person responsible for working with associations in this unit."),
            "contact_email": _("A work address, for example firstname.lastname@example.com."),
        }

    def __init__(self, *args, area_ids: set[int], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.label_suffix = ""
        areas = WelfareArea.objects.filter(pk__in=area_ids).order_by("name_fi")
        welfare_area = model_choice_field(self, "welfare_area")
        welfare_area.queryset = areas
        welfare_area.empty_label = None
        model_choice_field(self, "municipality").queryset = Municipality.objects.filter(
            welfare_area__in=area_ids
        ).order_by("name_fi")
        self.fields["latitude"].help_text = _(
            "Leave the map point empty to use the centre of the municipality."
        )
        self.fields["longitude"].help_text = _("For example 25.75 in Jyväskylä.")
        if self.instance.pk:
            self.initial.setdefault("latitude", self.instance.latitude)
            self.initial.setdefault("longitude", self.instance.longitude)
        for name in ("name_sv", "name_en", "description_sv", "description_en"):
            self.fields[name].help_text = FALLBACK_HELP
        for name in ("welfare_area", "name_fi", "kind", "street_address", "postcode",
                     "municipality"):  # fmt: skip
            self.fields[name].label_suffix = " *"
        self.fields["municipality"].error_messages["invalid_choice"] = _(
            "Choose a municipality of the welfare area."
        )

    def clean(self) -> dict:
        super().clean()
        data = self.cleaned_data
        check_point(self, data.get("latitude"), data.get("longitude"))
        area, municipality = data.get("welfare_area"), data.get("municipality")
        if area and municipality and municipality.welfare_area_id != area.pk:
            self.add_error("municipality", _("Choose a municipality of the welfare area."))
        if data.get("contact_consent") and not data.get("contact_name"):
            self.add_error(
                "contact_name", _("Give the contact's name, or untick the agreement to show it.")
            )
        if data.get("contact_consent") and not (
            data.get("contact_email") or data.get("contact_phone")
        ):
            self.add_error(
                "contact_email", _("Give the contact's work email or phone to show publicly.")
            )
        return data

    def save(self, commit: bool = True) -> Unit:
        unit = super().save(commit=False)
        data = self.cleaned_data
        latitude, longitude = data.get("latitude"), data.get("longitude")
        municipality = data["municipality"]
        changed = "latitude" in self.changed_data or "longitude" in self.changed_data
        follows_municipality = latitude is None or (
            unit.location_source == LocationSource.MUNICIPALITY and not changed
        )
        if follows_municipality:
            unit.latitude = float(municipality.latitude)
            unit.longitude = float(municipality.longitude)
            unit.location_source = LocationSource.MUNICIPALITY
        elif changed:
            unit.latitude, unit.longitude = latitude, longitude
            unit.location_source = LocationSource.PIN
        if commit:
            unit.save()
        return unit


UnitHoursFormSet = forms.inlineformset_factory(
    Unit,
    UnitOpeningHours,
    form=OpeningHoursForm,
    formset=BaseHoursFormSet,
    extra=3,
    can_delete=True,
)
UnitExceptionFormSet = forms.inlineformset_factory(
    Unit, UnitOpeningException, form=OpeningExceptionForm, extra=1, can_delete=True
)


class UnitImportForm(ImportUploadForm):
    """The organisations' upload form (file and, for several areas, the area), for units."""

    def __init__(self, *args, area_ids: set[int], **kwargs) -> None:
        super().__init__(*args, area_ids=area_ids, **kwargs)
        if "welfare_area" in self.fields:
            self.fields["welfare_area"].label = _("Welfare area of the units")
