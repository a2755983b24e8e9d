"""Forms of the associations' editing of meeting places and activities.

The activity form is two forms on one page: `ActivityForm` (what, where, cost, contact) and
`ScheduleForm` (when, in plain controls: once / on these dates / weekly every N weeks on
weekdays / monthly on the n:th weekday). The schedule form builds the RFC 5545 rule with
schedule.weekly_rule/monthly_rule and checks the whole schedule with Schedule.validate(), whose
errors are put at the control they belong to. The same schedule form answers the live preview.
"""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from areas.models import Municipality
from organisations.models import Organisation
from portal.lib.forms import PhoneField
from portal.lib.points import check_point, coordinate_field
from taxonomy.models import ServiceLanguage, Term

from . import photos
from .models import (
    Activity,
    ActivityBreak,
    LocationSource,
    MeetingPlace,
    OpeningException,
    OpeningHours,
    PlacePhoto,
    PublishStatus,
    Venue,
)
from .schedule import (
    MAX_SPAN_DAYS,
    WEEKDAY_CODES,
    Schedule,
    monthly_rule,
    parse_rule,
    weekly_rule,
)

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


# --- meeting place -----------------------------------------------------------------------------


class PlaceForm(forms.ModelForm):
    FIELDSETS = [
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
        fields = [
            "name_fi",
            "name_sv",
            "name_en",
            "kind",
            "organisations",
            "status",
            "street_address",
            "postcode",
            "municipality",
            "directions_fi",
            "directions_sv",
            "directions_en",
            "description_fi",
            "description_sv",
            "description_en",
            "accessibility_fi",
            "accessibility_sv",
            "accessibility_en",
            "languages",
            "email",
            "phone",
            "website",
            "open_on_public_holidays",
        ]
        widgets = {
            "organisations": forms.CheckboxSelectMultiple,
            "name_sv": forms.TextInput(attrs={"lang": "sv"}),
            "name_en": forms.TextInput(attrs={"lang": "en"}),
            "postcode": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            "directions_fi": forms.Textarea(attrs={"rows": 3, "lang": "fi"}),
            "directions_sv": forms.Textarea(attrs={"rows": 3, "lang": "sv"}),
            "directions_en": forms.Textarea(attrs={"rows": 3, "lang": "en"}),
            "description_fi": forms.Textarea(attrs={"rows": 5, "lang": "fi"}),
            "description_sv": forms.Textarea(attrs={"rows": 5, "lang": "sv"}),
            "description_en": forms.Textarea(attrs={"rows": 5, "lang": "en"}),
            "accessibility_fi": forms.Textarea(attrs={"rows": 3, "lang": "fi"}),
            "accessibility_sv": forms.Textarea(attrs={"rows": 3, "lang": "sv"}),
            "accessibility_en": forms.Textarea(attrs={"rows": 3, "lang": "en"}),
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
        self.fields["low_threshold"].choices = [
            (name, capfirst(model._meta.get_field(name).verbose_name))
            for name in model.LOW_THRESHOLD_FLAGS
        ]
        self.fields["presence"].choices = [
            (name, capfirst(model._meta.get_field(name).verbose_name))
            for name in model.PRESENCE_FLAGS
        ]
        self.fields["accessibility"].choices = [
            (name, capfirst(model._meta.get_field(name).verbose_name))
            for name in model.ACCESSIBILITY_FLAGS
        ]
        for group, names in (
            ("low_threshold", model.LOW_THRESHOLD_FLAGS),
            ("presence", model.PRESENCE_FLAGS),
            ("accessibility", model.ACCESSIBILITY_FLAGS),
        ):
            self.initial.setdefault(group, [name for name in names if getattr(self.instance, name)])
        if self.instance.pk:
            self.initial.setdefault("latitude", self.instance.latitude)
            self.initial.setdefault("longitude", self.instance.longitude)
        self.fields["organisations"].queryset = organisations_qs
        self.fields["organisations"].error_messages["required"] = _(
            "Choose at least one organisation that runs the place."
        )
        self.fields["municipality"].queryset = Municipality.objects.order_by("name_fi")
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
        data = super().clean()
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

    def fieldsets(self):
        return [(legend, [self[name] for name in names]) for legend, names in self.FIELDSETS]


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
        data = super().clean()
        opens, closes = data.get("opens"), data.get("closes")
        if opens and closes and closes <= opens:
            self.add_error("closes", _("The closing time must be later than the opening time."))
        return data


class OpeningExceptionForm(forms.ModelForm):
    date = forms.DateField(
        label=pgettext_lazy("places editing", "Date"),
        widget=_date_widget(),
        input_formats=DATE_INPUT_FORMATS,
    )

    class Meta:
        model = OpeningException
        fields = ["date", "closed", "opens", "closes", "note"]
        widgets = {"opens": _time_widget(), "closes": _time_widget()}
        help_texts = {"closed": _("Otherwise give the opening times of that day.")}

    def clean(self) -> dict:
        data = super().clean()
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
        if image.size > PHOTO_MAX_BYTES:
            raise ValidationError(
                _("The photo is too large (%(size)s MB). The largest allowed is 5 MB."),
                code="too_large",
                params={"size": f"{image.size / 1024 / 1024:.1f}"},
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
        intervals: dict[int, list[tuple[dt.time, dt.time, forms.Form]]] = {}
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or form.errors:
                continue
            if data.get("weekday") is None or not data.get("opens") or not data.get("closes"):
                continue
            intervals.setdefault(data["weekday"], []).append((data["opens"], data["closes"], form))
        for day in intervals.values():
            day.sort(key=lambda item: item[0])
            for (_o1, closes, _f1), (opens, _c2, form) in itertools.pairwise(day):
                if opens < closes:
                    form.add_error(
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


# --- activity ----------------------------------------------------------------------------------


class ActivityForm(QuietFormMixin, forms.ModelForm):
    FIELDSETS = [
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
        fields = [
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
            "venue",
            "place",
            "street_address",
            "postcode",
            "municipality",
            "online_url",
            "online_url_public",
            "is_free",
            "fee_amount",
            "fee_note",
            "signup_required",
            "capacity",
            "is_sensitive",
            "languages",
            "accessibility_fi",
            "accessibility_sv",
            "accessibility_en",
            "contact_role",
            "contact_email",
            "contact_phone",
            "status",
        ]
        widgets = {
            "venue": forms.RadioSelect,
            "target_groups": forms.CheckboxSelectMultiple,
            "themes": forms.CheckboxSelectMultiple,
            "title_sv": forms.TextInput(attrs={"lang": "sv"}),
            "title_en": forms.TextInput(attrs={"lang": "en"}),
            "summary_fi": forms.Textarea(attrs={"rows": 3, "lang": "fi"}),
            "summary_sv": forms.Textarea(attrs={"rows": 3, "lang": "sv"}),
            "summary_en": forms.Textarea(attrs={"rows": 3, "lang": "en"}),
            "description_fi": forms.Textarea(attrs={"rows": 6, "lang": "fi"}),
            "description_sv": forms.Textarea(attrs={"rows": 6, "lang": "sv"}),
            "description_en": forms.Textarea(attrs={"rows": 6, "lang": "en"}),
            "accessibility_fi": forms.Textarea(attrs={"rows": 3, "lang": "fi"}),
            "accessibility_sv": forms.Textarea(attrs={"rows": 3, "lang": "sv"}),
            "accessibility_en": forms.Textarea(attrs={"rows": 3, "lang": "en"}),
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
        fields["place"].queryset = (
            MeetingPlace.objects.usable_by(organisation)
            .exclude(status=PublishStatus.ARCHIVED)
            .order_by("name_fi")
        )
        fields["place"].help_text = _(
            "The meeting places your organisation runs, and the welfare area's units that "
            "host association activities."
        )
        fields["target_groups"].queryset = Term.objects.filter(kind=Term.Kind.TARGET_GROUP)
        fields["themes"].queryset = Term.objects.filter(kind=Term.Kind.THEME)
        fields["municipality"].queryset = Municipality.objects.order_by("name_fi")
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
        data = super().clean()
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

    def fieldsets(self):
        return [(legend, [self[name] for name in names]) for legend, names in self.FIELDSETS]


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

    repeat = forms.ChoiceField(
        label=pgettext_lazy("places editing", "How often"),
        choices=[
            (ONCE, pgettext_lazy("places editing", "Once")),
            (DATES, _("On these dates")),
            (WEEKLY, _("Every week or every few weeks")),
            (MONTHLY, _("Once a month on a weekday")),
        ],
        widget=forms.RadioSelect,
        initial=WEEKLY,
    )
    start_date = forms.DateField(
        label=pgettext_lazy("places editing", "First date"),
        widget=_date_widget(),
        input_formats=DATE_INPUT_FORMATS,
    )
    start_time = forms.TimeField(
        label=pgettext_lazy("places editing", "Starts at"), widget=_time_widget()
    )
    end_time = forms.TimeField(
        label=pgettext_lazy("places editing", "Ends at"), widget=_time_widget()
    )
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
    end_date = forms.DateField(
        label=pgettext_lazy("places editing", "Last date"),
        required=False,
        widget=_date_widget(),
        input_formats=DATE_INPUT_FORMATS,
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
            self.fields["repeat"].choices = [
                *self.fields["repeat"].choices,
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
        data = super().clean()
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


# --- occurrences -------------------------------------------------------------------------------


class OccurrenceCancelForm(forms.Form):
    note = forms.CharField(
        label=_("Note to participants"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: the leader is ill. We meet again next week."),
    )


class OccurrenceMoveForm(forms.Form):
    date = forms.DateField(
        label=pgettext_lazy("places editing", "New date"),
        widget=_date_widget(),
        input_formats=DATE_INPUT_FORMATS,
    )
    start_time = forms.TimeField(
        label=pgettext_lazy("places editing", "Starts at"), widget=_time_widget()
    )
    end_time = forms.TimeField(
        label=pgettext_lazy("places editing", "Ends at"), widget=_time_widget()
    )
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
        self.fields["place"].queryset = (
            MeetingPlace.objects.published().usable_by(organisation).order_by("name_fi")
        )

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("The end time must be later than the start time."))
        return data


# How long one break may be: a summer or a Christmas break, not a year off (archive instead).
MAX_BREAK_DAYS = 183


class ActivityBreakForm(forms.ModelForm):
    starts_on = forms.DateField(
        label=pgettext_lazy("places editing", "First day of the break"),
        widget=_date_widget(),
        input_formats=DATE_INPUT_FORMATS,
    )
    ends_on = forms.DateField(
        label=pgettext_lazy("places editing", "Last day of the break"),
        widget=_date_widget(),
        input_formats=DATE_INPUT_FORMATS,
    )

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
        data = super().clean()
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
