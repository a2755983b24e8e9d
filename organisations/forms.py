"""Forms of the associations' own work: the organisation profile, members and access.

The profile form has two levels of strictness: a draft needs only the official name (so nothing
typed is ever lost), while submitting for review or editing a published profile needs the
whole minimum a coordinator can review.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.functional import Promise
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext_lazy as _

from areas.models import Municipality, WelfareArea
from portal.lib.forms import (
    ErrorLinksMixin,
    PhoneField,
    check_upload_size,
    language_textareas,
    model_choice_field,
)
from portal.lib.points import check_point, coordinate_field

from .models import (
    AccessRequest,
    Category,
    Membership,
    Network,
    Organisation,
    OrganisationKind,
    Role,
    ServiceKind,
    ServiceLanguage,
    Staffing,
    Term,
)
from .services.editing import reviewed_field_names
from .validators import (
    normalise_business_id,
    normalise_phone,
    strip_bidi_controls,
)

LOGO_MAX_BYTES = 2 * 1024 * 1024
LOGO_FORMATS = {"PNG", "JPEG", "WEBP"}

# (legend, fields) in the order a person fills the form in.
FIELDSETS: list[tuple[str | Promise, list[str]]] = [
    (
        _("Basic information"),
        ["name", "display_name", "kind", "business_id", "register_number", "is_national",
         "parent"],
    ),
    (
        _("Where you work"),
        ["welfare_area", "municipalities", "street_address", "postcode", "latitude", "longitude"],
    ),
    (_("What you do"), ["categories", "roles", "target_groups", "themes", "networks"]),
    (
        _("Languages and services"),
        ["languages", "other_languages", "produces_services", "service_kinds", "staffing"],
    ),
    (_("Contact details"), ["email", "phone", "website", "social_links", "logo"]),
    (_("Description in Finnish"), ["description_fi", "summary_fi"]),
    (_("Description in Swedish"), ["description_sv", "summary_sv"]),
    (_("Description in English"), ["description_en", "summary_en"]),
]  # fmt: skip

# Required when submitting for review or editing a published profile, not for a draft.
COMPLETE_REQUIRED = ["welfare_area", "municipalities", "categories", "description_fi"]

REVIEWED_NOTE = _(
    "Changes to this field are checked by the welfare area's coordinator before they are shown."
)
PENDING_NOTE = _("The value shown here is waiting for the coordinator's review.")


def _checkboxes(choices, label) -> forms.MultipleChoiceField:
    """Checkboxes under a legend; `label` is a model's lower-case verbose name."""
    return forms.MultipleChoiceField(
        label=capfirst(label),
        choices=choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class SocialLinksField(forms.CharField):
    """One web address a line; a list of URLs in Python."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(value)
        return value

    def to_python(self, value) -> list[str]:  # type: ignore[override]
        text = super().to_python(value) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]

    def validate(self, value) -> None:
        validator = URLValidator()
        for link in value:
            try:
                validator(link)
            except ValidationError as error:
                raise ValidationError(
                    _(
                        "“%(link)s” is not a web address. Write each address on its own line, "
                        "starting with https://."
                    ),
                    code="invalid",
                    params={"link": link},
                ) from error

    def run_validators(self, value) -> None:
        return None


class OrganisationForm(ErrorLinksMixin, forms.ModelForm):
    FIELDSETS = FIELDSETS  # the error summary's order

    # The version the form was opened on (optimistic locking); not a model field here.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    categories = _checkboxes(Category.choices, _("sectors"))
    roles = _checkboxes(Role.choices, _("roles"))
    languages = _checkboxes(ServiceLanguage.choices, _("languages served in"))
    service_kinds = _checkboxes(ServiceKind.choices, _("kinds of services produced"))
    latitude = coordinate_field(_("latitude"))
    longitude = coordinate_field(_("longitude"))
    social_links = SocialLinksField(
        label=capfirst(_("social media links")),
        required=False,
        help_text=_("One web address a line, for example https://www.facebook.com/…"),
    )

    class Meta:
        model = Organisation
        fields = [
            "name", "display_name", "kind", "business_id", "register_number", "is_national",
            "parent", "welfare_area", "municipalities", "street_address", "postcode",
            "latitude", "longitude", "categories", "roles", "target_groups",
            "themes", "networks", "languages", "other_languages", "produces_services",
            "service_kinds", "staffing", "email", "phone", "website", "social_links", "logo",
            "description_fi", "summary_fi", "description_sv", "summary_sv", "description_en",
            "summary_en",
        ]  # fmt: skip
        widgets = {
            "municipalities": forms.CheckboxSelectMultiple,
            "target_groups": forms.CheckboxSelectMultiple,
            "themes": forms.CheckboxSelectMultiple,
            "networks": forms.CheckboxSelectMultiple,
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "website": forms.URLInput(attrs={"inputmode": "url"}),
            "street_address": forms.TextInput(attrs={"autocomplete": "street-address"}),
            "postcode": forms.TextInput(
                attrs={"inputmode": "numeric", "autocomplete": "postal-code", "maxlength": 5}
            ),
            "logo": forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
            **language_textareas("description", rows=8),
            **language_textareas("summary", rows=3),
        }
        field_classes = {"phone": PhoneField}
        help_texts = {
            "phone": _("For example 040 123 4567 or +358 40 123 4567."),
            "website": _("The full address, for example https://www.example.fi."),
            "logo": _("PNG, JPEG or WebP, at most 2 MB."),
            "summary_fi": _("Two or three sentences in plain language."),
            "street_address": _(
                "Where people can find you, if you have an office or rooms. Optional."
            ),
            "postcode": _("For example 40100."),
        }

    def __init__(self, *args, complete: bool = False, reviewed: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # `complete`: submitting for review or editing a published profile.
        self.complete = complete
        # `reviewed`: a published profile, where some changes wait for the coordinator.
        self.reviewed = reviewed
        if reviewed:
            pending = self.instance.pending_changes or {}
            for attname, name in reviewed_field_names().items():
                notes: list[str | Promise] = [REVIEWED_NOTE]
                if attname in pending:
                    notes.append(PENDING_NOTE)
                if self.fields[name].help_text:
                    notes.insert(0, self.fields[name].help_text)
                self.fields[name].help_text = format_lazy(" ".join(["{}"] * len(notes)), *notes)
        if self.instance.pk and "version" not in self.initial:
            self.initial["version"] = self.instance.version
        self.label_suffix = ""
        self.fields["name"].label_suffix = " *"
        for name in COMPLETE_REQUIRED:
            # Marked for people, but checked in clean() so that a draft saves without them.
            self.fields[name].label_suffix = " *"
            if complete:
                self.fields[name].widget.attrs["aria-required"] = "true"

        fields = self.fields
        # Choices with a default: a draft posted without them keeps the default.
        for name in ("kind", "staffing"):
            fields[name].required = False
        model_choice_field(self, "welfare_area").queryset = WelfareArea.objects.order_by("name_fi")
        self.area = self._chosen_area()
        # The municipalities of the chosen welfare area only: before one is chosen the list is
        # empty (all of Finland's would be some 300 checkboxes) and the help says what to do.
        municipalities = Municipality.objects.filter(welfare_area=self.area)
        if self.area is None:
            municipalities = municipalities.none()
            fields["municipalities"].help_text = _(
                "Choose your welfare area above and press “Show the municipalities of this "
                "welfare area”: its municipalities appear here."
            )
        model_choice_field(self, "municipalities").queryset = municipalities.order_by("name_fi")
        fields["municipalities"].error_messages["invalid_choice"] = _(
            "Choose only municipalities of the welfare area you chose."
        )
        model_choice_field(self, "target_groups").queryset = Term.objects.filter(
            kind=Term.Kind.TARGET_GROUP
        )
        model_choice_field(self, "themes").queryset = Term.objects.filter(kind=Term.Kind.THEME)
        networks = Network.objects.all()
        if self.area is not None:
            networks = networks.filter(welfare_area=self.area)
        model_choice_field(self, "networks").queryset = networks
        parents = Organisation.objects.filter(is_national=True).published()
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        model_choice_field(self, "parent").queryset = parents
        fields["latitude"].help_text = _(
            "Optional. With a map point the residents' search shows how far you are. On a map "
            "you can drop a pin instead of typing."
        )
        fields["longitude"].help_text = _("For example 25.75 in Jyväskylä.")
        fields["logo"].error_messages["invalid_image"] = _(
            "The logo must be a PNG, JPEG or WebP image."
        )

    def _chosen_area(self) -> WelfareArea | None:
        """The welfare area typed into the form, else the saved one, else the only one in use."""
        if self.is_bound or "welfare_area" in self.initial:
            if self.is_bound:
                raw = self.data.get(self.add_prefix("welfare_area"))
            else:
                raw = self.initial["welfare_area"]
            if raw and str(raw).isdigit():
                return WelfareArea.objects.filter(pk=raw).first()
            return None
        if self.instance.welfare_area_id:
            return self.instance.welfare_area
        # In practice the portal serves one welfare area: preselect it.
        in_use = list(WelfareArea.objects.filter(coordinators__isnull=False).distinct()[:2])
        if len(in_use) == 1:
            self.initial.setdefault("welfare_area", in_use[0].pk)
            return in_use[0]
        return None

    # Normalising what people type.

    def clean_name(self) -> str:
        name = strip_bidi_controls(self.cleaned_data.get("name", "")).strip()
        if not name:  # nothing but control characters
            raise ValidationError(self.fields["name"].error_messages["required"], code="required")
        return name

    def clean_display_name(self) -> str:
        return strip_bidi_controls(self.cleaned_data.get("display_name", "")).strip()

    def clean_business_id(self) -> str:
        return normalise_business_id(self.cleaned_data.get("business_id", ""))

    def clean_kind(self) -> str:
        return self.cleaned_data.get("kind") or OrganisationKind.ASSOCIATION

    def clean_staffing(self) -> str:
        return self.cleaned_data.get("staffing") or Staffing.VOLUNTEERS

    def clean_phone(self) -> str:
        return normalise_phone(self.cleaned_data.get("phone", ""))

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        image = getattr(logo, "image", None)  # set only on a fresh upload
        if image is None:
            return logo
        check_upload_size(
            logo,
            LOGO_MAX_BYTES,
            _("The logo is too large (%(size)s MB). The largest allowed is 2 MB."),
        )
        if image.format not in LOGO_FORMATS:
            raise ValidationError(_("The logo must be a PNG, JPEG or WebP image."), code="format")
        return logo

    def clean_street_address(self) -> str:
        return strip_bidi_controls(self.cleaned_data.get("street_address", "")).strip()

    def clean_postcode(self) -> str:
        return self.cleaned_data.get("postcode", "").replace(" ", "")

    def clean(self) -> dict:
        super().clean()
        data = self.cleaned_data
        check_point(self, data.get("latitude"), data.get("longitude"))
        area = data.get("welfare_area")
        municipalities = data.get("municipalities")
        if area and municipalities:
            outside = [m for m in municipalities if m.welfare_area_id != area.pk]
            if outside:
                self.add_error(
                    "municipalities",
                    _("Choose only municipalities of the welfare area you chose."),
                )
        if self.complete:
            messages = {
                "welfare_area": _("Choose the welfare area where you work."),
                "municipalities": _("Choose at least one municipality where you are active."),
                "categories": _("Choose at least one sector."),
                "description_fi": _("Write a description in Finnish."),
            }
            for name, message in messages.items():
                if name not in self.errors and not data.get(name):
                    self.add_error(name, ValidationError(message, code="required"))
        return data

    @classmethod
    def refreshed(cls, data, **kwargs) -> OrganisationForm:
        """An unbound form showing what was posted, with choices for the chosen area.

        Lets a person without JavaScript update the municipality list after choosing the
        welfare area, without saving and without error messages.
        """
        initial = dict(kwargs.pop("initial", None) or {})
        for name, field in cls.base_fields.items():
            if name == "logo" or name not in data:
                continue
            if isinstance(field.widget, forms.SelectMultiple):
                initial[name] = data.getlist(name)
            else:
                initial[name] = data.get(name)
        if "welfare_area" not in initial:
            initial["welfare_area"] = data.get("welfare_area", "")
        return cls(initial=initial, **kwargs)

    # Rendering helpers.

    # The "drop a pin" map after the coordinates (templates/_partials/pin_map.html).
    @property
    def map_tile_url(self) -> str:
        return settings.MAP_TILE_URL

    @property
    def map_attribution(self) -> str:
        return settings.MAP_TILE_ATTRIBUTION

    def fieldsets(self) -> list[tuple[str | Promise, list[forms.BoundField]]]:
        return [(legend, [self[name] for name in names]) for legend, names in FIELDSETS]

    def changes(self) -> dict:
        """The cleaned values as the service functions take them."""
        return {name: value for name, value in self.cleaned_data.items() if name != "version"}


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"), widget=forms.EmailInput(attrs={"autocomplete": "off"})
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=Membership.Role.choices,
        initial=Membership.Role.EDITOR,
        widget=forms.RadioSelect,
        help_text=_("Administrators can also invite and remove members."),
    )

    def __init__(self, *args, organisation: Organisation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if Membership.objects.filter(
            organisation=self.organisation, user__email__iexact=email
        ).exists():
            raise ValidationError(
                _("This person is already a member of the organisation."), code="member"
            )
        return email


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)


class AccessRequestForm(forms.ModelForm):
    class Meta:
        model = AccessRequest
        fields = ["message"]
        widgets = {"message": forms.Textarea(attrs={"rows": 3})}
        labels = {"message": _("Message to the organisation's administrators (optional)")}
        help_texts = {
            "message": _("For example your role in the association, so they recognise you.")
        }


class AccessDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "approve"), ("decline", "decline")])
