"""Forms of a meeting place: the place, its weekly hours, exceptions and photos."""

from __future__ import annotations

import datetime as dt
import itertools

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from areas.models import Municipality
from portal.lib.fields import field_label
from portal.lib.forms import (
    FieldsetsMixin,
    PhoneField,
    check_upload_size,
    choice_field,
    fieldset_names,
    language_textareas,
    model_choice_field,
)
from portal.lib.points import check_point
from taxonomy.models import ServiceLanguage

from .. import photos
from ..models import LocationSource, MeetingPlace, OpeningException, OpeningHours, PlacePhoto
from .common import (
    EDIT_STATUSES,
    FALLBACK_HELP,
    PHOTO_MAX_BYTES,
    WEEKDAYS,
    _checkboxes,
    _coordinate_field,
    _time_widget,
    date_field,
)

PLACE_FIELDSETS = [
    (
        _("Basic information"),
        ["name_fi", "name_sv", "name_en", "kind", "organisations", "status"],
    ),
    (
        _("Address and map point"),
        ["street_address", "postcode", "municipality", "latitude", "longitude"],
    ),
    (
        pgettext_lazy("places editing", "How to find the way in"),
        ["directions_fi", "directions_sv", "directions_en"],
    ),
    (_("Description"), ["description_fi", "description_sv", "description_en"]),
    (pgettext_lazy("places editing", "Low threshold"), ["low_threshold"]),
    (pgettext_lazy("places editing", "Who is there"), ["presence"]),
    (
        pgettext_lazy("places editing", "Accessibility"),
        ["accessibility", "accessibility_fi", "accessibility_sv", "accessibility_en"],
    ),
    (
        _("Languages and contact details"),
        ["languages", "email", "phone", "website", "open_on_public_holidays"],
    ),
]


class PlaceForm(FieldsetsMixin, forms.ModelForm):
    FIELDSETS = PLACE_FIELDSETS

    low_threshold = _checkboxes([], _("low threshold"))
    presence = _checkboxes([], _("who is there"))
    accessibility = _checkboxes([], _("accessibility"))
    languages = _checkboxes(ServiceLanguage.choices, _("languages"))
    latitude = _coordinate_field(_("latitude"))
    longitude = _coordinate_field(_("longitude"))
    status = forms.ChoiceField(
        label=capfirst(_("status")), choices=EDIT_STATUSES, widget=forms.RadioSelect
    )

    class Meta:
        model = MeetingPlace
        fields = fieldset_names(
            PLACE_FIELDSETS,
            besides=("latitude", "longitude", "low_threshold", "presence", "accessibility"),
        )
        widgets = {
            "organisations": forms.CheckboxSelectMultiple,
            "name_sv": forms.TextInput(attrs={"lang": "sv"}),
            "name_en": forms.TextInput(attrs={"lang": "en"}),
            "postcode": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            **language_textareas("directions", rows=3),
            **language_textareas("description", rows=5),
            **language_textareas("accessibility", rows=3),
            "phone": forms.TextInput(attrs={"inputmode": "tel"}),
            "website": forms.URLInput(attrs={"inputmode": "url"}),
        }
        field_classes = {"phone": PhoneField}
        help_texts = {
            "directions_fi": _("For example: the door in the yard, second floor."),
            "phone": _("For example 040 123 4567 or +358 40 123 4567."),
            "organisations": _(
                "The organisations that run the place. Members of each of them can edit it."
            ),
        }

    def __init__(self, *args, organisations_qs=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.label_suffix = ""
        model = MeetingPlace
        for group, names in (
            ("low_threshold", model.LOW_THRESHOLD_FLAGS),
            ("presence", model.PRESENCE_FLAGS),
            ("accessibility", model.ACCESSIBILITY_FLAGS),
        ):
            choice_field(self, group).choices = [
                (name, capfirst(field_label(model, name))) for name in names
            ]
            self.initial.setdefault(group, [name for name in names if getattr(self.instance, name)])
        if self.instance.pk:
            self.initial.setdefault("latitude", self.instance.latitude)
            self.initial.setdefault("longitude", self.instance.longitude)
        model_choice_field(self, "organisations").queryset = organisations_qs
        self.fields["organisations"].error_messages["required"] = _(
            "Choose at least one organisation that runs the place."
        )
        model_choice_field(self, "municipality").queryset = Municipality.objects.order_by("name_fi")
        self.fields["latitude"].help_text = _(
            "Leave the map point empty to use the centre of the municipality. On a map you can "
            "drop a pin instead."
        )
        self.fields["longitude"].help_text = _("For example 25.75 in Jyväskylä.")
        for name in ("name_sv", "name_en", "directions_sv", "directions_en"):
            self.fields[name].help_text = FALLBACK_HELP
        for name in ("name_fi", "kind", "organisations", "street_address", "postcode",
                     "municipality"):  # fmt: skip
            self.fields[name].label_suffix = " *"

    def clean(self) -> dict:
        super().clean()
        data = self.cleaned_data
        latitude, longitude = data.get("latitude"), data.get("longitude")
        check_point(self, latitude, longitude)
        return data

    def save(self, commit: bool = True) -> MeetingPlace:
        place = super().save(commit=False)
        data = self.cleaned_data
        for group, names in (
            ("low_threshold", MeetingPlace.LOW_THRESHOLD_FLAGS),
            ("presence", MeetingPlace.PRESENCE_FLAGS),
            ("accessibility", MeetingPlace.ACCESSIBILITY_FLAGS),
        ):
            for name in names:
                setattr(place, name, name in data.get(group, []))
        latitude, longitude = data.get("latitude"), data.get("longitude")
        municipality = data["municipality"]
        follows_municipality = latitude is None or (
            self.instance.location_source == LocationSource.MUNICIPALITY
            and not (self.has_changed_field("latitude") or self.has_changed_field("longitude"))
        )
        if follows_municipality:
            place.latitude = float(municipality.latitude)
            place.longitude = float(municipality.longitude)
            place.location_source = LocationSource.MUNICIPALITY
        elif self.has_changed_field("latitude") or self.has_changed_field("longitude"):
            place.latitude, place.longitude = latitude, longitude
            place.location_source = LocationSource.PIN
        if commit:
            place.save()
            self.save_m2m()
        return place

    def has_changed_field(self, name: str) -> bool:
        return name in self.changed_data


class OpeningHoursForm(forms.ModelForm):
    weekday = forms.TypedChoiceField(
        label=pgettext_lazy("places editing", "Weekday"),
        choices=[("", "—"), *WEEKDAYS],
        coerce=int,
        required=True,
    )

    class Meta:
        model = OpeningHours
        fields = ["weekday", "opens", "closes"]
        widgets = {"opens": _time_widget(), "closes": _time_widget()}

    def clean(self) -> dict:
        super().clean()
        data = self.cleaned_data
        opens, closes = data.get("opens"), data.get("closes")
        if opens and closes and closes <= opens:
            self.add_error("closes", _("The closing time must be later than the opening time."))
        return data


class OpeningExceptionForm(forms.ModelForm):
    date = date_field(pgettext_lazy("places editing", "Date"))

    class Meta:
        model = OpeningException
        fields = ["date", "closed", "opens", "closes", "note"]
        widgets = {"opens": _time_widget(), "closes": _time_widget()}
        help_texts = {"closed": _("Otherwise give the opening times of that day.")}

    def clean(self) -> dict:
        super().clean()
        data = self.cleaned_data
        if data.get("closed"):
            data["opens"] = data["closes"] = None
            return data
        opens, closes = data.get("opens"), data.get("closes")
        if not opens:
            self.add_error("opens", _("Give the opening time, or tick “closed all day”."))
        if not closes:
            self.add_error("closes", _("Give the closing time, or tick “closed all day”."))
        if opens and closes and closes <= opens:
            self.add_error("closes", _("The closing time must be later than the opening time."))
        return data


class PlacePhotoForm(forms.ModelForm):
    class Meta:
        model = PlacePhoto
        fields = ["image", "alt_fi", "alt_sv", "alt_en"]
        widgets = {
            "image": forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
            "alt_sv": forms.TextInput(attrs={"lang": "sv"}),
            "alt_en": forms.TextInput(attrs={"lang": "en"}),
        }
        help_texts = {
            "image": _("PNG, JPEG or WebP, at most 5 MB."),
            "alt_fi": _(
                "What the photo shows, for people who cannot see it. For example: the café's "
                "entrance with a ramp."
            ),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["image"].error_messages["invalid_image"] = _(
            "The photo must be a PNG, JPEG or WebP image."
        )
        self.fields["alt_fi"].error_messages["required"] = _(
            "Describe the photo in Finnish: people who cannot see it read this."
        )
        self.fields["alt_sv"].help_text = FALLBACK_HELP
        self.fields["alt_en"].help_text = FALLBACK_HELP
        # The files the row has now: deleted after the commit that replaces them.
        self.stored_files = photos.photo_files(self.instance) if self.instance.pk else []

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if image is None or not hasattr(image, "size") or "image" not in self.changed_data:
            return image
        check_upload_size(
            image,
            PHOTO_MAX_BYTES,
            _("The photo is too large (%(size)s MB). The largest allowed is 5 MB."),
        )
        # Checked by content, not by the name, and by its pixel count before any decoding.
        photos.check(image)
        return image

    def save(self, commit: bool = True) -> PlacePhoto:
        photo = super().save(commit=False)
        if "image" in self.changed_data and self.cleaned_data.get("image"):
            photos.photo_store(photo, self.cleaned_data["image"])
            photos.photo_files_delete_on_commit(self.stored_files)
        if commit:
            photo.save()
        return photo


class BaseHoursFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        intervals: dict[int, list[tuple[dt.time, dt.time, forms.BaseForm]]] = {}
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or form.errors:
                continue
            if data.get("weekday") is None or not data.get("opens") or not data.get("closes"):
                continue
            intervals.setdefault(data["weekday"], []).append((data["opens"], data["closes"], form))
        for day in intervals.values():
            day.sort(key=lambda item: item[0])
            for (_o1, closes, _f1), (opens, _c2, later) in itertools.pairwise(day):
                if opens < closes:
                    later.add_error(
                        "opens", _("This overlaps another opening time of the same day.")
                    )


OpeningHoursFormSet = forms.inlineformset_factory(
    MeetingPlace,
    OpeningHours,
    form=OpeningHoursForm,
    formset=BaseHoursFormSet,
    extra=3,
    can_delete=True,
)
OpeningExceptionFormSet = forms.inlineformset_factory(
    MeetingPlace, OpeningException, form=OpeningExceptionForm, extra=1, can_delete=True
)
PlacePhotoFormSet = forms.inlineformset_factory(
    MeetingPlace, PlacePhoto, form=PlacePhotoForm, extra=1, can_delete=True, max_num=12
)
