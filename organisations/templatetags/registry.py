"""Template helpers of the registry's own pages (members' and coordinators')."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from ..validators import format_phone

register = template.Library()


@register.filter
def phone(value: str) -> str:
    """A stored E.164 number as people write it: {{ organisation.phone|phone }} → 040 123 4567."""
    return format_phone(value) if value else ""


@register.filter
def bdi(value) -> SafeString:
    """User-given text isolated from the text around it, so that right-to-left or control
    characters in a name cannot make it look like another: {{ organisation.name|bdi }}. Works
    inside {% blocktranslate with name=organisation.name|bdi %} too (the value is escaped)."""
    return format_html("<bdi>{}</bdi>", value)


@register.filter
def isolate(value) -> str:
    """The same for text where no markup is allowed (the page title): Unicode's first-strong
    isolate and pop directional isolate characters around the value."""
    return f"\u2068{value}\u2069"
