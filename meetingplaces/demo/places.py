"""The demo's meeting places: where they are, what they are called and who runs them.

Addresses are realistic Finnish street names with invented numbers; postcodes are those of the
municipality or village. Everything else (names, opening hours, flags) is invented. The places
are read from data/places.yaml, which explains every field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time
from pathlib import Path
from typing import Any

from portal.lib.datafiles import clock, read_yaml


@dataclass(frozen=True)
class PlaceSpec:
    key: str
    kind: str
    name: tuple[str, str, str]  # fi, sv, en ("" = falls back to Finnish)
    code: str  # municipality code
    street: str
    postcode: str
    village: bool = False  # out of the centre: a wider jitter of the map point
    # Who runs it: "support" (the regional support organisation) or slugs of demo organisations
    # (used where they exist); otherwise organisations of the municipality are picked.
    runners: tuple[str, ...] = ()
    prefer: tuple[str, ...] = ()  # words in the names of fitting local runners
    activities: int = 7
    directions: tuple[str, str, str] = ("", "", "")
    languages: tuple[str, ...] = ("fi",)
    hours: tuple[tuple[int, time, time], ...] = field(default=())


LANGUAGES = ("fi", "sv", "en")

_DATA = read_yaml(Path(__file__).parent / "data" / "places.yaml")


def _in_languages(texts: dict[str, str]) -> tuple[str, str, str]:
    fi, sv, en = (texts[language] for language in LANGUAGES)
    return fi, sv, en


def _place(row: dict[str, Any]) -> PlaceSpec:
    """A place from its mapping in the data file (texts by language, hours as "HH:MM")."""
    values: dict[str, Any] = {}
    for key, value in row.items():
        if key in ("name", "directions"):
            values[key] = _in_languages(value)
        elif key == "hours":
            values[key] = tuple((day, clock(opens), clock(closes)) for day, opens, closes in value)
        elif isinstance(value, list):
            values[key] = tuple(value)
        else:
            values[key] = value
    return PlaceSpec(**values)


VILLAGE_RUNNERS: tuple[str, ...] = tuple(_DATA["village_runners"])
CAFE_RUNNERS: tuple[str, ...] = tuple(_DATA["cafe_runners"])

CENTRE: str = _DATA["centre"]
SUPPORT_ORGANISATION: dict[str, Any] = _DATA["support_organisation"]

KESKI_SUOMI: list[PlaceSpec] = [_place(row) for row in _DATA["keski_suomi"]]

# Village huts and houses: (key, name, municipality code, street, postcode, runners)
VILLAGES = [
    (v["key"], v["name"], v["code"], v["street"], v["postcode"], tuple(v["runners"]))
    for v in _DATA["villages"]
]

VILLAGE_DIRECTIONS = [_in_languages(texts) for texts in _DATA["village_directions"]]
TOWN_DIRECTIONS = [_in_languages(texts) for texts in _DATA["town_directions"]]

VANTAA_KERAVA: list[PlaceSpec] = [_place(row) for row in _DATA["vantaa_kerava"]]

# A place's description (in Finnish) by its kind; "default" for the other kinds.
DESCRIPTIONS: dict[str, str] = _DATA["descriptions"]
