"""Guidance's forms. A contact request asks only what the other side needs to get in touch,
warns against health details, and is sent only with the person's consent."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from areas.models import Municipality
from portal.lib.forms import ErrorLinksMixin, PhoneField
from portal.lib.phone import normalise_phone
from taxonomy.models import Term

from .models import Handover

LANGUAGE_CHOICES = settings.LANGUAGES


class ShortlistForm(ErrorLinksMixin, forms.Form):
    note = forms.CharField(
        label=_("A note for the person"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Printed and shown with the list. Do not write who the person is or anything "
            "about their health."
        ),
    )
    language = forms.ChoiceField(label=_("The person's language"), choices=LANGUAGE_CHOICES)

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        if len(units) > 1:
            self.fields["unit"] = forms.TypedChoiceField(
                label=_("Your unit"), choices=list(units), coerce=int
            )


class SendForm(ErrorLinksMixin, forms.Form):
    channel = forms.ChoiceField(
        label=_("Send as"),
        choices=[
            (Handover.Channel.EMAIL, _("E-mail")),
            (Handover.Channel.SMS, pgettext_lazy("guidance", "Text message")),
        ],
        widget=forms.RadioSelect,
    )
    address = forms.CharField(
        label=_("E-mail address or phone number"),
        max_length=254,
        help_text=_("Used for this message only and not kept."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def clean(self):
        data = super().clean()
        channel, address = data.get("channel"), (data.get("address") or "").strip()
        if not channel or not address:
            return data
        try:
            if channel == Handover.Channel.EMAIL:
                validate_email(address)
            else:
                address = normalise_phone(address)
        except forms.ValidationError as error:
            self.add_error("address", error)
        data["address"] = address
        return data


class ContactRequestForm(ErrorLinksMixin, forms.Form):
    """The person's contact details for a warm hand-off, with their consent."""

    first_name = forms.CharField(label=_("First name or nickname"), max_length=60)
    phone = PhoneField(label=_("Phone number"), required=False, max_length=20)
    email = forms.EmailField(label=pgettext_lazy("guidance", "E-mail address"), required=False)
    language = forms.ChoiceField(label=_("Preferred language"), choices=LANGUAGE_CHOICES)
    message = forms.CharField(
        label=_("A short message"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "For example when the person is easiest to reach. Do not write anything about their "
            "health, diagnoses or life situation."
        ),
    )
    consent = forms.BooleanField(
        label=_(
            "The person agrees that these details are sent so that they can be contacted. The "
            "details are erased when the matter is closed, at the latest after 60 days."
        ),
        error_messages={"required": _("Send only with the person's consent.")},
    )

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("phone") and not data.get("email"):
            self.add_error("phone", _("Give a phone number or an e-mail address."))
        return data

    def request_data(self) -> dict:
        data = self.cleaned_data
        return {
            "first_name": data["first_name"].strip(),
            "phone": data.get("phone") or "",
            "email": data.get("email") or "",
            "language": data["language"],
            "message": data.get("message", "").strip(),
        }


class UnitFinderForm(forms.Form):
    """A person's municipality and the theme of what they need (the other direction)."""

    municipality = forms.ModelChoiceField(
        label=_("The person's municipality"), queryset=Municipality.objects.none()
    )
    theme = forms.ModelChoiceField(
        label=_("Theme"),
        queryset=Term.objects.filter(kind=Term.Kind.THEME),
        required=False,
        empty_label=_("Any theme"),
    )

    def __init__(self, *args, area_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        municipalities = Municipality.objects.order_by("name_fi")
        if area_ids:
            municipalities = municipalities.filter(welfare_area_id__in=area_ids)
        self.fields["municipality"].queryset = municipalities


class InviteForm(ErrorLinksMixin, forms.Form):
    email = forms.EmailField(label=_("Work e-mail address"))
    unit = forms.TypedChoiceField(label=pgettext_lazy("guidance", "Unit"), coerce=int)

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = list(units)


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=(), widget=forms.RadioSelect)

    def __init__(self, *args, **kwargs):
        from .models import RequestStatus

        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            (s.value, s.label) for s in RequestStatus if s != RequestStatus.NEW
        ]
