from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from areas.models import WelfareArea
from meetingplaces.models import Activity
from portal.lib.forms import ErrorLinksMixin, HoneypotMixin, honeypot_field

from .models import Channel, Consultation, Forum, Section

COMMENT_MAX = 5000


def _datetime_widget():
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class CommentForm(ErrorLinksMixin, HoneypotMixin, forms.Form):
    body = forms.CharField(
        label=_("Your comment"),
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Plain text. Links are shown as links."),
    )
    is_anonymous = forms.BooleanField(
        label=_("Show my comment without my name"),
        required=False,
        help_text=_("The moderators still know who wrote it."),
    )
    website = honeypot_field()

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        if not body:
            raise ValidationError(_("Write a comment first."))
        return body


class ReportForm(forms.Form):
    reason = forms.CharField(label=_("Why (optional)"), max_length=300, required=False)


class OfflineCommentForm(ErrorLinksMixin, forms.Form):
    section = forms.ModelChoiceField(label=_("Section"), queryset=Section.objects.none())
    channel = forms.ChoiceField(
        label=_("Received"),
        choices=[c for c in Channel.choices if c[0] != Channel.ONLINE],
    )
    received_on = forms.DateField(
        label=_("Received on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
        help_text=_("The day the paper, call or message came in."),
    )
    body = forms.CharField(
        label=_("Feedback"), max_length=COMMENT_MAX, widget=forms.Textarea(attrs={"rows": 5})
    )
    name = forms.CharField(
        label=_("Name (optional)"),
        max_length=100,
        required=False,
        help_text=_("Shown with the feedback only if the person agreed to it."),
    )
    show_name = forms.BooleanField(label=_("The person agreed to show their name"), required=False)
    contact = forms.CharField(
        label=_("Phone or address (optional)"),
        max_length=200,
        required=False,
        help_text=_("Seen by moderators only."),
    )
    email = forms.EmailField(
        label=_("E-mail for the summary (optional)"),
        required=False,
        help_text=_("The person is told when the summary is published."),
    )

    def __init__(self, *args, consultation: Consultation, **kwargs):
        super().__init__(*args, **kwargs)
        section = self.fields["section"]
        assert isinstance(section, forms.ModelChoiceField)
        section.queryset = consultation.sections.all()
        self.fields["received_on"].initial = timezone.localdate

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        if not body:
            raise ValidationError(_("Write the feedback first."))
        return body

    def clean_received_on(self):
        received_on = self.cleaned_data["received_on"]
        if received_on > timezone.localdate():
            raise ValidationError(_("The date cannot be in the future."))
        return received_on


class OfficialReplyForm(ErrorLinksMixin, forms.Form):
    text = forms.CharField(
        label=_("Official reply of the welfare area"),
        max_length=COMMENT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Shown under the comment. The commenter is told by e-mail the first time, if we "
            "have their address. Empty the field to remove the reply."
        ),
    )


class DocumentForm(ErrorLinksMixin, forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("The link text; for an image, also its description for screen readers."),
    )
    section = forms.ModelChoiceField(
        label=_("Section"),
        queryset=Section.objects.none(),
        required=False,
        empty_label=_("The whole consultation"),
    )
    file = forms.FileField(label=_("File"), help_text=_("A PDF, or an image (PNG or JPEG)."))

    def __init__(self, *args, consultation: Consultation, **kwargs):
        super().__init__(*args, **kwargs)
        section = self.fields["section"]
        assert isinstance(section, forms.ModelChoiceField)
        section.queryset = consultation.sections.all()

    def clean_file(self):
        from . import documents

        return documents.check_upload(self.cleaned_data["file"])


class HideForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason shown in place of the comment"), max_length=300, required=True
    )


class ForumForm(ErrorLinksMixin, forms.ModelForm):
    class Meta:
        model = Forum
        fields = [
            "welfare_area",
            "title_fi",
            "title_sv",
            "title_en",
            "description_fi",
            "description_sv",
            "description_en",
            "starts_at",
            "ends_at",
            "place",
            "online_url",
            "signup_open",
            "signup_info",
            "activity",
            "is_published",
        ]
        widgets = {"starts_at": _datetime_widget(), "ends_at": _datetime_widget()}

    def __init__(self, *args, area_ids: set[int], **kwargs):
        super().__init__(*args, **kwargs)
        area, activity = self.fields["welfare_area"], self.fields["activity"]
        assert isinstance(area, forms.ModelChoiceField)
        assert isinstance(activity, forms.ModelChoiceField)
        area.queryset = WelfareArea.objects.filter(pk__in=area_ids)
        area.label = _("Welfare area")
        activity.queryset = Activity.objects.filter(welfare_area__in=area_ids).order_by(
            "title_fi", "pk"
        )
        for name in ("starts_at", "ends_at"):
            moment = self.fields[name]
            assert isinstance(moment, forms.DateTimeField)
            moment.input_formats = ["%Y-%m-%dT%H:%M", "%d.%m.%Y %H:%M"]

    def clean(self):
        data = super().clean()
        if not data.get("place") and not data.get("online_url"):
            self.add_error("place", _("Give a place, an online meeting link, or both."))
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends < starts:
            self.add_error("ends_at", _("The end must be after the start."))
        return data


class ConsultationForm(ErrorLinksMixin, forms.ModelForm):
    class Meta:
        model = Consultation
        fields = [
            "title_fi",
            "title_sv",
            "title_en",
            "intro_fi",
            "intro_sv",
            "intro_en",
            "opens_at",
            "closes_at",
            "pre_moderation",
            "is_published",
        ]
        widgets = {"opens_at": _datetime_widget(), "closes_at": _datetime_widget()}

    moderator_emails = forms.CharField(
        label=_("Named moderators (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "E-mail addresses of portal accounts, one per line. Besides the area's "
            "coordinators, they may hide and restore comments. They need two-factor "
            "authentication."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("opens_at", "closes_at"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%d.%m.%Y %H:%M"]
        if self.instance.pk and not self.is_bound:
            self.initial["moderator_emails"] = "\n".join(
                self.instance.moderators.order_by("email").values_list("email", flat=True)
            )

    def clean_moderator_emails(self):
        from accounts.models import User

        addresses = [
            line.strip().lower()
            for line in self.cleaned_data["moderator_emails"].splitlines()
            if line.strip()
        ]
        users = list(User.objects.filter(email__in=addresses))
        unknown = sorted(set(addresses) - {user.email.lower() for user in users})
        if unknown:
            raise ValidationError(
                _("No account has this address: %(addresses)s"),
                params={"addresses": ", ".join(unknown)},
            )
        return users

    def save(self, commit=True):
        consultation = super().save(commit=commit)
        if commit:
            consultation.moderators.set(self.cleaned_data["moderator_emails"])
        return consultation

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("The closing time must be after the opening time."))
        return data


class SectionForm(ErrorLinksMixin, forms.ModelForm):
    class Meta:
        model = Section
        fields = ["order", "title_fi", "title_sv", "title_en", "body_fi", "body_sv", "body_en"]


class CloseForm(ErrorLinksMixin, forms.Form):
    """The "you said, we did" summary and its links (one per line: title | address)."""

    summary_fi = forms.CharField(
        label=_("Summary in Finnish: what you said and what we will do"),
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    summary_sv = forms.CharField(
        label=_("Summary in Swedish"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    summary_en = forms.CharField(
        label=_("Summary in English"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    decisions = forms.TypedMultipleChoiceField(
        label=_("Decisions of the bodies' published minutes"),
        required=False,
        coerce=int,
        help_text=_(
            "Decisions of this welfare area's bodies whose minutes are published. "
            "Hold Ctrl (or Cmd) to choose several."
        ),
        error_messages={
            "invalid_choice": _(
                "Choose only decisions of published minutes of this welfare area's bodies."
            )
        },
    )
    links = forms.CharField(
        label=_("Other links to decisions and minutes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line: title | address, for example: Minutes 12.9.2026 | https://…"),
    )

    def __init__(self, *args, decisions=(), **kwargs):
        """`decisions`: the PublishedDecisions of the consultation's area (bodies.decisions);
        only these can be chosen, grouped by body and meeting date."""
        super().__init__(*args, **kwargs)
        self.published = {d.item_id: d for d in decisions}
        groups: dict[str, list[tuple[int, str]]] = {}
        for d in decisions:
            local = timezone.localtime(d.meeting_date)
            group = f"{d.body_name} – {local.day}.{local.month}.{local.year}"
            text = f"{d.position}. {d.title}"
            if d.outcome_label:
                text += f" ({d.outcome_label})"
            groups.setdefault(group, []).append((d.item_id, text))
        self.fields["decisions"].choices = list(groups.items())
        if not decisions:
            self.fields["decisions"].help_text = _(
                "No decisions of this welfare area's bodies are published yet."
            )

    def clean_decisions(self):
        chosen = self.cleaned_data["decisions"]
        # The choices are the area's published decisions already; checked again here so that
        # the rule does not hang on the widget.
        if any(item_id not in self.published for item_id in chosen):
            raise ValidationError(self.fields["decisions"].error_messages["invalid_choice"])
        return [self.published[item_id] for item_id in dict.fromkeys(chosen)]

    def clean_links(self):
        from .services import LinkData

        result = []
        validate = URLValidator(schemes=["http", "https"])
        for number, line in enumerate(self.cleaned_data["links"].splitlines(), start=1):
            line = line.strip()
            if not line:
                continue
            title, bar, url = line.rpartition("|")
            title, url = title.strip(), url.strip()
            if not bar or not title:
                raise ValidationError(
                    _("Line %(number)s: write a title, a | and the address."),
                    params={"number": number},
                )
            try:
                validate(url)
            except ValidationError:
                raise ValidationError(
                    _("Line %(number)s: the address must start with https:// or http://."),
                    params={"number": number},
                ) from None
            result.append(LinkData(title=title[:200], url=url))
        return result
