"""Forms of the coordinators' curation pages."""

from __future__ import annotations

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from areas.models import WelfareArea

from .forms import OrganisationForm
from .models import Category, Organisation, Status


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
        self.fields["welfare_area"].queryset = WelfareArea.objects.filter(pk__in=area_ids).order_by(
            "name_fi"
        )
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
        self.fields["welfare_area"].queryset = areas
        self.only_area = areas.first() if len(area_ids) == 1 else None
        if self.only_area is not None:
            # One area: nothing to choose.
            del self.fields["welfare_area"]

    def chosen_area(self) -> WelfareArea:
        return self.only_area or self.cleaned_data["welfare_area"]


class DirectoryFilterForm(forms.Form):
    """Filters of the coordinator's list of organisations and of the CSV export."""

    q = forms.CharField(label=_("Name contains"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *Status.choices]
    )
    category = forms.ChoiceField(
        label=_("Sector"), required=False, choices=[("", _("All")), *Category.choices]
    )

    def filter(self, organisations: QuerySet[Organisation]) -> QuerySet[Organisation]:
        if not self.is_valid():
            return organisations
        data = self.cleaned_data
        organisations = organisations.filter(merged_into__isnull=True)
        if data["q"]:
            organisations = organisations.filter(
                Q(name__icontains=data["q"]) | Q(display_name__icontains=data["q"])
            )
        if data["status"]:
            organisations = organisations.filter(status=data["status"])
        if data["category"]:
            organisations = organisations.filter(categories__contains=[data["category"]])
        return organisations
