"""Template helpers of the public directory."""

from django import template

from ..models import Category, Role, ServiceKind, ServiceLanguage

register = template.Library()

CHOICES = {
    "category": Category,
    "role": Role,
    "language": ServiceLanguage,
    "service_kind": ServiceKind,
}


@register.filter
def choice_labels(values, kind: str) -> list[str]:
    """The display labels of stored choice values: {{ org.categories|choice_labels:"category" }}."""
    choices = dict(CHOICES[kind].choices)
    return [str(choices[value]) for value in values or [] if value in choices]
