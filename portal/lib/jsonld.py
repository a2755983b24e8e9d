"""schema.org JSON-LD for a <script type="application/ld+json" nonce="…"> element."""

from __future__ import annotations

import json

from django.utils.safestring import SafeString, mark_safe

# What django.utils.html.json_script escapes: nothing in the text can end the <script> element.
_ESCAPES = {ord("&"): "\\u0026", ord("<"): "\\u003C", ord(">"): "\\u003E"}


def json_ld(data: object) -> SafeString:
    """`data` as JSON, escaped as json_script escapes it (json_script itself writes a <script>
    element without the CSP nonce)."""
    text = json.dumps(data, ensure_ascii=False, indent=1, default=str)
    return mark_safe(text.translate(_ESCAPES))  # noqa: S308 (escaped above, like json_script)
