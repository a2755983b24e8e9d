"""Plain text from people, shown safely: escaped, paragraphs kept, web addresses as links.

No HTML from a comment, section, summary or offline entry ever reaches the page as markup:
`urlize` escapes the text and links only http(s)/www addresses (no javascript: or data: link);
the links say rel="nofollow ugc noopener" (user content, no referrer power, no opener).
"""

from __future__ import annotations

import re

from django import template
from django.utils.html import escape, linebreaks, urlize
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

_REL = ' rel="nofollow"'
_SAFE_REL = ' rel="nofollow ugc noopener"'


# Text without anything urlize would link (what its patterns look for: a scheme, www., an @, or
# one of the top-level domains it links bare) is only escaped: urlize looks at every word, the
# slow part of a page with many comments.
_LINKABLE = re.compile(r"https?://|www\.|@|\.(?:com|edu|gov|int|mil|net|org)\b", re.IGNORECASE)


def render_plain_text(value: str) -> SafeString:
    text = str(value or "")
    if _LINKABLE.search(text):
        # autoescape=True: every character of the input is escaped except the links urlize
        # builds, so the rel attribute replaced below can only be one urlize wrote (a typed one
        # is escaped).
        linked = urlize(text, nofollow=True, autoescape=True)
        linked = linked.replace(_REL, _SAFE_REL)
    else:
        linked = escape(text)
    return mark_safe(linebreaks(linked, autoescape=False))  # noqa: S308 - escaped above


@register.filter(is_safe=False)
def plain_text(value: str) -> SafeString:
    """{{ comment.body|plain_text }}"""
    return render_plain_text(value)
