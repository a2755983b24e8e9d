"""Places of the demo registry with the Finnish forms the names and texts need, read from
data/places.yaml.

`gen` is the genitive used in association names ("Jyväskylän Eläkeläiset ry"), `loc` the
locative used in sentences ("Toimimme Jyväskylässä"). Sub-places are districts and villages;
their texts say "<genitive> alueella".
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from portal.lib.datafiles import read_yaml


@dataclass(frozen=True)
class Place:
    name: str
    gen: str
    loc: str
    municipality_code: str
    level: str  # "muni", "sub" (district or village) or "region"


_DATA = read_yaml(Path(__file__).parent / "data" / "places.yaml")

# code: (genitive, locative, population in thousands, [(sub-place, its genitive), ...])
MUNICIPALITIES: dict[str, tuple[str, str, float, list[tuple[str, str]]]] = {
    code: (
        row["genitive"],
        row["locative"],
        row["population"],
        [(sub["name"], sub["genitive"]) for sub in row["sub_places"]],
    )
    for code, row in _DATA["municipalities"].items()
}

# The regional "place" of associations working in the whole area; seated in the first city.
# area slug: (name, genitive, locative, seat municipality code)
REGIONS: dict[str, tuple[str, str, str, str]] = {
    slug: (row["name"], row["genitive"], row["locative"], row["seat"])
    for slug, row in _DATA["regions"].items()
}


def municipality_place(code: str, name: str) -> Place:
    gen, loc, _population, _subs = MUNICIPALITIES[code]
    return Place(name=name, gen=gen, loc=loc, municipality_code=code, level="muni")


def sub_places(code: str) -> list[Place]:
    _gen, _loc, _population, subs = MUNICIPALITIES[code]
    return [
        Place(name=name, gen=gen, loc=f"{gen} alueella", municipality_code=code, level="sub")
        for name, gen in subs
    ]


def region_place(area_slug: str) -> Place:
    name, gen, loc, seat = REGIONS[area_slug]
    return Place(name=name, gen=gen, loc=loc, municipality_code=seat, level="region")


def weight(code: str) -> float:
    """How many associations a municipality gets, relative to the others.

    Slightly less than proportional to population: small municipalities have more
    associations per resident, and regional associations sit in the largest city anyway.
    """
    return MUNICIPALITIES[code][2] ** 0.8
