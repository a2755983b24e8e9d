"""The one language fallback of the portal: the active language, then settings.LANGUAGES in order
(fi → sv → en).

Every model, view, search and e-mail that shows a text stored once per language (`name_fi`,
`name_sv`, `name_en`, ...) picks it through these helpers, so the chain is written once.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, overload

from django.conf import settings
from django.utils.translation import get_language


def language_codes() -> list[str]:
    """The portal's languages in settings order: ["fi", "sv", "en"]."""
    return [code for code, _name in settings.LANGUAGES]


def fallback_chain(language: str | None = None) -> list[str]:
    """The languages to try, best first: `language` (default: the active one), then the rest."""
    active = (language or get_language() or settings.LANGUAGE_CODE)[:2]
    codes = language_codes()
    return list(dict.fromkeys([active, *codes])) if active in codes else codes


def pick_with_language(
    values: Mapping[str, str | None], language: str | None = None
) -> tuple[str, str]:
    """(text, its language) of the first non-empty value along the chain; ("", language)."""
    chain = fallback_chain(language)
    for code in chain:
        value = values.get(code)
        if value:
            return value, code
    return "", chain[0]


def pick(values: Mapping[str, str | None], language: str | None = None) -> str:
    """The first non-empty value along the chain, or ""."""
    return pick_with_language(values, language)[0]


def field_values(obj: object, field: str) -> dict[str, str]:
    """{code: obj.<field>_<code>} for every portal language."""
    return {code: getattr(obj, f"{field}_{code}", "") or "" for code in language_codes()}


def filled_values(obj: object, field: str = "name") -> dict[str, str]:
    """{code: obj.<field>_<code>} for the portal languages the object has a text in (a search
    entry's or a card's names: an empty language is left out, not stored as "")."""
    return {code: text for code, text in field_values(obj, field).items() if text}


def localised(obj: object, field: str, language: str | None = None) -> str:
    """`obj.<field>_<code>` in the active language, falling back along the chain."""
    return pick(field_values(obj, field), language)


def localised_with_language(
    obj: object, field: str, language: str | None = None
) -> tuple[str, str]:
    """(text, language code) of `obj.<field>_<code>` along the chain."""
    return pick_with_language(field_values(obj, field), language)


def localised_columns(field: str) -> list[str]:
    """Column names of a translated field in settings order: ["name_fi", "name_sv", "name_en"]."""
    return [f"{field}_{code}" for code in language_codes()]


class localised_property(property):
    """A read-only property that reads `obj.<field>_<code>` through `localised` (the field is
    the attribute's own name unless given): `description = localised_property()` stands for

        @property
        def description(self) -> str:
            return localised(self, "description")
    """

    def __init__(self, field: str | None = None) -> None:
        self.field = field
        super().__init__(self._read)

    def __set_name__(self, owner: type, name: str) -> None:
        if self.field is None:
            self.field = name

    def _read(self, obj: object) -> str:
        return localised(obj, self.field or "")

    @overload
    def __get__(self, obj: None, owner: type | None = None, /) -> localised_property: ...
    @overload
    def __get__(self, obj: object, owner: type | None = None, /) -> str: ...
    def __get__(self, obj: object | None, owner: type | None = None, /) -> Any:
        return self if obj is None else self._read(obj)


def localised_method(field: str) -> Callable[[Any], str]:
    """A method without arguments that reads `self.<field>_<code>` through `localised`:
    `title = localised_method("title")` stands for `def title(self) -> str: return
    localised(self, "title")`."""

    def read(self: Any) -> str:
        return localised(self, field)

    return read
