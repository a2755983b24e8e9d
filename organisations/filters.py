"""GET parameters of the public directory, parsed and validated into a search.DirectoryQuery.

A plain form: the search itself runs on the shared search entries (organisations/search.py), not
on a queryset, so there is nothing for a FilterSet to filter. Invalid values are dropped one
parameter at a time rather than answered with an error: shared links keep working.
"""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import search
from .models import Category, ServiceLanguage

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
