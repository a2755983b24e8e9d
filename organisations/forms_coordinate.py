"""Forms of the coordinators' curation pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from areas.models import WelfareArea

from .forms import OrganisationForm


class RequestChangesForm(forms.Form):
    message = forms.CharField(
        label=_("What should the organisation change?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Sent to the organisation's administrators by email."),
        error_messages={"required": _("Write what the organisation should change.")},
    )


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for rejecting"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The organisation is archived. The reason is sent to its administrators."),
        error_messages={"required": _("Write the reason for rejecting.")},
    )


class ArchiveForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for archiving"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write the reason for archiving.")},
    )


class CoordinatorOrganisationForm(OrganisationForm):
    """The members' profile form; a coordinator may only choose among their own areas."""

    def __init__(self, *args, area_ids: set[int], **kwargs) -> None:
        super().__init__(*args, complete=True, **kwargs)
        field = self.fields["welfare_area"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = WelfareArea.objects.filter(pk__in=area_ids).order_by("name_fi")
        self.fields["welfare_area"].required = True


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or XLSX file"),
        help_text=_("At most 5 MB and 5,000 rows. The first row names the columns."),
        error_messages={
            "empty": _("The file is empty."),
            "required": _("Choose the file to import."),
        },
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".csv,.xlsx,text/csv,"
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )
    welfare_area = forms.ModelChoiceField(
        label=_("Welfare area of the organisations"), queryset=WelfareArea.objects.none()
    )

    def __init__(self, *args, area_ids: set[int], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        areas = WelfareArea.objects.filter(pk__in=area_ids).order_by("name_fi")
        field = self.fields["welfare_area"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = areas
        self.only_area = areas.first() if len(area_ids) == 1 else None
        if self.only_area is not None:
            # One area: nothing to choose.
            del self.fields["welfare_area"]

    def chosen_area(self) -> WelfareArea:
        return self.only_area or self.cleaned_data["welfare_area"]
