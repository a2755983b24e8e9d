"""User text isolated from the text around it, so right-to-left or control characters in a name
cannot reorder the words around it or make it look like another name (WCAG 1.3.2).

- `{{ value|bdi }}`: in its own <bdi> element. Works inside blocktranslate's `with`, keeping the
  message ids unchanged: {% blocktranslate with name=organisation.public_name|bdi %}.
- `{{ value|isolate }}`: for text that takes no markup (the page <title>, attributes, flash
  messages): Unicode's first-strong isolate and pop directional isolate around the value.
"""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()

FIRST_STRONG_ISOLATE = "\u2068"
POP_DIRECTIONAL_ISOLATE = "\u2069"


@register.filter
def bdi(value) -> SafeString | str:
    if value is None or value == "":
        return ""
    return format_html("<bdi>{}</bdi>", value)


@register.filter
def isolate(value) -> str:
    if value is None or value == "":
        return ""
    return f"{FIRST_STRONG_ISOLATE}{value}{POP_DIRECTIONAL_ISOLATE}"
