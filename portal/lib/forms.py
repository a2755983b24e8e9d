"""Form parts every app uses: the error summary's links, fieldsets, the widgets of a text in
every language, the upload size check, the honeypot and the phone field.

The error summary itself is templates/_partials/error_summary.html.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .phone import format_phone, normalise_phone
from .translation import language_codes


@dataclass(frozen=True)
class ErrorLink:
    """One line of the error summary: a link to the field's first input."""

    anchor: str
    label: str
    message: str


def error_links(forms_in_order: Iterable[forms.BaseForm | None]) -> list[ErrorLink]:
    """The lines of the error summary of one page's forms, in the order of the page: a form's
    `FIELDSETS` (legend, field names) first, then its other fields as declared (clean() adds
    its errors after the fields' own, so `form.errors` is in another order)."""
    links: list[ErrorLink] = []
    for form in forms_in_order:
        if form is None or not form.is_bound:
            continue
        order = [name for _legend, names in getattr(form, "FIELDSETS", []) for name in names]
        order += [name for name in form.fields if name not in order]
        for name in order:
            for message in form.errors.get(name, []):
                bound = form[name]
                anchor = bound.auto_id
                if bound.field.widget.use_fieldset:
                    anchor = f"{anchor}_0"  # a group of radios or checkboxes: its first input
                links.append(ErrorLink(anchor, str(bound.label), str(message)))
    return links


class ErrorLinksMixin:
    """`form.error_links` for the error summary of a page with one form."""

    def error_links(self) -> list[ErrorLink]:
        return error_links([self])  # type: ignore[list-item]


class FieldsetsMixin:
    """`form.fieldsets()`: the form's `FIELDSETS` (legend, field names) with their bound
    fields, for a template that writes a <fieldset> for each."""

    FIELDSETS: Sequence[tuple[Any, Sequence[str]]]

    def fieldsets(self) -> list[tuple[Any, list[forms.BoundField]]]:
        return [
            (legend, [self[name] for name in names])  # type: ignore[index]
            for legend, names in self.FIELDSETS
        ]


def fieldset_names(
    fieldsets: Sequence[tuple[Any, Sequence[str]]], *, besides: Collection[str] = ()
) -> list[str]:
    """A model form's `Meta.fields` from its `FIELDSETS`: the names in order, less the form's
    own fields (`besides`: map coordinates, checkbox groups) that the model does not save."""
    return [name for _legend, group in fieldsets for name in group if name not in besides]


def language_textareas(field: str, *, rows: int) -> dict[str, forms.Widget]:
    """A model form's `Meta.widgets` for a text written once per language (`<field>_fi`,
    `<field>_sv`, `<field>_en`): textareas of `rows` rows, each marked with its language."""
    return {
        f"{field}_{code}": forms.Textarea(attrs={"rows": rows, "lang": code})
        for code in language_codes()
    }


def check_upload_size(upload: Any, max_bytes: int, message: Any) -> None:
    """Raise `message` (it names the upload's size, `%(size)s` MB) as a ValidationError when the
    upload is larger than `max_bytes`."""
    if upload.size > max_bytes:
        raise ValidationError(
            message, code="too_large", params={"size": f"{upload.size / 1024 / 1024:.1f}"}
        )


def honeypot_field() -> forms.CharField:
    """A field hidden from people (the template hides it and aria-hidden); bots fill it in.
    Declare it as `website` and mix in `HoneypotMixin`."""
    return forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )


class HoneypotMixin:
    """`form.is_spam`: the honeypot (`website = honeypot_field()`) was filled in. The view then
    says nothing a bot could learn from and saves nothing."""

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get(self.add_prefix("website"), "").strip())  # type: ignore[attr-defined]


class PhoneField(forms.CharField):
    """A phone number shown as people write it ("040 123 4567") and cleaned to E.164."""

    def prepare_value(self, value):
        if isinstance(value, str) and value.startswith("+"):
            return format_phone(value)
        return value

    def to_python(self, value):
        # Field.has_changed compares this with the stored value, so "040 123 4567" over
        # "+358401234567" is no change.
        return normalise_phone(super().to_python(value) or "")


def model_choice_field(form: forms.BaseForm, name: str) -> forms.ModelChoiceField:
    """The form's field `name`, a ModelChoiceField (or ModelMultipleChoiceField), for a form
    that sets its queryset when it is made."""
    field = form.fields[name]
    if not isinstance(field, forms.ModelChoiceField):
        raise TypeError(f"{name} is a {type(field).__name__}, not a ModelChoiceField")
    return field


def choice_field(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    """The form's field `name`, a ChoiceField, for a form that sets its choices when it is
    made."""
    field = form.fields[name]
    if not isinstance(field, forms.ChoiceField):
        raise TypeError(f"{name} is a {type(field).__name__}, not a ChoiceField")
    return field
