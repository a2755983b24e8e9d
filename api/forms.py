"""The coordinators' forms of data sources and keys."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from areas.models import WelfareArea

from .models import DataSource


class DataSourceForm(forms.ModelForm):
    class Meta:
        model = DataSource
        fields = ["name", "slug", "contact", "welfare_area"]
        help_texts = {
            "slug": _(
                "Letters, digits and hyphens; the data source's part of the write addresses, "
                "for example seudun-yhdistystori. Empty: made from the name."
            ),
        }

    def __init__(self, *args, area_ids: set[int], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.label_suffix = ""
        self.fields["slug"].required = False
        areas = self.fields["welfare_area"]
        assert isinstance(areas, forms.ModelChoiceField)
        areas.queryset = WelfareArea.objects.filter(pk__in=area_ids).order_by("name_fi")
        if len(area_ids) == 1:
            self.initial.setdefault("welfare_area", next(iter(area_ids)))

    def clean_slug(self) -> str:
        slug = self.cleaned_data.get("slug", "")
        if slug and DataSource.objects.filter(slug=slug).exists():
            raise forms.ValidationError(_("Another data source has this identifier."))
        return slug


class KeyForm(forms.Form):
    expires_on = forms.DateField(
        label=_("Valid until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Optional. Empty: valid until revoked."),
    )
