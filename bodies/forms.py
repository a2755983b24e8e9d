from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from areas.models import WelfareArea
from organisations.models import Organisation, Status
from portal.lib.forms import ErrorLinksMixin, choice_field, model_choice_field
from taxonomy.models import Network

from . import attachments
from .access import current_members_q
from .models import ActionItem, ActionStatus, AgendaItem, Body, BodyMember, Meeting


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class BodyForm(ErrorLinksMixin, forms.ModelForm):
    class Meta:
        model = Body
        fields = [
            "welfare_area", "kind", "network", "name_fi", "name_sv", "name_en", "slug",
            "description_fi", "description_sv", "description_en",
        ]  # fmt: skip

    def __init__(self, *args, area_ids: set[int], **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field(self, "welfare_area").queryset = WelfareArea.objects.filter(
            pk__in=area_ids
        )
        model_choice_field(self, "network").queryset = Network.objects.filter(
            welfare_area__in=area_ids
        )
        if self.instance.pk:
            self.fields["welfare_area"].disabled = True

    def clean(self):
        data = super().clean()
        network, area = data.get("network"), data.get("welfare_area")
        if network and area and network.welfare_area_id != area.pk:
            self.add_error("network", _("The network belongs to another welfare area."))
        return data


class MemberForm(ErrorLinksMixin, forms.ModelForm):
    account_email = forms.EmailField(
        label=_("E-mail address of the member's account"),
        required=False,
        help_text=_(
            "Members with an account can read drafts, comment and (as chair or secretary) "
            "approve or draft minutes."
        ),
    )

    class Meta:
        model = BodyMember
        fields = ["name", "email", "organisation", "role", "term_start", "term_end"]
        widgets = {"term_start": DateInput(), "term_end": DateInput()}
        help_texts = {
            "email": _(
                "For a member without an account: agendas, minutes and actions are e-mailed "
                "here. A member with an account is e-mailed at the account's address."
            )
        }

    def __init__(self, *args, body: Body, **kwargs):
        super().__init__(*args, **kwargs)
        self.body = body
        model_choice_field(self, "organisation").queryset = Organisation.objects.filter(
            welfare_area=body.welfare_area_id, status=Status.PUBLISHED
        ).order_by("name")
        if self.instance.user_id:
            self.fields["account_email"].initial = self.instance.user.email

    def clean_account_email(self):
        email = self.cleaned_data["account_email"].strip()
        if not email:
            self.instance.user = None
            return ""
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            raise ValidationError(_("No account has this e-mail address."))
        self.instance.user = user
        return email

    def clean(self):
        data = super().clean()
        start, end = data.get("term_start"), data.get("term_end")
        if start and end and end < start:
            self.add_error("term_end", _("The term cannot end before it starts."))
        return data


class MeetingForm(ErrorLinksMixin, forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["starts_at", "ends_at", "place", "online_url"]
        widgets = {"starts_at": DateTimeInput(), "ends_at": DateTimeInput()}

    def clean(self):
        data = super().clean()
        start, end = data.get("starts_at"), data.get("ends_at")
        if start and end and end < start:
            self.add_error("ends_at", _("The meeting cannot end before it starts."))
        if not data.get("place") and not data.get("online_url") and not self.errors:
            self.add_error("place", _("Give a place or an online meeting link."))
        return data


class AgendaItemForm(ErrorLinksMixin, forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["position", "title", "presenter", "background", "proposed_decision"]


class MinutesItemForm(ErrorLinksMixin, forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["discussion", "decision", "outcome"]


def _attachment_input() -> forms.ClearableFileInput:
    return forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.odt,.xlsx,application/pdf"})


class AttachmentForm(ErrorLinksMixin, forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_("What the attachment is, as the pages show it. Empty: the file name."),
    )
    file = forms.FileField(
        label=_("Attachment"),
        help_text=_("PDF, DOCX, ODT or XLSX, at most 10 MB."),
        widget=_attachment_input(),
    )

    def clean_file(self):
        return attachments.check_upload(self.cleaned_data["file"])


class AttachmentEditForm(AttachmentForm):
    """The title, and a new file only if one is given."""

    file = forms.FileField(
        label=_("Replace the file"),
        required=False,
        help_text=_("PDF, DOCX, ODT or XLSX, at most 10 MB. Leave empty to keep the file."),
        widget=_attachment_input(),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        return attachments.check_upload(upload) if upload else None


class AttendanceForm(ErrorLinksMixin, forms.Form):
    attendees = forms.ModelMultipleChoiceField(
        label=_("Present"),
        queryset=BodyMember.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    checkers = forms.ModelMultipleChoiceField(
        label=_("Minutes checkers"),
        queryset=BodyMember.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Members who attended and confirm the minutes in the portal before the chair "
            "approves them."
        ),
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        day = timezone.localtime(meeting.starts_at).date()
        members = BodyMember.objects.filter(current_members_q(day), body=meeting.body).order_by(
            "role", "name"
        )
        model_choice_field(self, "attendees").queryset = members
        model_choice_field(self, "checkers").queryset = members

    def clean(self):
        data = super().clean()
        present = set(data.get("attendees") or [])
        if any(checker not in present for checker in data.get("checkers") or []):
            self.add_error("checkers", _("A minutes checker must have attended the meeting."))
        return data


class SubmitForm(ErrorLinksMixin, forms.Form):
    review_days = forms.IntegerField(
        label=_("Days for the attending members' comments"),
        min_value=1,
        max_value=30,
        initial=7,
    )
    note = forms.CharField(
        label=_("What the correction changes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed for a correction of published minutes: shown with the new version."),
    )


class CommentForm(ErrorLinksMixin, forms.Form):
    item = forms.ModelChoiceField(
        label=_("Agenda item"),
        queryset=AgendaItem.objects.none(),
        required=False,
        empty_label=_("The minutes as a whole"),
    )
    text = forms.CharField(label=_("Comment"), max_length=5000, widget=forms.Textarea)

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field(self, "item").queryset = meeting.items.all()


class ActionForm(ErrorLinksMixin, forms.ModelForm):
    class Meta:
        model = ActionItem
        fields = ["title", "owner_member", "owner_organisation", "due_date"]
        widgets = {"due_date": DateInput()}

    def __init__(self, *args, body: Body, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field(self, "owner_member").queryset = BodyMember.objects.filter(
            current_members_q(), body=body
        ).order_by("name")
        model_choice_field(self, "owner_organisation").queryset = Organisation.objects.filter(
            welfare_area=body.welfare_area_id, status=Status.PUBLISHED
        ).order_by("name")

    def clean(self):
        data = super().clean()
        member, organisation = data.get("owner_member"), data.get("owner_organisation")
        if bool(member) == bool(organisation) and not self.errors:
            self.add_error(
                "owner_member", _("Choose one owner: a member or an organisation, not both.")
            )
        return data


class ActionStatusForm(ErrorLinksMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)


class ArchiveForm(forms.Form):
    KIND_CHOICES = [
        ("body_decision", _("Decisions")),
        ("body_minutes", _("Minutes")),
        ("body_agenda_item", _("Agenda items")),
    ]
    q = forms.CharField(label=_("Search words"), required=False, max_length=200)
    body = forms.TypedMultipleChoiceField(
        label=_("Body"), required=False, coerce=int, widget=forms.CheckboxSelectMultiple
    )
    year = forms.TypedMultipleChoiceField(
        label=_("Year"), required=False, coerce=int, widget=forms.CheckboxSelectMultiple
    )
    kind = forms.MultipleChoiceField(
        label=_("What to search"),
        required=False,
        choices=KIND_CHOICES,
        widget=forms.CheckboxSelectMultiple,
    )
    page = forms.IntegerField(required=False, min_value=1, max_value=50, widget=forms.HiddenInput)

    def __init__(self, *args, bodies: list[Body], years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        choice_field(self, "body").choices = [(b.pk, b.name) for b in bodies]
        choice_field(self, "year").choices = [(y, str(y)) for y in years]
