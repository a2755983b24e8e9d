"""A model field's label, for pages that list fields by name."""

from __future__ import annotations

from django.db.models import Field, Model


def field_label(model: type[Model] | Model, name: str) -> str:
    """The verbose name of the model's field `name`; a relation's reverse side has none, so its
    name is shown."""
    field = model._meta.get_field(name)
    return str(field.verbose_name) if isinstance(field, Field) else name
