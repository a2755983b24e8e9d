"""GET parameters of the public directory, parsed and validated with django-filter.

The view asks the FilterSet for a `search.DirectoryQuery` (to_query); `.qs` filters the same
way for anyone who needs the plain filtered set (AND across facets, OR within a facet).
Invalid values are dropped rather than answered with an error: shared links keep working.
"""

from __future__ import annotations

import functools
import re

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import search
from .models import Category, Organisation, ServiceLanguage

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


class ValueListFilter(django_filters.Filter):
    field_class = ValueListField


class DirectoryForm(forms.Form):
    page = forms.IntegerField(min_value=1, max_value=10_000, required=False)


class DirectoryFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", max_length=200, label=_("Search"))
    area = ValueListFilter(method="filter_facet", label=_("Welfare area"))
    category = django_filters.MultipleChoiceFilter(
        choices=Category.choices, method="filter_facet", label=_("Sector")
    )
    target_group = ValueListFilter(method="filter_facet", label=_("Target group"))
    municipality = ValueListFilter(
        method="filter_facet", label=_("Municipality"), pattern=MUNICIPALITY_CODE_RE
    )
    language = django_filters.MultipleChoiceFilter(
        choices=ServiceLanguage.choices, method="filter_facet", label=_("Language")
    )
    services = django_filters.MultipleChoiceFilter(
        choices=[("yes", _("Yes")), ("no", _("No"))],
        method="filter_facet",
        label=_("Social or health services"),
    )
    network = ValueListFilter(method="filter_facet", label=_("Network"))

    class Meta:
        model = Organisation
        fields: list[str] = []
        form = DirectoryForm

    def filter_q(self, queryset, name, value):
        return search.search(queryset, value)

    def filter_facet(self, queryset, name, value):
        return search.apply_facets(queryset, search.DirectoryQuery(selected={name: list(value)}))

    def to_query(self) -> search.DirectoryQuery:
        """The valid part of the request; invalid parameters are ignored."""
        return self.query_from(self.data)

    @classmethod
    @functools.cache
    def _clean_fields(cls) -> dict[str, forms.Field]:
        """The form's fields, built once: the directory's page cleans the parameters with them
        directly instead of constructing a FilterSet and its form (deep copies of every field)
        per request. The result is the same as the form's cleaned_data."""
        fields = {name: filter_.field for name, filter_ in cls.base_filters.items()}
        fields.update(cls._meta.form.base_fields)
        return fields

    @classmethod
    def query_from(cls, data) -> search.DirectoryQuery:
        """The valid part of the GET parameters `data`, as the form would clean them."""
        cleaned = {}
        for name, field in cls._clean_fields().items():
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
