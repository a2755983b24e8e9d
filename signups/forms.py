"""Forms of sign-ups: the sign-up itself, an organiser's message and reminder times."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from portal.lib.forms import ErrorLinksMixin, HoneypotMixin, honeypot_field
from portal.lib.phone import normalise_phone

from .limits import anonymous_series_dates
from .models import LEAD_CHOICES
from .names import clean_name


class SignupForm(ErrorLinksMixin, HoneypotMixin, forms.Form):
    name = forms.CharField(
        label=_("Name or nickname"),
        max_length=100,
        help_text=_("What the organisers may call you. A first name or a nickname is enough."),
    )
    email = forms.EmailField(
        label=_("Email"),
        required=False,
        help_text=_("We send the confirmation link, reminders and any changes here."),
    )
    phone = forms.CharField(
        label=_("Or a mobile phone number"),
        required=False,
        max_length=30,
        help_text=_("If you have no email: we send the messages as text messages."),
    )
    whole_series = forms.BooleanField(label=_("Sign me up for every coming date"), required=False)
    show_name = forms.BooleanField(
        label=_("The organisers may see my name"),
        required=False,
        help_text=_("Otherwise they see only how many have signed up."),
    )
    share_contact = forms.BooleanField(
        label=_("The organisers may see my contact details"),
        required=False,
        help_text=_(
            "Your email address or phone number, so that they can reach you about this "
            "activity themselves."
        ),
    )
    reminders_on = forms.BooleanField(
        label=_("Send me reminders before the meeting"), required=False, initial=True
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that my sign-up is stored and shown to the organisers as described in the "
            "privacy notice. I can withdraw my consent at any time; that cancels the sign-up."
        ),
        required=True,
        error_messages={"required": _("Signing up for this group needs your consent.")},
    )
    website = honeypot_field()

    def __init__(self, *args, activity, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.signed_in = bool(user and user.is_authenticated)
        if self.signed_in:
            for name in ("name", "email", "phone"):
                del self.fields[name]
        if not activity.is_recurring:
            del self.fields["whole_series"]
        elif not self.signed_in:
            count = anonymous_series_dates()
            self.fields["whole_series"].label = _("Sign me up for the coming dates")
            self.fields["whole_series"].help_text = ngettext_lazy(
                "Without an account this signs you up for the next date only. "
                "Log in to sign up for every coming date.",
                "Without an account this signs you up for the next %(count)d dates. "
                "Log in to sign up for every coming date.",
                count,
            ) % {"count": count}
        if not activity.is_sensitive:
            del self.fields["consent"]

    def visible_fields(self):
        return [field for field in super().visible_fields() if field.name != "website"]

    def clean_name(self) -> str:
        name = clean_name(self.cleaned_data.get("name", ""))
        if not name and "name" in self.fields and self.fields["name"].required:
            raise ValidationError(self.fields["name"].error_messages["required"], "required")
        return name

    def clean_phone(self) -> str:
        return normalise_phone(self.cleaned_data.get("phone", ""))

    def clean(self):
        data = super().clean()
        missing = not self.signed_in and not data.get("email") and not data.get("phone")
        if missing and "email" not in self.errors and "phone" not in self.errors:
            self.add_error("email", ValidationError(_("Give an email address or a phone number.")))
        return data


class MessageForm(ErrorLinksMixin, forms.Form):
    text = forms.CharField(
        label=_("Message to everyone signed up"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For example: we meet in room 2 this time. Sent by email or text message."),
    )


class ReminderSettingsForm(ErrorLinksMixin, forms.Form):
    leads = forms.MultipleChoiceField(
        label=_("When are reminders sent?"),
        choices=LEAD_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Times are Finnish time. Leave all unticked to send no reminders."),
    )


class NoticeForm(ErrorLinksMixin, forms.Form):
    """An organiser's choice of e-mails about one activity's sign-ups (signups/notices.py)."""

    on_signup = forms.BooleanField(label=_("Someone signs up"), required=False)
    on_cancel = forms.BooleanField(label=_("Someone cancels their sign-up"), required=False)
    on_full = forms.BooleanField(label=_("Every place of a date is taken"), required=False)
    mode = forms.ChoiceField(
        label=_("How do you want to be told?"),
        choices=[
            ("each", _("At once, one e-mail each time")),
            ("daily", _("A daily summary in the morning")),
        ],
        initial="each",
        widget=forms.RadioSelect,
    )
