"""Places of the demo registry with the Finnish forms the names and texts need.

`gen` is the genitive used in association names ("Jyväskylän Eläkeläiset ry"), `loc` the
locative used in sentences ("Toimimme Jyväskylässä"). Sub-places are districts and villages;
their texts say "<genitive> alueella".
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Place:
    name: str
    gen: str
    loc: str
    municipality_code: str
    level: str  # "muni", "sub" (district or village) or "region"


# code: (genitive, locative, population in thousands, [(sub-place, its genitive), ...])
MUNICIPALITIES: dict[str, tuple[str, str, float, list[tuple[str, str]]]] = {
    # Keski-Suomi
    "179": (
        "Jyväskylän",
        "Jyväskylässä",
        148.0,
        [
            ("Palokka", "Palokan"),
            ("Vaajakoski", "Vaajakosken"),
            ("Kuokkala", "Kuokkalan"),
            ("Korpilahti", "Korpilahden"),
            ("Tikkakoski", "Tikkakosken"),
            ("Säynätsalo", "Säynätsalon"),
            ("Keltinmäki", "Keltinmäen"),
            ("Huhtasuo", "Huhtasuon"),
            ("Kortepohja", "Kortepohjan"),
            ("Kypärämäki", "Kypärämäen"),
            ("Halssila", "Halssilan"),
            ("Lohikoski", "Lohikosken"),
            ("Keljo", "Keljon"),
            ("Vaajakumpu", "Vaajakummun"),
            ("Kangasvuori", "Kangasvuoren"),
            ("Mäyrämäki", "Mäyrämäen"),
            ("Taulumäki", "Taulumäen"),
            ("Puuppola", "Puuppolan"),
            ("Vesanka", "Vesangan"),
            ("Kuohu", "Kuohun"),
            ("Nenäinniemi", "Nenäinniemen"),
            ("Jyskä", "Jyskän"),
            ("Kangaslampi", "Kangaslammen"),
            ("Lutakko", "Lutakon"),
            ("Nyrölä", "Nyrölän"),
            ("Kalaniemi", "Kalaniemen"),
        ],
    ),
    "182": (
        "Jämsän",
        "Jämsässä",
        19.6,
        [
            ("Jämsänkoski", "Jämsänkosken"),
            ("Kuorevesi", "Kuoreveden"),
            ("Länkipohja", "Länkipohjan"),
            ("Halli", "Hallin"),
            ("Koskenpää", "Koskenpään"),
        ],
    ),
    "992": (
        "Äänekosken",
        "Äänekoskella",
        18.4,
        [
            ("Suolahti", "Suolahden"),
            ("Konginkangas", "Konginkankaan"),
            ("Sumiainen", "Sumiaisten"),
        ],
    ),
    "410": (
        "Laukaan",
        "Laukaassa",
        18.9,
        [
            ("Lievestuore", "Lievestuoreen"),
            ("Leppävesi", "Leppäveden"),
            ("Vihtavuori", "Vihtavuoren"),
            ("Vehniä", "Vehniän"),
        ],
    ),
    "500": ("Muuramen", "Muuramessa", 10.3, [("Kinkomaa", "Kinkomaan")]),
    "249": (
        "Keuruun",
        "Keuruulla",
        9.4,
        [("Haapamäki", "Haapamäen"), ("Pihlajavesi", "Pihlajaveden")],
    ),
    "729": (
        "Saarijärven",
        "Saarijärvellä",
        9.2,
        [("Pylkönmäki", "Pylkönmäen"), ("Kolkanpää", "Kolkanpään")],
    ),
    "931": ("Viitasaaren", "Viitasaarella", 6.1, [("Kymönkoski", "Kymönkosken")]),
    "077": ("Hankasalmen", "Hankasalmella", 4.7, [("Niemisjärvi", "Niemisjärven")]),
    "172": ("Joutsan", "Joutsassa", 4.3, [("Leivonmäki", "Leivonmäen")]),
    "226": ("Karstulan", "Karstulassa", 3.9, [("Vahanka", "Vahangan")]),
    "601": ("Pihtiputaan", "Pihtiputaalla", 3.8, [("Alvajärvi", "Alvajärven")]),
    "592": ("Petäjäveden", "Petäjävedellä", 3.8, [("Kintaus", "Kintauksen")]),
    "892": ("Uuraisten", "Uuraisilla", 3.6, []),
    "275": ("Konneveden", "Konnevedellä", 2.6, []),
    "850": ("Toivakan", "Toivakassa", 2.4, []),
    "495": ("Multian", "Multialla", 1.6, []),
    "256": ("Kinnulan", "Kinnulassa", 1.6, []),
    "312": ("Kyyjärven", "Kyyjärvellä", 1.3, []),
    "216": ("Kannonkosken", "Kannonkoskella", 1.2, []),
    "265": ("Kivijärven", "Kivijärvellä", 1.1, []),
    "435": ("Luhangan", "Luhangassa", 0.7, []),
    # Vantaa–Kerava
    "092": (
        "Vantaan",
        "Vantaalla",
        250.0,
        [
            ("Tikkurila", "Tikkurilan"),
            ("Myyrmäki", "Myyrmäen"),
            ("Hakunila", "Hakunilan"),
            ("Korso", "Korson"),
            ("Martinlaakso", "Martinlaakson"),
            ("Koivukylä", "Koivukylän"),
            ("Länsimäki", "Länsimäen"),
            ("Kivistö", "Kivistön"),
        ],
    ),
    "245": ("Keravan", "Keravalla", 38.0, [("Savio", "Savion")]),
}

# The regional "place" of associations working in the whole area; seated in the first city.
REGIONS: dict[str, tuple[str, str, str, str]] = {
    # area slug: (name, genitive, locative, seat municipality code)
    "keski-suomi": ("Keski-Suomi", "Keski-Suomen", "koko Keski-Suomessa", "179"),
    "vantaa-kerava": ("Vantaa ja Kerava", "Vantaan ja Keravan", "Vantaalla ja Keravalla", "092"),
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
