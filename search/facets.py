"""What a search page shows beside its results, the same in the residents' search
(search/residents.py) and the organisations' directory (organisations/search.py): the facet
groups with their options and counts, and the ways on from an empty result."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class FacetOption:
    value: str
    label: str
    count: int | None  # None: not counted (the search's count was capped)
    selected: bool


@dataclass
class Facet:
    param: str
    legend: str
    options: list[FacetOption]


@dataclass
class Suggestion:
    """A way on from an empty result: a link (GET parameters) and what it says."""

    text: str
    params: str
    count: int | None = None
