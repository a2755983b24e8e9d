"""What the demo's activities are: one template per kind of activity, keyed by a theme.

An organisation holds an activity only when the template's theme is one of its own themes (and,
where the template names target groups, it shares one of them): the activity then takes that
theme, the template's other themes the organisation also has, and the organisation's target
groups (or those it shares with the template). So every demo activity fits the profile of the
organisation that runs it.

Texts: the title, a description of one or two sentences and a plain-language summary (short
sentences, everyday words) in Finnish, Swedish and English. Everything is invented. The
templates are read from data/activities.yaml, which explains every field.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time
from decimal import Decimal
from pathlib import Path
from typing import Any

from portal.lib.datafiles import clock, read_yaml

# Schedule styles: "weekly", "biweekly", "twice_weekly", "monthly" (n:th weekday of the month),
# "course" (weekly for some weeks, then ends), "once" (one date, maybe a second one).
WEEKLY, BIWEEKLY, TWICE, MONTHLY, COURSE, ONCE = (
    "weekly",
    "biweekly",
    "twice_weekly",
    "monthly",
    "course",
    "once",
)

_DATA = read_yaml(Path(__file__).parent / "data" / "activities.yaml")


def _times(value: str | list[list[str]]) -> tuple[tuple[time, time], ...]:
    """A named set of (start, end) times from `time_sets`, or a list of its own."""
    pairs = _DATA["time_sets"][value] if isinstance(value, str) else value
    return tuple((clock(start), clock(end)) for start, end in pairs)


ANY_TIME = _times("any_time")


@dataclass(frozen=True)
class ActivityTemplate:
    theme: str
    kind: str
    title: tuple[str, str, str]  # fi, sv, en
    description: tuple[str, str, str]
    summary: tuple[str, str, str]  # plain language
    styles: tuple[str, ...] = (WEEKLY,)
    times: tuple[tuple[time, time], ...] = ANY_TIME
    target_groups: tuple[str, ...] = ()  # the organisation must share one, if given
    extra_themes: tuple[str, ...] = ()
    sensitive: bool = False
    fee: Decimal | None = None
    signup: bool = False
    capacity: tuple[int, int] | None = None
    weight: float = 1.0


LANGUAGES = ("fi", "sv", "en")


def _template(row: dict[str, Any]) -> ActivityTemplate:
    """A template from its mapping in the data file (texts by language, times by name)."""
    values: dict[str, Any] = {}
    for key, value in row.items():
        if key in ("title", "description", "summary"):
            values[key] = tuple(value[language] for language in LANGUAGES)
        elif key == "times":
            values[key] = _times(value)
        elif key == "fee":
            values[key] = Decimal(value)
        elif isinstance(value, list):
            values[key] = tuple(value)
        else:
            values[key] = value
    return ActivityTemplate(**values)


TEMPLATES: list[ActivityTemplate] = [
    _template(row) for group in _DATA["templates"].values() for row in group
]

# Named titles for the generic peer support group: the organisation's target group.
# The template's title is joined with the group's name in each language.
GENERIC_PEER_TITLE: str = _DATA["generic_peer_title"]

# Where activities held "at another address" meet (a street per kind of venue).
ADDRESS_VENUES = [(venue["name"], venue["street"]) for venue in _DATA["address_venues"]]

CONTACT_ROLES: dict[str, str] = _DATA["contact_roles"]
