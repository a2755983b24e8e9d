"""One msgid, one meaning: words that mean different things in different places carry a
translation context everywhere (`pgettext` / `{% translate "..." context "..." %}`).

"Sign up" is "create an account" in the header and "sign up for this meeting" on a forum's page;
"Number" is a count on the coordinator's dashboard and a comment's number in the forum export.
Without a context one Finnish translation served both ("Luo tili" above a forum's sign-up,
"Määrä" above the comment numbers). Add a word here when a second meaning turns up.

Times: one format per language everywhere (portal/formats: "13.00" in Finnish and Swedish),
never a format written into a template.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import pgettext

BASE = Path(settings.BASE_DIR)
SOURCE_DIRS = [
    "accounts",
    "areas",
    "bodies",
    "forums",
    "meetingplaces",
    "notifications",
    "organisations",
    "portal",
    "search",
    "signups",
    "taxonomy",
    "templates",
]

# msgid -> context -> (Finnish, Swedish)
AMBIGUOUS = {
    "Sign up": {
        "account": ("Luo tili", "Skapa konto"),
        "forum meeting": ("Ilmoittaudu", "Anmäl dig"),
    },
    "Number": {
        "count": ("Määrä", "Antal"),
        "comment number": ("Numero", "Nummer"),
    },
}


def uses_without_context(text: str, msgid: str) -> list[str]:
    """The places in `text` (a template or Python source) that translate `msgid` without a
    context."""
    quoted = r"""(["'])""" + re.escape(msgid) + r"\1"
    found = []
    for match in re.finditer(r"\{%\s*(?:translate|trans)\s+" + quoted + r"([^%]*)%\}", text):
        if not re.search(r"\bcontext\b", match.group(2)):
            found.append(match.group(0))
    block = r"\{%\s*blocktrans(?:late)?\b([^%]*)%\}" + re.escape(msgid) + r"\{%\s*endblocktrans"
    for match in re.finditer(block, text):
        if not re.search(r"\bcontext\b", match.group(1)):
            found.append(match.group(0))
    python = r"\b(?:_|gettext|gettext_lazy|gettext_noop|ngettext|ngettext_lazy)\(\s*" + quoted
    found += [match.group(0) for match in re.finditer(python, text)]
    return found


def source_files():
    for directory in SOURCE_DIRS:
        for path in (BASE / directory).rglob("*"):
            if path.suffix in {".py", ".html", ".txt"} and "migrations" not in path.parts:
                yield path


def test_the_check_finds_a_use_without_context():
    assert uses_without_context('{% translate "Sign up" %}', "Sign up")
    assert uses_without_context("{% trans 'Sign up' as label %}", "Sign up")
    assert uses_without_context("{% blocktranslate %}Number{% endblocktranslate %}", "Number")
    assert uses_without_context('header = [_("Number")]', "Number")
    assert not uses_without_context('{% translate "Sign up" context "account" %}', "Sign up")
    assert not uses_without_context('pgettext("count", "Number")', "Number")
    assert not uses_without_context('_("Sign up for the forum")', "Sign up")


def test_ambiguous_words_always_carry_a_context():
    misuses = []
    for path in source_files():
        text = path.read_text(encoding="utf-8", errors="replace")
        for msgid in AMBIGUOUS:
            misuses += [
                f"{path.relative_to(BASE)}: {use}" for use in uses_without_context(text, msgid)
            ]
    assert not misuses, "give these a context (pgettext):\n" + "\n".join(misuses)


@pytest.mark.parametrize("msgid", list(AMBIGUOUS))
def test_each_meaning_has_its_own_translation(msgid):
    for context, (finnish, swedish) in AMBIGUOUS[msgid].items():
        for language, expected in (("fi", finnish), ("sv", swedish)):
            with translation.override(language):
                assert pgettext(context, msgid) == expected, (msgid, context, language)


def test_templates_never_write_another_time_format():
    """A template's time is TIME_FORMAT / SHORT_DATETIME_FORMAT (portal/formats: "9.05" in
    Finnish and Swedish, "09:05" in English); never a format of its own: not "09:00" (H:i) or
    "09.00" (H.i) beside "9.00" elsewhere, nor the Finnish "G.i" written into a template (which
    the English page would show too)."""
    written = re.compile(r"""\|(?:date|time):["']([^"']*)["']""")
    found = []
    for path in (BASE / "templates").rglob("*.html"):
        for match in written.finditer(path.read_text(encoding="utf-8")):
            fmt = match.group(1)
            if re.search(r"[HhGg]", fmt) and not fmt.endswith("_FORMAT"):
                found.append(f"{path.relative_to(BASE)}: {match.group(0)}")
    assert not found, "use TIME_FORMAT or SHORT_DATETIME_FORMAT:\n" + "\n".join(found)


@pytest.mark.parametrize(
    ("language", "expected"), [("fi", "9.05"), ("sv", "9.05"), ("en", "09:05")]
)
def test_one_time_format_per_language(language, expected):
    moment = datetime(2026, 12, 10, 9, 5, tzinfo=ZoneInfo("Europe/Helsinki"))
    with translation.override(language):
        assert date_format(moment, "TIME_FORMAT") == expected
        assert date_format(moment, "SHORT_DATETIME_FORMAT").endswith(expected)
