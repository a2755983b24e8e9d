"""A sign-up's free-text name on one plain line (the form and the service both clean it).

Newlines, carriage returns, tabs and other control characters, and the line and paragraph
separators, become spaces; bidirectional controls go (they can make a name read as another,
organisations/validators.py); runs of white space become one space. What is left is text that
pages escape as any other; messages to an address nobody has confirmed do not echo it at all
(texts.message_context), so the form cannot be used to mail someone a text of one's own.
"""

from __future__ import annotations

import unicodedata

from organisations.validators import strip_bidi_controls

MAX_LENGTH = 100


def clean_name(value: str) -> str:
    line = "".join(
        " " if unicodedata.category(char) in ("Cc", "Zl", "Zp") else char
        for char in strip_bidi_controls(value or "")
    )
    return " ".join(line.split())[:MAX_LENGTH]
