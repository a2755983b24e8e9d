"""Template helpers of the registry's own pages (members' and coordinators')."""

from __future__ import annotations

from django import template

from ..validators import format_phone

register = template.Library()


@register.filter
def phone(value: str) -> str:
    """A stored E.164 number as people write it: {{ organisation.phone|phone }} → 040 123 4567."""
    return format_phone(value) if value else ""
