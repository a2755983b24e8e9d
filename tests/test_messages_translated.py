"""Every message the code and the templates mark for translation is in the Finnish and the
Swedish catalogues that Django loads: ours (locale/, compiled) or a library's (Django's,
allauth's). A message written into a view or a template but never added to locale/*.po shows
in English on a Finnish or Swedish page; test_guards.test_catalogue_is_complete only sees the
messages that are in the catalogue already.

The messages are found as `manage.py makemessages` finds them (same files, same calls: the
templates through Django's own `templatize`), but in Python, so that the test needs no GNU
gettext on the machine. On 2026-12-06 this found the same 2,641 messages as makemessages.
"""

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.utils.translation import trans_real
from django.utils.translation.template import templatize

BASE = Path(settings.BASE_DIR)
NOT_SOURCE = {".venv", ".data", ".git", "node_modules", "tests", "bench", "docs"}

# name: how many leading string arguments make the message (context, singular, plural).
GETTEXT = {
    "_": 1, "gettext": 1, "gettext_lazy": 1, "gettext_noop": 1,
    "pgettext": 2, "pgettext_lazy": 2,
    "ngettext": 2, "ngettext_lazy": 2,
    "npgettext": 3, "npgettext_lazy": 3,
}  # fmt: skip

Message = tuple[str | None, str, str | None]  # (context, message, plural)


def message(name: str, strings: list[str]) -> Message:
    base = name.removesuffix("_lazy")
    if base == "npgettext":
        return strings[0], strings[1], strings[2]
    if base == "pgettext":
        return strings[0], strings[1], None
    if base == "ngettext":
        return None, strings[0], strings[1]
    return None, strings[0], None


def in_python(source: str) -> Iterator[Message]:
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
        if name not in GETTEXT:
            continue
        args = node.args[: GETTEXT[name]]
        if len(args) == GETTEXT[name] and all(
            isinstance(a, ast.Constant) and isinstance(a.value, str) for a in args
        ):
            yield message(name, [a.value for a in args])  # type: ignore[attr-defined]


# templatize() turns a template into the calls xgettext reads: gettext(u'…'), pgettext(u'…',
# u'…'), ngettext(u'…', u'…', count), _(u'…') for a filter's argument, between filler.
STRING = r"u?'(?:[^'\\]|\\.)*'|u?\"(?:[^\"\\]|\\.)*\""
CALL = re.compile(
    rf"\b(npgettext|pgettext|ngettext|gettext|_)\(((?:\s*(?:{STRING}|[\w.]+)\s*,?)*)\)"
)


def in_template(source: str) -> Iterator[Message]:
    for call in CALL.finditer(templatize(source)):
        yield message(call[1], [ast.literal_eval(s) for s in re.findall(STRING, call[2])])


def source_files() -> Iterator[Path]:
    """The project's .py, .html and .txt files, without descending into .venv or .data."""
    for top in BASE.iterdir():
        if top.name in NOT_SOURCE:
            continue
        if top.is_file():
            yield top
        elif top.is_dir():
            yield from (path for path in top.rglob("*") if path.is_file())


def messages_of_the_project() -> set[Message]:
    found: set[Message] = set()
    for path in source_files():
        if path.suffix == ".py":
            found.update(in_python(path.read_text(encoding="utf-8")))
        elif path.suffix in (".html", ".txt"):
            found.update(in_template(path.read_text(encoding="utf-8")))
    return found


@pytest.fixture(scope="module")
def project_messages() -> set[Message]:
    return messages_of_the_project()


def test_the_finder_finds_every_kind_of_call(project_messages):
    """Each form the project uses is found, so an empty set cannot pass the test below."""
    assert len(project_messages) > 2000
    assert (None, "Skip to main content", None) in project_messages  # {% translate %}
    assert ("places editing", "Copy", None) in project_messages  # {% translate … context %}
    assert (None, "never", None) in project_messages  # a filter's _("…") argument
    # {% blocktranslate count %}: the singular and the plural, as makemessages writes them
    assert (None, "%(counter)s activity", "%(counter)s activities") in project_messages
    assert ("guidance", "unit", None) in project_messages  # pgettext_lazy in a model


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_every_message_is_translated(project_messages, language):
    catalogue = trans_real.translation(language)._catalog  # ours and the libraries', merged

    def translated(context: str | None, text: str, plural: str | None) -> bool:
        key = f"{context}\x04{text}" if context else text
        return (key, 0) in catalogue if plural else key in catalogue

    missing = sorted(m[1] for m in project_messages if not translated(*m))
    assert not missing, (
        f"not in the {language} catalogue: {missing} (add them to "
        f"locale/{language}/LC_MESSAGES/django.po, then `manage.py compilemessages`)"
    )
