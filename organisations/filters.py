"""The GET parameters of the organisations' list pages.

The public directory's are parsed and validated into a search.DirectoryQuery by a plain form:
the search itself runs on the shared search entries (organisations/search.py), not on a
queryset, so there is nothing for a FilterSet to filter. Invalid values are dropped one
parameter at a time rather than answered with an error: shared links keep working.

The coordinators' list of organisations and its CSV export filter a queryset through a
django-filter FilterSet, `OrganisationFilter`: `?q=` keeps the organisations whose name or
display name contains the text, `?status=` one status and `?category=` one sector. A wrong value
(an unknown status or sector, a text over 100 characters) is an error shown next to its field
(a coordinator typed or chose it); the other filters still apply. The views give the filters
the area's organisations that are not merged into another, so the merged ones stay out whether
the filters are empty, given or wrong.
"""

from __future__ import annotations

import re

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from . import search
from .models import Category, Organisation, ServiceLanguage, Status

SLUG_RE = re.compile(r"^[-a-zA-Z0-9_]{1,80}$")
MUNICIPALITY_CODE_RE = re.compile(r"^[0-9]{3}$")


class ValueListField(forms.Field):
    """Repeated GET parameters (?network=a&network=b) as a list of strings of one shape."""

    widget = forms.MultipleHiddenInput

    def __init__(self, *, pattern: re.Pattern[str] = SLUG_RE, max_values: int = 50, **kwargs):
        self.pattern = pattern
        self.max_values = max_values
        super().__init__(**kwargs)

    def to_python(self, value) -> list[str]:
        if not value:
            return []
        if isinstance(value, str):
            value = [value]
        values = list(dict.fromkeys(str(v).strip() for v in value if str(v).strip()))
        if len(values) > self.max_values:
            raise ValidationError(_("Too many values."), code="too_many")
        for v in values:
            if not self.pattern.match(v):
                raise ValidationError(_("Invalid value."), code="invalid")
        return values


class DirectoryForm(forms.Form):
    q = forms.CharField(max_length=200, required=False, label=_("Search"))
    area = ValueListField(required=False, label=_("Welfare area"))
    category = forms.MultipleChoiceField(
        choices=Category.choices, required=False, label=_("Sector")
    )
    target_group = ValueListField(required=False, label=_("Target group"))
    municipality = ValueListField(
        required=False, label=_("Municipality"), pattern=MUNICIPALITY_CODE_RE
    )
    language = forms.MultipleChoiceField(
        choices=ServiceLanguage.choices, required=False, label=_("Language")
    )
    services = forms.MultipleChoiceField(
        choices=[("yes", _("Yes")), ("no", _("No"))],
        required=False,
        label=_("Social or health services"),
    )
    network = ValueListField(required=False, label=_("Network"))
    page = forms.IntegerField(min_value=1, max_value=10_000, required=False)


def directory_query(data) -> search.DirectoryQuery:
    """The valid part of the GET parameters `data`, field by field.

    The form's class-level fields clean the values directly (cleaning does not change a field),
    so no form instance with deep copies of every field is built per request."""
    cleaned = {}
    for name, field in DirectoryForm.base_fields.items():
        try:
            cleaned[name] = field.clean(field.widget.value_from_datadict(data, {}, name))
        except ValidationError:
            continue
    selected = {
        param: list(cleaned[param]) for param in search.FACET_PREFIXES if cleaned.get(param)
    }
    return search.DirectoryQuery(
        q=(cleaned.get("q") or "").strip(), selected=selected, page=cleaned.get("page") or 1
    )


class OrganisationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name contains"), method="filter_q", max_length=100)
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Status.choices, empty_label=_("All")
    )
    category = django_filters.ChoiceFilter(
        label=_("Sector"), choices=Category.choices, empty_label=_("All"), method="filter_category"
    )

    class Meta:
        model = Organisation
        fields: list[str] = []

    def filter_q(
        self, queryset: QuerySet[Organisation], name: str, value: str
    ) -> QuerySet[Organisation]:
        return queryset.filter(Q(name__icontains=value) | Q(display_name__icontains=value))

    def filter_category(
        self, queryset: QuerySet[Organisation], name: str, value: str
    ) -> QuerySet[Organisation]:
        return queryset.filter(categories__contains=[value])
