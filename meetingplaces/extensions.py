"""What apps above meetingplaces add to a meeting place's pages, registered from their
AppConfig.ready() (units does), so that meetingplaces imports none of them
(tests/test_import_graph.py):

- the host of a place run by no organisation (the welfare area's own premises, such as a
  health station that associations may use): its name and page, which the place's page and the
  activity pages held there name ("at <unit>").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class PlaceHost:
    label: str  # what the host is, translated: "A unit of the welfare area"
    name: str
    url: str


PLACE_HOSTS: list[Callable[..., PlaceHost | None]] = []


def register_place_host(func: Callable[..., PlaceHost | None]) -> None:
    """`func(place)` returns the host of the place, or None."""
    if func not in PLACE_HOSTS:
        PLACE_HOSTS.append(func)


def place_host(place) -> PlaceHost | None:
    """The host of a place that no organisation runs (one query per registered app); None for
    other places, which ask nothing."""
    if place is None or place.organisations.exists():
        return None
    for func in PLACE_HOSTS:
        found = func(place)
        if found is not None:
            return found
    return None
