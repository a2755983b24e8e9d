"""What a resident asked for in the residents' search (search/residents.py), validated by
search.forms.ResidentsSearchForm: the words, the place and radius, the facet filters, the days,
times and dates. It becomes one query over the shared search entries (search.query.EntryQuery)
and gives the GET parameters of its links.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.http import QueryDict

from . import query as entries
from . import registry
from .text import parse_query

HELSINKI = ZoneInfo("Europe/Helsinki")
RADIUS_CHOICES = (2, 5, 10, 25, 50, 100)
DEFAULT_RADIUS = 10

# Facet groups: GET parameter → facet key prefix.
FACET_PREFIXES = {
    "kind": "kind",
    "theme": "th",
    "target_group": "tg",
    "language": "lang",
    "free": "free",
    "nosignup": "nosignup",
    "access": "acc",
    "venue": "venue",
    # Not offered as checkboxes: set by the "whole welfare area" way on from an empty search.
    "area": "area",
}
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
TIMES = ("morning", "afternoon", "evening")
WHEN = ("today", "tomorrow", "weekend", "week", "next_week", "month", "custom")


def kinds() -> tuple[str, ...]:
    """The kinds the residents' search shows (search.registry: each app registers its own)."""
    return registry.residents_kinds()


@dataclass(frozen=True)
class Location:
    latitude: float
    longitude: float
    label: str  # "40100 Jyväskylä", "Jyväskylä", or "your location"
    municipality_code: str = ""


@dataclass(frozen=True)
class ResidentsQuery:
    """What the resident asked for, validated by search.forms.ResidentsSearchForm."""

    q: str = ""
    selected: dict[str, list[str]] = field(default_factory=dict)  # GET parameter → values
    location: Location | None = None
    radius: int = DEFAULT_RADIUS
    weekdays: tuple[str, ...] = ()
    times: tuple[str, ...] = ()
    date_from: dt.date | None = None
    date_to: dt.date | None = None  # inclusive
    when: str = ""
    page: int = 1
    sort: str = ""  # "" (best match), "date" or "distance"

    @property
    def has_occurrence_filters(self) -> bool:
        return bool(self.weekdays or self.times or self.date_from or self.date_to)

    def facet_keys(self, param: str) -> list[str]:
        prefix = FACET_PREFIXES[param]
        return [f"{prefix}:{value}" for value in self.selected.get(param, [])]

    def occurrence_filters(self, now: dt.datetime) -> dict:
        start = now
        if self.date_from:
            start = max(now, dt.datetime.combine(self.date_from, dt.time(0, 0), tzinfo=HELSINKI))
        end = None
        if self.date_to:
            day_after = self.date_to + dt.timedelta(days=1)
            end = dt.datetime.combine(day_after, dt.time(0, 0), tzinfo=HELSINKI)
        return {
            "start": start,
            "end": end,
            "weekdays": [WEEKDAYS.index(d) + 1 for d in self.weekdays],
            "times": list(self.times),
        }

    def entry_query(self, now: dt.datetime) -> entries.EntryQuery:
        selected = {FACET_PREFIXES[p]: self.facet_keys(p) for p in self.selected}
        conditions: tuple[tuple[str, tuple], ...] = ()
        if self.has_occurrence_filters:
            exists = registry.occurrences().exists_sql(**self.occurrence_filters(now))
            conditions = ((exists[0], tuple(exists[1])),)
        near = None
        if self.location:
            near = (self.location.latitude, self.location.longitude, float(self.radius))
        found = kinds()
        return entries.EntryQuery(
            kind=found[0],
            kinds=found,
            words=parse_query(self.q),
            selected=selected,
            near=near,
            conditions=conditions,
            near_online=True,
            soonest=True,
        )

    @property
    def asked_place_or_time(self) -> bool:
        return bool(self.location or self.has_occurrence_filters)

    # The GET parameters that gave the location ("postcode": "40100"), to repeat in links.
    location_params: tuple[tuple[str, str], ...] = ()

    def params(self, *, drop_location: bool = False, **changes) -> str:
        """The GET parameters of this search with some changed (None or "": removed)."""
        values = {
            "q": self.q,
            "sort": self.sort,
            "when": self.when,
            "date_from": self.date_from.isoformat() if self.date_from else "",
            "date_to": self.date_to.isoformat() if self.date_to else "",
        }
        if self.when != "custom":
            values["date_from"] = values["date_to"] = ""
        if self.location and not drop_location:
            values.update(dict(self.location_params))
            values["radius"] = str(self.radius)
        lists = {"day": list(self.weekdays), "time": list(self.times), **self.selected}
        for key, value in changes.items():
            if key in ("day", "time", *FACET_PREFIXES):
                lists[key] = value or []
            else:
                values[key] = value or ""
        data = QueryDict(mutable=True)
        for key, value in values.items():
            if value:
                data[key] = value
        for key, value in lists.items():
            if value:
                data.setlist(key, value)
        return data.urlencode()
