"""`{{ value|isolate }}`: user text in its own <bdi>, so a right-to-left name cannot reorder the
words around it (WCAG, and names that imitate another). Works inside blocktranslate's `with`,
keeping the message ids unchanged: {% blocktranslate with name=organisation.public_name|isolate %}.
Not for <title> or attributes, which take no markup."""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.filter
def isolate(value) -> str:
    if value is None or value == "":
        return ""
    return format_html("<bdi>{}</bdi>", value)
