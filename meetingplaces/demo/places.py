"""The demo's meeting places: where they are, what they are called and who runs them.

Addresses are realistic Finnish street names with invented numbers; postcodes are those of the
municipality or village. Everything else (names, opening hours, flags) is invented.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time


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


VILLAGE_RUNNERS = (
    "Kylä",
    "Asukas",
    "Eläkeläi",
    "Eläkkeensaajat",
    "Martat",
    "Seniori",
    "Nuorisoseura",
)
CAFE_RUNNERS = ("Mielenterveys", "Setlementti", "Diakonia", "A-kilta", "Klubitalo", "Yksinasuvat")

CENTRE = "kansalaistoimintakeskus-tuulikello"
SUPPORT_ORGANISATION = {
    "name": "Keski-Suomen Järjestötuki ry",
    "slug": "keski-suomen-jarjestotuki",
    "description_fi": (
        "Keski-Suomen Järjestötuki ry on maakunnan sosiaali- ja terveysjärjestöjen "
        "tukiorganisaatio, joka perustettiin vuonna 1998. Ylläpidämme Jyväskylässä "
        "kansalaistoimintakeskus Tuulikelloa, jossa yhdistykset, vapaaehtoiset ja asukkaat "
        "kohtaavat joka päivä. Koordinoimme vapaaehtois- ja vertaistukipisteitä keskussairaalassa "
        "ja Tuulikellossa sekä neuvomme yhdistyksiä avustuksissa, viestinnässä ja "
        "vapaaehtoistoiminnassa."
    ),
    "summary_fi": (
        "Autamme yhdistyksiä. Meillä on Tuulikello-talo Jyväskylässä. Sinne voi tulla kuka vain."
    ),
    "themes": ["participation", "volunteering", "peer-support", "loneliness", "digital-skills"],
    "target_groups": ["experts-by-experience", "living-alone", "older-people", "immigrants"],
}

WEEKDAYS_9_16 = tuple((day, time(9), time(16)) for day in range(5))

KESKI_SUOMI: list[PlaceSpec] = [
    PlaceSpec(
        CENTRE,
        "activity_centre",
        (
            "Kansalaistoimintakeskus Tuulikello",
            "Medborgarverksamhetscentret Tuulikello",
            "Tuulikello Citizen Activity Centre",
        ),
        "179",
        "Kilpisenkatu 8",
        "40100",
        runners=("support", "jyvaskylan-setlementti", "jyvaskylan-vapaaehtoistyon-keskus"),
        activities=60,
        directions=(
            "Sisäänkäynti Kilpisenkadun puolelta. Hissi on aulassa, ryhmätilat ovat 1. ja 2. "
            "kerroksessa.",
            "Ingången från Kilpisenkatu. Hissen finns i lobbyn, grupprummen på första och andra "
            "våningen.",
            "Enter from Kilpisenkatu. The lift is in the lobby; group rooms are on the first and "
            "second floors.",
        ),
        languages=("fi", "en", "selko"),
        hours=(
            *WEEKDAYS_9_16[:3],
            (3, time(9), time(19)),
            (4, time(9), time(15)),
            (5, time(10), time(14)),
        ),
    ),
    PlaceSpec(
        "vapaaehtoispiste-keskussairaala",
        "volunteer_point",
        (
            "Vapaaehtois- ja vertaistukipiste, keskussairaala",
            "Frivillig- och kamratstödspunkten, centralsjukhuset",
            "Volunteer and peer-support point, central hospital",
        ),
        "179",
        "Hoitajantie 5",
        "40620",
        runners=("support", "jyvaskylan-vapaaehtoistyon-keskus"),
        activities=10,
        directions=(
            "Pääaula, sisäänkäynti A. Piste on info-pisteen vieressä.",
            "Huvudentrén, ingång A. Punkten finns bredvid informationen.",
            "Main lobby, entrance A, next to the information desk.",
        ),
        languages=("fi", "sv", "en"),
        hours=tuple((day, time(10), time(14)) for day in range(5)),
    ),
    PlaceSpec(
        "vapaaehtoispiste-tuulikello",
        "volunteer_point",
        (
            "Vapaaehtois- ja vertaistukipiste, Tuulikello",
            "Frivillig- och kamratstödspunkten, Tuulikello",
            "Volunteer and peer-support point, Tuulikello",
        ),
        "179",
        "Kilpisenkatu 8",
        "40100",
        runners=("support", "jyvaskylan-vapaaehtoistyon-keskus"),
        activities=10,
        directions=(
            "Tuulikellon 2. kerros, hissiltä vasemmalle.",
            "Tuulikello, andra våningen, till vänster från hissen.",
            "Tuulikello, second floor, left from the lift.",
        ),
        languages=("fi", "en"),
        hours=tuple((day, time(12), time(16)) for day in range(4)),
    ),
    PlaceSpec(
        "kuokkalan-olohuone",
        "cafe",
        ("Kuokkalan olohuone", "Vardagsrummet i Kuokkala", "Kuokkala living room"),
        "179",
        "Syöttäjänkatu 5",
        "40520",
        prefer=CAFE_RUNNERS,
        activities=10,
        hours=tuple((day, time(10), time(15)) for day in range(5)),
    ),
    PlaceSpec(
        "asukastupa-huhtis",
        "other",
        ("Asukastupa Huhtis", "", ""),
        "179",
        "Nevakatu 4",
        "40340",
        prefer=VILLAGE_RUNNERS + CAFE_RUNNERS,
        activities=9,
        hours=((0, time(10), time(14)), (2, time(10), time(14)), (3, time(16), time(19))),
    ),
    PlaceSpec(
        "kohtaamiskahvila-kajo",
        "cafe",
        ("Kohtaamiskahvila Kajo", "Mötescaféet Kajo", "Kajo drop-in café"),
        "182",
        "Keskuskatu 14",
        "42100",
        prefer=CAFE_RUNNERS,
        activities=10,
        hours=tuple((day, time(10), time(15)) for day in range(1, 6)),
    ),
    PlaceSpec(
        "olohuonekahvila-mielikki",
        "cafe",
        ("Olohuonekahvila Mielikki", "", "Mielikki living-room café"),
        "992",
        "Hallintokatu 7",
        "44100",
        runners=("aanekosken-mielenterveysyhdistys-mielikki",),
        prefer=CAFE_RUNNERS,
        activities=10,
        hours=tuple((day, time(11), time(15)) for day in range(5)),
    ),
    PlaceSpec(
        "kahvila-kompassi-keuruu",
        "cafe",
        ("Kahvila Kompassi", "", "Kompassi café"),
        "249",
        "Multiantie 3",
        "42700",
        runners=("keuruun-muistiyhdistys",),
        prefer=CAFE_RUNNERS,
        activities=10,
        hours=((1, time(10), time(14)), (3, time(10), time(14)), (4, time(10), time(14))),
    ),
]

# Village huts and houses: (key, name, municipality code, street, postcode, runners)
VILLAGES = [
    ("palokan-kylatalo", "Palokan kylätalo", "179", "Palokankaari 12", "40270", ()),
    ("korpilahden-kylatupa", "Korpilahden kylätupa", "179", "Virastotie 4", "41800", ()),
    ("saynatsalon-kylatupa", "Säynätsalon kylätupa", "179", "Saarentie 3", "40900", ()),
    ("hallin-kylatalo", "Hallin kylätalo", "182", "Hallintie 9", "35600", ()),
    ("suolahden-kylatupa", "Suolahden kylätupa", "992", "Keiteleentie 10", "44200", ()),
    (
        "lievestuoreen-kylatalo",
        "Lievestuoreen kylätalo",
        "410",
        "Lievestuoreentie 30",
        "41400",
        ("laukaan-elakkeensaajat",),
    ),
    (
        "laukaan-kirkonkylan-tupa",
        "Laukaan kirkonkylän tupa",
        "410",
        "Laukaantie 15",
        "41340",
        ("laukaan-elakkeensaajat",),
    ),
    ("muuramen-kylatupa", "Muuramen kylätupa", "500", "Virastotie 2", "40950", ()),
    (
        "haapamaen-kylatalo",
        "Haapamäen kylätalo",
        "249",
        "Asematie 11",
        "42800",
        ("keuruun-muistiyhdistys",),
    ),
    (
        "saarijarven-kylatupa",
        "Saarijärven kylätupa",
        "729",
        "Sivulantie 6",
        "43100",
        ("saarijarven-sydanyhdistys",),
    ),
    ("pylkonmaen-kylatalo", "Pylkönmäen kylätalo", "729", "Pylkönmäentie 20", "43440", ()),
    ("viitasaaren-kylatupa", "Viitasaaren kylätupa", "931", "Keskitie 9", "44500", ()),
    ("hankasalmen-kylatalo", "Hankasalmen kylätalo", "077", "Keskustie 18", "41520", ()),
    ("joutsan-kylatupa", "Joutsan kylätupa", "172", "Jousitie 3", "19650", ()),
    ("karstulan-kylatalo", "Karstulan kylätalo", "226", "Keskustie 12", "43500", ()),
    (
        "alvajarven-kylatalo",
        "Alvajärven kylätalo",
        "601",
        "Alvajärventie 40",
        "44860",
        ("alvajarven-kylatalo",),
    ),
    ("petajaveden-kylatupa", "Petäjäveden kylätupa", "592", "Kirkkotie 2", "41900", ()),
    ("uuraisten-kylatalo", "Uuraisten kylätalo", "892", "Kuukantie 5", "41230", ()),
    ("konneveden-kylatupa", "Konneveden kylätupa", "275", "Keskustie 30", "44300", ()),
    ("toivakan-kylatalo", "Toivakan kylätalo", "850", "Toivakantie 14", "41660", ()),
    ("multian-kylatupa", "Multian kylätupa", "495", "Multiantie 17", "42600", ()),
    ("kinnulan-kylatalo", "Kinnulan kylätalo", "256", "Kinnulantie 25", "43900", ()),
    ("kyyjarven-kylatupa", "Kyyjärven kylätupa", "312", "Kyyjärventie 9", "43700", ()),
    ("kannonkosken-kylatalo", "Kannonkosken kylätalo", "216", "Kannonkoskentie 11", "43300", ()),
    ("kivijarven-kylatupa", "Kivijärven kylätupa", "265", "Kivijärventie 8", "43800", ()),
    ("luhangan-kylatalo", "Luhangan kylätalo", "435", "Luhangantie 3", "19950", ()),
    ("jamsankosken-kylatupa", "Jämsänkosken kylätupa", "182", "Koskitie 5", "42300", ()),
]

VILLAGE_DIRECTIONS = [
    (
        "Sisäänkäynti pihan puolelta. Tupa on yhdessä kerroksessa.",
        "Ingången från gården. Stugan är i en våning.",
        "Enter from the yard. Everything is on one floor.",
    ),
    (
        "Pääovi tien puolella, ramppi talon päädyssä.",
        "Huvuddörren mot vägen, ramp på husets gavel.",
        "Main door facing the road; the ramp is at the end of the house.",
    ),
    (
        "Entinen koulurakennus. Käytä vasemmanpuoleista ovea, kerhohuone on heti oikealla.",
        "Ett före detta skolhus. Använd den vänstra dörren; klubbrummet är direkt till höger.",
        "A former school building. Use the left-hand door; the club room is straight on the right.",
    ),
]

TOWN_DIRECTIONS = [
    (
        "Sisäänkäynti kadun puolelta, katutasossa. Ovi aukeaa painonapista.",
        "Ingången från gatan, i gatunivå. Dörren öppnas med en tryckknapp.",
        "Entrance from the street at street level; the door opens with a push button.",
    ),
    (
        "Sisäänkäynti sisäpihalta, porraskäytävä B, 1. kerros. Hissi on.",
        "Ingången från innergården, trappuppgång B, första våningen. Det finns hiss.",
        "Enter from the courtyard, staircase B, first floor. There is a lift.",
    ),
]

VANTAA_KERAVA: list[PlaceSpec] = [
    PlaceSpec(
        "monikielinen-olohuone-tikkurila",
        "other",
        (
            "Monikielinen olohuone Tikkurila",
            "Mångspråkiga vardagsrummet Dickursby",
            "Multilingual living room Tikkurila",
        ),
        "092",
        "Ratatie 7",
        "01300",
        prefer=("Monikulttuurinen", "Setlementti", "Diakonia"),
        activities=7,
        directions=(
            "Kauppakeskuksen vieressä, sisäänkäynti Ratatien puolelta, katutasossa.",
            "Bredvid köpcentret, ingången från Ratatie, i gatunivå.",
            "Next to the shopping centre, entrance on Ratatie at street level.",
        ),
        languages=("fi", "sv", "en", "selko", "other"),
        hours=tuple((day, time(10), time(16)) for day in range(5)),
    ),
    PlaceSpec(
        "myyrmaen-kohtaamispaikka",
        "cafe",
        ("Myyrmäen kohtaamispaikka", "Mötesplatsen i Myrbacka", "Myyrmäki meeting place"),
        "092",
        "Kilterinkuja 3",
        "01600",
        prefer=CAFE_RUNNERS,
        activities=6,
        languages=("fi", "sv", "en"),
        hours=tuple((day, time(11), time(17)) for day in range(1, 6)),
    ),
    PlaceSpec(
        "korson-kylatalo",
        "village_house",
        ("Korson kylätalo", "Korso byhus", "Korso village house"),
        "092",
        "Korsontie 12",
        "01450",
        prefer=VILLAGE_RUNNERS,
        activities=6,
        languages=("fi", "sv"),
        hours=((1, time(10), time(14)), (3, time(17), time(20))),
    ),
    PlaceSpec(
        "hakunilan-asukastupa",
        "other",
        ("Hakunilan asukastupa", "Håkansböle invånarstuga", "Hakunila residents' lounge"),
        "092",
        "Hakunilantie 40",
        "01200",
        prefer=VILLAGE_RUNNERS + CAFE_RUNNERS,
        activities=6,
        languages=("fi", "en", "other"),
        hours=((0, time(12), time(16)), (2, time(12), time(16)), (4, time(12), time(16))),
    ),
    PlaceSpec(
        "keravan-kohtaamispaikka-silta",
        "cafe",
        (
            "Keravan kohtaamispaikka Silta",
            "Mötesplatsen Silta i Kervo",
            "Silta meeting place, Kerava",
        ),
        "245",
        "Kauppakaari 9",
        "04200",
        prefer=CAFE_RUNNERS,
        activities=6,
        languages=("fi", "sv", "en", "selko"),
        hours=tuple((day, time(10), time(15)) for day in range(5)),
    ),
]
