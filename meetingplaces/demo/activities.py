"""What the demo's activities are: one template per kind of activity, keyed by a theme.

An organisation holds an activity only when the template's theme is one of its own themes (and,
where the template names target groups, it shares one of them): the activity then takes that
theme, the template's other themes the organisation also has, and the organisation's target
groups (or those it shares with the template). So every demo activity fits the profile of the
organisation that runs it.

Texts: the title, a description of one or two sentences and a plain-language summary (short
sentences, everyday words) in Finnish, Swedish and English. Everything is invented.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time
from decimal import Decimal

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

DAYTIME = ((time(10), time(12)), (time(13), time(15)), (time(12, 30), time(14)))
EVENING = ((time(17), time(19)), (time(18), time(19, 30)), (time(17, 30), time(19)))
ANY_TIME = DAYTIME + EVENING
OPEN_HOURS = ((time(10), time(14)), (time(9), time(13)), (time(12), time(16)))


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


T = ActivityTemplate

TEMPLATES: list[ActivityTemplate] = [
    # Loneliness and company
    T(
        "loneliness",
        "drop_in",
        (
            "Olohuone – avoin kohtaamispaikka",
            "Vardagsrummet – öppen mötesplats",
            "Living room – open drop-in",
        ),
        (
            (
                "Avoin olohuone kaikille, jotka kaipaavat seuraa. Tarjolla on kahvia, lehtiä ja "
                "juttuseuraa."
            ),
            (
                "Ett öppet vardagsrum för alla som vill ha sällskap. Det finns kaffe, tidningar "
                "och någon att prata med."
            ),
            (
                "An open living room for anyone who would like company. There is coffee, "
                "newspapers and someone to talk to."
            ),
        ),
        (
            "Voit tulla, kun haluat. Ei tarvitse ilmoittautua. Kahvi on ilmaista.",
            "Du kan komma när du vill. Du behöver inte anmäla dig. Kaffet är gratis.",
            "Come when you like. No need to sign up. The coffee is free.",
        ),
        styles=(WEEKLY, TWICE),
        times=OPEN_HOURS,
        extra_themes=("participation",),
        weight=3,
    ),
    T(
        "loneliness",
        "club",
        ("Kahvikerho", "Kaffeklubben", "Coffee club"),
        (
            "Kahvikerhossa jutellaan, lauletaan ja kuullaan välillä vieraan alustus.",
            "I kaffeklubben pratar vi, sjunger och ibland berättar en gäst om något.",
            "At the coffee club we chat, sing and sometimes hear a guest speaker.",
        ),
        (
            "Juomme kahvia ja juttelemme. Kaikki ovat tervetulleita.",
            "Vi dricker kaffe och pratar. Alla är välkomna.",
            "We drink coffee and talk. Everyone is welcome.",
        ),
        styles=(WEEKLY, BIWEEKLY),
        times=DAYTIME,
        weight=3,
    ),
    T(
        "loneliness",
        "club",
        ("Ystäväpiiri", "Vänkretsen", "Friendship circle"),
        (
            "Pieni ryhmä, jossa tutustutaan uusiin ihmisiin ja sovitaan yhteisiä tekemisiä.",
            "En liten grupp där man lär känna nya människor och hittar på saker tillsammans.",
            "A small group for getting to know new people and planning things to do together.",
        ),
        (
            "Tutustumme toisiimme. Teemme asioita yhdessä.",
            "Vi lär känna varandra. Vi gör saker tillsammans.",
            "We get to know each other. We do things together.",
        ),
        styles=(BIWEEKLY,),
        target_groups=("living-alone", "older-people"),
    ),
    # Physical activity
    T(
        "physical-activity",
        "club",
        ("Tuolijumppa", "Stolgympa", "Chair exercise"),
        (
            (
                "Kevyttä liikuntaa tuolilla istuen ja tuolin tukena. Sopii kaikille kunnosta "
                "riippumatta."
            ),
            (
                "Lätt motion sittande på en stol eller med stolen som stöd. Passar alla oavsett "
                "kondition."
            ),
            (
                "Light exercise sitting on a chair or holding on to one. Suits everyone whatever "
                "their fitness."
            ),
        ),
        (
            "Jumppaamme tuolilla. Liikkeet ovat helppoja.",
            "Vi gymnastiserar på en stol. Rörelserna är lätta.",
            "We exercise on a chair. The moves are easy.",
        ),
        times=DAYTIME,
        weight=2,
    ),
    T(
        "physical-activity",
        "club",
        ("Kävelyryhmä", "Promenadgruppen", "Walking group"),
        (
            "Kävelemme yhdessä noin tunnin lenkin omaan tahtiin. Lähtö on sovitusta paikasta.",
            (
                "Vi går en runda på ungefär en timme i egen takt. Vi startar från den överenskomna"
                " platsen."
            ),
            "We walk a round of about an hour at our own pace, starting from the agreed spot.",
        ),
        (
            "Kävelemme yhdessä. Jokainen kävelee omaa vauhtiaan.",
            "Vi promenerar tillsammans. Alla går i sin egen takt.",
            "We walk together. Everyone walks at their own speed.",
        ),
        extra_themes=("outdoor-activities",),
        times=DAYTIME,
        weight=2,
    ),
    T(
        "physical-activity",
        "course",
        ("Kuntosaliryhmä aloittelijoille", "Gymgrupp för nybörjare", "Gym group for beginners"),
        (
            (
                "Ohjattu kuntosaliryhmä, jossa opetellaan turvalliset liikkeet. Ryhmä on pieni, "
                "joten ilmoittaudu ajoissa."
            ),
            "En ledd gymgrupp där vi lär oss säkra rörelser. Gruppen är liten, så anmäl dig i tid.",
            "A guided gym group where you learn safe moves. The group is small, so sign up early.",
        ),
        (
            "Opettelemme käyttämään kuntosalia. Ohjaaja auttaa. Ilmoittaudu ensin.",
            "Vi lär oss använda gymmet. En ledare hjälper. Anmäl dig först.",
            "We learn to use the gym. A leader helps. Sign up first.",
        ),
        styles=(COURSE,),
        fee=Decimal("20.00"),
        signup=True,
        capacity=(8, 12),
    ),
    # Culture
    T(
        "culture",
        "club",
        ("Lauluhetki", "Allsångsstund", "Sing-along"),
        (
            "Laulamme tuttuja lauluja säestyksen kanssa. Laulutaitoa ei tarvita.",
            "Vi sjunger kända sånger till ackompanjemang. Man behöver inte kunna sjunga.",
            "We sing familiar songs with accompaniment. No singing skills needed.",
        ),
        (
            "Laulamme yhdessä. Kaikki saavat laulaa.",
            "Vi sjunger tillsammans. Alla får sjunga.",
            "We sing together. Everyone can join in.",
        ),
        styles=(WEEKLY, BIWEEKLY),
        times=DAYTIME,
        extra_themes=("loneliness",),
    ),
    T(
        "culture",
        "club",
        ("Lukupiiri", "Läscirkel", "Reading circle"),
        (
            "Luemme kuukauden kirjan ja keskustelemme siitä. Kirjan voi lainata kirjastosta.",
            "Vi läser månadens bok och diskuterar den. Boken kan lånas på biblioteket.",
            (
                "We read a book each month and talk about it. You can borrow the book from the "
                "library."
            ),
        ),
        (
            "Luemme kirjan. Puhumme kirjasta yhdessä.",
            "Vi läser en bok. Vi pratar om boken tillsammans.",
            "We read a book. We talk about the book together.",
        ),
        styles=(MONTHLY,),
    ),
    T(
        "culture",
        "event",
        ("Kulttuuri-ilta", "Kulturkväll", "Culture evening"),
        (
            "Musiikkia, runoja ja kahvitarjoilu. Ilta on avoin kaikille.",
            "Musik, dikter och kaffeservering. Kvällen är öppen för alla.",
            "Music, poems and coffee. The evening is open to everyone.",
        ),
        (
            "Kuuntelemme musiikkia ja runoja. Juomme kahvia.",
            "Vi lyssnar på musik och dikter. Vi dricker kaffe.",
            "We listen to music and poems. We have coffee.",
        ),
        styles=(ONCE,),
        times=EVENING,
        fee=Decimal("5.00"),
    ),
    # Digital skills
    T(
        "digital-skills",
        "drop_in",
        (
            "Digiapu – kysy kännykästä ja tabletista",
            "Digihjälp för telefon och surfplatta",
            "Digital help for phones and tablets",
        ),
        (
            (
                "Vapaaehtoiset digiopastajat neuvovat älypuhelimen, tabletin ja tietokoneen "
                "käytössä. Ota oma laite mukaan."
            ),
            (
                "Frivilliga handledare hjälper med smarttelefon, surfplatta och dator. Ta med din "
                "egen apparat."
            ),
            (
                "Volunteer helpers answer questions about smartphones, tablets and computers. "
                "Bring your own device."
            ),
        ),
        (
            "Tuo puhelin mukaan. Autamme sinua.",
            "Ta med din telefon. Vi hjälper dig.",
            "Bring your phone. We help you.",
        ),
        times=OPEN_HOURS,
        extra_themes=("volunteering",),
        weight=2,
    ),
    T(
        "digital-skills",
        "course",
        ("Älypuhelinkurssi", "Kurs i smarttelefon", "Smartphone course"),
        (
            (
                "Kurssilla opetellaan puhelimen perustaidot: viestit, kuvat, videopuhelut ja "
                "turvallinen asiointi."
            ),
            (
                "På kursen lär vi oss grunderna: meddelanden, bilder, videosamtal och säkra "
                "ärenden på nätet."
            ),
            (
                "The course covers the basics: messages, photos, video calls and doing errands "
                "safely online."
            ),
        ),
        (
            "Opettelemme käyttämään puhelinta. Kurssi on maksuton. Ilmoittaudu ensin.",
            "Vi lär oss använda telefonen. Kursen är gratis. Anmäl dig först.",
            "We learn to use a phone. The course is free. Sign up first.",
        ),
        styles=(COURSE,),
        times=DAYTIME,
        signup=True,
        capacity=(6, 10),
    ),
    # Outdoors
    T(
        "outdoor-activities",
        "club",
        ("Luontoretki", "Naturutflykt", "Nature outing"),
        (
            "Kuukausittainen retki lähiluontoon. Mukaan eväät ja säänmukainen vaatetus.",
            "En utflykt i naturen en gång i månaden. Ta med matsäck och kläder efter vädret.",
            "A monthly outing into nearby nature. Bring a snack and clothes for the weather.",
        ),
        (
            "Menemme yhdessä luontoon. Ota eväät mukaan.",
            "Vi går ut i naturen tillsammans. Ta med matsäck.",
            "We go out into nature together. Bring a snack.",
        ),
        styles=(MONTHLY,),
        times=((time(10), time(13)), (time(12), time(15))),
        extra_themes=("physical-activity",),
    ),
    # Volunteering
    T(
        "volunteering",
        "volunteer_task",
        ("Vapaaehtoisten kahvilavuoro", "Frivilliga i caféet", "Volunteer café shift"),
        (
            (
                "Tule mukaan pitämään kahvilaa. Perehdytämme tehtävään, eikä aiempaa kokemusta "
                "tarvita."
            ),
            "Kom med och håll caféet öppet. Vi introducerar dig, ingen tidigare erfarenhet behövs.",
            "Come and help run the café. We show you what to do; no experience needed.",
        ),
        (
            "Voit auttaa kahvilassa. Näytämme, mitä tehdä.",
            "Du kan hjälpa till i caféet. Vi visar vad du ska göra.",
            "You can help in the café. We show you what to do.",
        ),
        times=OPEN_HOURS,
        weight=2,
    ),
    T(
        "volunteering",
        "course",
        ("Vapaaehtoisen peruskurssi", "Grundkurs för frivilliga", "Basic course for volunteers"),
        (
            (
                "Kurssi kertoo, mitä vapaaehtoistoiminta on ja miten voit auttaa. Kurssin jälkeen "
                "pääset mukaan ystävätoimintaan."
            ),
            (
                "Kursen berättar vad frivilligverksamhet är och hur du kan hjälpa. Efter kursen "
                "kan du bli vän till någon."
            ),
            (
                "The course tells what volunteering is and how you can help. After it you can "
                "start as a volunteer friend."
            ),
        ),
        (
            "Opit, miten voit auttaa muita. Ilmoittaudu ensin.",
            "Du lär dig hur du kan hjälpa andra. Anmäl dig först.",
            "You learn how to help others. Sign up first.",
        ),
        styles=(COURSE,),
        times=EVENING,
        signup=True,
        capacity=(10, 20),
    ),
    # Memory
    T(
        "memory",
        "drop_in",
        ("Muistikahvila", "Minnescafé", "Memory café"),
        (
            (
                "Muistikahvila on muistisairaille ja heidän läheisilleen. Juttelemme, kuulemme "
                "tietoiskun ja vaihdamme kokemuksia."
            ),
            (
                "Minnescaféet är för personer med minnessjukdom och deras närstående. Vi pratar, "
                "hör ett kort föredrag och delar erfarenheter."
            ),
            (
                "The memory café is for people with memory disorders and their family. We chat, "
                "hear a short talk and share experiences."
            ),
        ),
        (
            "Tule juomaan kahvia. Voit tulla yhdessä läheisen kanssa.",
            "Kom och drick kaffe. Du kan komma tillsammans med en anhörig.",
            "Come for coffee. You can come with a family member.",
        ),
        styles=(MONTHLY, BIWEEKLY),
        times=DAYTIME,
        extra_themes=("peer-support",),
        weight=2,
    ),
    T(
        "memory",
        "peer_support",
        (
            "Muistisairaiden läheisten vertaisryhmä",
            "Kamratgrupp för anhöriga till personer med minnessjukdom",
            "Peer group for family of people with memory disorders",
        ),
        (
            (
                "Ryhmässä läheiset jakavat kokemuksia arjesta muistisairaan kanssa. Vetäjänä on "
                "koulutettu vertaisohjaaja."
            ),
            (
                "I gruppen delar anhöriga erfarenheter av vardagen med en person med "
                "minnessjukdom. Gruppen leds av en utbildad kamratledare."
            ),
            (
                "Family members share experiences of everyday life with a person with a memory "
                "disorder, led by a trained peer leader."
            ),
        ),
        (
            "Puhumme arjesta. Kaikki ovat samassa tilanteessa.",
            "Vi pratar om vardagen. Alla är i samma situation.",
            "We talk about daily life. Everyone is in the same situation.",
        ),
        styles=(MONTHLY, BIWEEKLY),
        target_groups=("carers", "memory-disorders"),
        extra_themes=("peer-support",),
    ),
    # Long-term illnesses
    T(
        "heart-health",
        "club",
        ("Sydänkerho", "Hjärtklubben", "Heart club"),
        (
            (
                "Sydänkerhossa liikutaan kevyesti ja kuullaan asiantuntijoiden alustuksia "
                "sydänterveydestä."
            ),
            "I hjärtklubben rör vi oss lätt och hör experter berätta om hjärthälsa.",
            "At the heart club we do light exercise and hear experts talk about heart health.",
        ),
        (
            "Liikumme vähän ja kuulemme sydämen terveydestä.",
            "Vi rör oss lite och hör om hjärtats hälsa.",
            "We move a little and hear about heart health.",
        ),
        styles=(BIWEEKLY, MONTHLY),
        times=DAYTIME,
        extra_themes=("peer-support", "physical-activity"),
    ),
    T(
        "heart-health",
        "event",
        ("Verenpaineen mittauspäivä", "Blodtrycksmätning", "Blood pressure check day"),
        (
            "Mittaamme verenpaineen maksutta ja kerromme, miten sydäntä voi hoitaa arjessa.",
            "Vi mäter blodtrycket gratis och berättar hur man kan sköta hjärtat i vardagen.",
            "We check your blood pressure free of charge and tell how to look after your heart.",
        ),
        (
            "Voit mitata verenpaineen. Se on ilmaista.",
            "Du kan mäta ditt blodtryck. Det är gratis.",
            "You can have your blood pressure checked. It is free.",
        ),
        styles=(ONCE,),
        times=OPEN_HOURS,
    ),
    T(
        "diabetes",
        "peer_support",
        ("Diabeetikkojen vertaisryhmä", "Kamratgrupp för diabetiker", "Diabetes peer group"),
        (
            "Vertaisryhmässä jaetaan vinkkejä diabeteksen hoitoon, ruokaan ja liikuntaan.",
            "I kamratgruppen delar vi tips om diabetesvård, mat och motion.",
            "The peer group shares tips on managing diabetes, food and exercise.",
        ),
        (
            "Puhumme diabeteksesta. Annamme toisillemme vinkkejä.",
            "Vi pratar om diabetes. Vi ger varandra tips.",
            "We talk about diabetes. We give each other tips.",
        ),
        styles=(MONTHLY, BIWEEKLY),
        extra_themes=("peer-support", "nutrition"),
    ),
    T(
        "rheumatism",
        "club",
        ("Lämminvesivoimistelu", "Varmvattengymnastik", "Warm-water exercise"),
        (
            "Ohjattu vesivoimistelu lämpimässä altaassa on nivelille ystävällistä liikuntaa.",
            "Ledd vattengymnastik i en varm bassäng är skonsam motion för lederna.",
            "Guided exercise in a warm pool is gentle on the joints.",
        ),
        (
            "Jumppaamme lämpimässä vedessä. Maksu peritään paikan päällä.",
            "Vi gymnastiserar i varmt vatten. Avgiften betalas på plats.",
            "We exercise in warm water. Pay at the pool.",
        ),
        times=DAYTIME,
        extra_themes=("physical-activity",),
        fee=Decimal("6.00"),
    ),
    T(
        "cancer",
        "peer_support",
        (
            "Syöpään sairastuneiden vertaisryhmä",
            "Kamratgrupp för cancerdrabbade",
            "Peer group for people with cancer",
        ),
        (
            (
                "Luottamuksellinen ryhmä syöpään sairastuneille. Ryhmää vetää koulutettu "
                "vertaistukija."
            ),
            (
                "En förtrolig grupp för personer som har cancer. Gruppen leds av en utbildad "
                "stödperson."
            ),
            "A confidential group for people with cancer, led by a trained peer supporter.",
        ),
        (
            "Puhumme sairaudesta ja arjesta. Asiat jäävät ryhmään.",
            "Vi pratar om sjukdomen och vardagen. Det som sägs stannar i gruppen.",
            "We talk about the illness and daily life. What is said stays in the group.",
        ),
        styles=(BIWEEKLY, MONTHLY),
        extra_themes=("peer-support",),
        sensitive=True,
    ),
    T(
        "hearing",
        "drop_in",
        ("Kuulolaiteneuvonta", "Rådgivning om hörapparater", "Hearing aid advice"),
        (
            (
                "Vapaaehtoiset kuulolähettiläät neuvovat kuulolaitteen käytössä ja huollossa. "
                "Tilassa on induktiosilmukka."
            ),
            (
                "Frivilliga hörselambassadörer ger råd om användning och skötsel av hörapparater. "
                "Lokalen har hörslinga."
            ),
            (
                "Volunteer hearing ambassadors help with using and caring for hearing aids. The "
                "room has an induction loop."
            ),
        ),
        (
            "Autamme kuulolaitteen kanssa. Tule ilman ajanvarausta.",
            "Vi hjälper dig med hörapparaten. Kom utan tidsbokning.",
            "We help with your hearing aid. Come without an appointment.",
        ),
        styles=(MONTHLY,),
        times=OPEN_HOURS,
    ),
    T(
        "vision",
        "club",
        ("Näkövammaisten kerho", "Klubb för synskadade", "Club for people with visual impairments"),
        (
            (
                "Kerhossa kuunnellaan äänikirjoja, pelataan ja jutellaan. Opas tulee tarvittaessa "
                "bussipysäkille vastaan."
            ),
            (
                "I klubben lyssnar vi på ljudböcker, spelar och pratar. En guide möter vid "
                "busshållplatsen vid behov."
            ),
            (
                "At the club we listen to audiobooks, play games and chat. A guide can meet you at"
                " the bus stop."
            ),
        ),
        (
            "Kuuntelemme kirjoja ja pelaamme. Voit pyytää oppaan vastaan.",
            "Vi lyssnar på böcker och spelar. Du kan be om en guide.",
            "We listen to books and play games. You can ask for a guide.",
        ),
        styles=(BIWEEKLY,),
        times=DAYTIME,
    ),
    T(
        "disability",
        "club",
        ("Harrastekerho", "Hobbyklubben", "Hobby club"),
        (
            (
                "Esteetön harrastekerho, jossa tehdään käsitöitä, pelataan ja retkeillään. "
                "Avustaja voi tulla mukaan maksutta."
            ),
            (
                "En tillgänglig hobbyklubb med handarbete, spel och utflykter. En assistent får "
                "följa med gratis."
            ),
            (
                "An accessible hobby club with crafts, games and outings. An assistant can come "
                "along free of charge."
            ),
        ),
        (
            "Teemme käsitöitä ja pelaamme. Avustaja voi tulla mukaan.",
            "Vi gör handarbete och spelar. En assistent får följa med.",
            "We do crafts and play games. An assistant can come too.",
        ),
        styles=(WEEKLY, BIWEEKLY),
        weight=2,
    ),
    # Peer support
    T(
        "peer-support",
        "peer_support",
        (
            "Omaishoitajien vertaisryhmä",
            "Kamratgrupp för närståendevårdare",
            "Peer group for carers",
        ),
        (
            (
                "Omaishoitajat tapaavat toisiaan ja saavat tukea arkeen. Hoidettavalle voidaan "
                "järjestää sijainen ryhmän ajaksi."
            ),
            (
                "Närståendevårdare träffas och får stöd i vardagen. En avlösare kan ordnas under "
                "gruppens tid."
            ),
            (
                "Carers meet and get support for everyday life. A substitute carer can be arranged"
                " for the time of the group."
            ),
        ),
        (
            "Tapaat muita omaishoitajia. Saat tukea.",
            "Du träffar andra närståendevårdare. Du får stöd.",
            "You meet other carers. You get support.",
        ),
        styles=(BIWEEKLY, MONTHLY),
        target_groups=("carers",),
        weight=2,
    ),
    T(
        "peer-support",
        "peer_support",
        ("Vertaistukiryhmä", "Kamratstödsgrupp", "Peer support group"),
        (
            (
                "Ryhmässä jaetaan kokemuksia samassa elämäntilanteessa olevien kanssa. Ryhmää "
                "vetää koulutettu vertaisohjaaja."
            ),
            (
                "I gruppen delar man erfarenheter med andra i samma livssituation. Gruppen leds av"
                " en utbildad kamratledare."
            ),
            (
                "A group for sharing experiences with people in the same situation, led by a "
                "trained peer leader."
            ),
        ),
        (
            "Puhumme omista kokemuksista. Kuuntelemme toisia.",
            "Vi pratar om våra erfarenheter. Vi lyssnar på varandra.",
            "We talk about our experiences. We listen to each other.",
        ),
        styles=(WEEKLY, BIWEEKLY, MONTHLY),
        weight=4,
    ),
    # Families
    T(
        "family-support",
        "drop_in",
        ("Perhekahvila", "Familjecafé", "Family café"),
        (
            (
                "Perhekahvila on avoin kohtaamispaikka vauvoille, taaperoille ja heidän "
                "aikuisilleen. Leikkitila ja kahvi."
            ),
            (
                "Familjecaféet är en öppen mötesplats för bebisar, småbarn och deras vuxna. Lekrum"
                " och kaffe."
            ),
            (
                "The family café is an open meeting place for babies, toddlers and their "
                "grown-ups, with a play area and coffee."
            ),
        ),
        (
            "Tule lapsen kanssa leikkimään. Aikuisille on kahvia.",
            "Kom och lek med ditt barn. Det finns kaffe för vuxna.",
            "Come and play with your child. There is coffee for grown-ups.",
        ),
        styles=(WEEKLY, TWICE),
        times=((time(9, 30), time(11, 30)), (time(10), time(12))),
        weight=4,
    ),
    T(
        "family-support",
        "peer_support",
        (
            "Vauvaperheiden vertaisryhmä",
            "Kamratgrupp för babyfamiljer",
            "Peer group for families with babies",
        ),
        (
            "Ryhmässä vanhemmat jakavat vauva-arjen iloja ja huolia. Vauvat tulevat mukaan.",
            "I gruppen delar föräldrar glädje och bekymmer i vardagen med bebis. Bebisarna är med.",
            "Parents share the joys and worries of life with a baby. Babies come along.",
        ),
        (
            "Tapaat muita vauvaperheitä. Vauva voi tulla mukaan.",
            "Du träffar andra babyfamiljer. Bebisen får följa med.",
            "You meet other families with babies. Bring your baby.",
        ),
        styles=(WEEKLY, COURSE),
        times=((time(10), time(11, 30)),),
        target_groups=("families", "children"),
        signup=True,
        capacity=(8, 12),
    ),
    T(
        "family-support",
        "event",
        ("Perheiden liikuntapäivä", "Idrottsdag för familjer", "Family sports day"),
        (
            "Leikkejä, liikuntarasteja ja mehutarjoilu koko perheelle.",
            "Lekar, idrottsstationer och saft för hela familjen.",
            "Games, activity points and juice for the whole family.",
        ),
        (
            "Leikimme ja liikumme koko perheen kanssa.",
            "Vi leker och rör på oss med hela familjen.",
            "Play and move with the whole family.",
        ),
        styles=(ONCE,),
        times=((time(10), time(14)),),
    ),
    # Housing, mental health, substances
    T(
        "housing",
        "drop_in",
        (
            "Asumisneuvonnan päivystys",
            "Boenderådgivning utan tidsbokning",
            "Housing advice drop-in",
        ),
        (
            (
                "Neuvomme vuokra-asioissa, asumistuessa ja asunnon hakemisessa. Tule ilman "
                "ajanvarausta."
            ),
            "Vi ger råd om hyresfrågor, bostadsbidrag och att söka bostad. Kom utan tidsbokning.",
            "Advice on renting, housing allowance and finding a home. No appointment needed.",
        ),
        (
            "Autamme asunnon kanssa. Tule, kun sinulle sopii.",
            "Vi hjälper dig med boendet. Kom när det passar dig.",
            "We help with housing. Come when it suits you.",
        ),
        times=OPEN_HOURS,
    ),
    T(
        "mental-health",
        "peer_support",
        (
            "Mielenterveyskuntoutujien vertaisryhmä",
            "Kamratgrupp för psykisk återhämtning",
            "Mental health recovery peer group",
        ),
        (
            (
                "Luottamuksellinen ryhmä, jossa puhutaan jaksamisesta ja toipumisesta. Ryhmässä ei"
                " tarvitse kertoa enempää kuin haluaa."
            ),
            (
                "En förtrolig grupp där vi pratar om att orka och att återhämta sig. Ingen behöver"
                " berätta mer än hen vill."
            ),
            (
                "A confidential group about coping and recovery. Nobody has to say more than they "
                "want to."
            ),
        ),
        (
            "Puhumme jaksamisesta. Voit vain kuunnella.",
            "Vi pratar om att orka. Du kan bara lyssna.",
            "We talk about coping. You can just listen.",
        ),
        styles=(WEEKLY, BIWEEKLY),
        extra_themes=("peer-support",),
        sensitive=True,
        weight=2,
    ),
    T(
        "mental-health",
        "drop_in",
        (
            "Olkkari – mielen hyvinvoinnin olohuone",
            "Vardagsrum för psykiskt välbefinnande",
            "Drop-in for mental wellbeing",
        ),
        (
            (
                "Matalan kynnyksen olohuone, jossa voi olla, jutella tai pelata. Paikalla on "
                "vertaisohjaajia."
            ),
            (
                "Ett lågtröskelvardagsrum där du kan vara, prata eller spela. Kamratledare finns "
                "på plats."
            ),
            (
                "A low-threshold living room to spend time, talk or play games. Peer leaders are "
                "there."
            ),
        ),
        (
            "Voit tulla olemaan. Voit myös jutella.",
            "Du kan komma och bara vara. Du kan också prata.",
            "You can come and just be. You can also talk.",
        ),
        styles=(TWICE, WEEKLY),
        times=OPEN_HOURS,
        extra_themes=("loneliness", "peer-support"),
    ),
    T(
        "substance-use",
        "peer_support",
        (
            "Päihteettömän elämän vertaisryhmä",
            "Kamratgrupp för ett drogfritt liv",
            "Sobriety peer group",
        ),
        (
            (
                "Luottamuksellinen vertaisryhmä päihteettömyyttä tavoitteleville. Nimettömänä voi "
                "tulla."
            ),
            "En förtrolig kamratgrupp för den som vill leva utan rusmedel. Du kan komma anonymt.",
            (
                "A confidential peer group for people aiming to live without substances. You can "
                "come anonymously."
            ),
        ),
        (
            "Tuemme toisiamme. Voit tulla ilman nimeä.",
            "Vi stöder varandra. Du kan komma utan att säga ditt namn.",
            "We support each other. You can come without giving your name.",
        ),
        times=EVENING,
        extra_themes=("peer-support",),
        sensitive=True,
        weight=2,
    ),
    T(
        "substance-use",
        "drop_in",
        ("Päihteetön lauantaikahvila", "Drogfritt lördagscafé", "Substance-free Saturday café"),
        (
            "Päihteetön kahvila, jossa on seuraa, pelejä ja edullinen keittolounas.",
            "Ett drogfritt café med sällskap, spel och en billig soplunch.",
            "A substance-free café with company, games and a cheap soup lunch.",
        ),
        (
            "Tule juttelemaan. Täällä ei käytetä päihteitä.",
            "Kom och prata. Här används inga rusmedel.",
            "Come and talk. No alcohol or drugs here.",
        ),
        times=((time(11), time(15)),),
        extra_themes=("loneliness",),
    ),
    T(
        "substance-use",
        "peer_support",
        ("Peliriippuvaisten vertaisryhmä", "Kamratgrupp för spelberoende", "Gambling peer group"),
        (
            (
                "Vertaisryhmä rahapelaamisesta kärsiville ja heidän läheisilleen. "
                "Luottamuksellinen ja maksuton."
            ),
            "En kamratgrupp för den som lider av spelande och för anhöriga. Förtrolig och gratis.",
            "A peer group for people harmed by gambling and their family. Confidential and free.",
        ),
        (
            "Puhumme pelaamisesta. Asiat jäävät ryhmään.",
            "Vi pratar om spelande. Det som sägs stannar i gruppen.",
            "We talk about gambling. What is said stays in the group.",
        ),
        styles=(BIWEEKLY,),
        times=EVENING,
        extra_themes=("peer-support",),
        sensitive=True,
    ),
    # Participation, work, food, safety
    T(
        "participation",
        "event",
        ("Asukasilta", "Invånarkväll", "Residents' evening"),
        (
            (
                "Asukasillassa kerrotaan alueen ajankohtaisista asioista ja kuullaan asukkaiden "
                "toiveita hyvinvointialueelle."
            ),
            (
                "På invånarkvällen berättar vi om aktuella frågor i området och samlar invånarnas "
                "önskemål till välfärdsområdet."
            ),
            (
                "At the residents' evening we share local news and collect residents' wishes for "
                "the welfare area."
            ),
        ),
        (
            "Kerro, mitä alueella tarvitaan. Me viemme viestin eteenpäin.",
            "Berätta vad som behövs i området. Vi för det vidare.",
            "Tell us what the area needs. We pass it on.",
        ),
        styles=(ONCE,),
        times=EVENING,
    ),
    T(
        "participation",
        "club",
        ("Suomen kielen keskusteluryhmä", "Samtalsgrupp i finska", "Finnish conversation group"),
        (
            "Harjoittelemme arjen suomea keskustellen. Kaikki tasot ovat tervetulleita.",
            "Vi övar vardagsfinska genom att prata. Alla nivåer är välkomna.",
            "We practise everyday Finnish by talking. All levels are welcome.",
        ),
        (
            "Puhumme suomea yhdessä. Voit tulla, vaikka osaat vähän.",
            "Vi pratar finska tillsammans. Du kan komma även om du kan lite.",
            "We speak Finnish together. Come even if you know only a little.",
        ),
        target_groups=("immigrants",),
        weight=2,
    ),
    T(
        "employment",
        "drop_in",
        ("Työnhakupaja", "Jobbsökarverkstad", "Job-search workshop"),
        (
            (
                "Apua työhakemuksiin, ansioluetteloon ja työpaikkojen etsimiseen. Paikalla on "
                "työvalmentaja."
            ),
            "Hjälp med ansökningar, cv och att hitta lediga jobb. En jobbcoach finns på plats.",
            "Help with applications, CVs and finding vacancies. A job coach is there.",
        ),
        (
            "Autamme työhakemuksen kanssa. Tule ilman ajanvarausta.",
            "Vi hjälper dig med jobbansökan. Kom utan tidsbokning.",
            "We help with job applications. Come without an appointment.",
        ),
        times=OPEN_HOURS,
        weight=2,
    ),
    T(
        "nutrition",
        "course",
        (
            "Ruokakurssi: edullista ja terveellistä",
            "Matkurs: billigt och hälsosamt",
            "Cooking course: cheap and healthy",
        ),
        (
            (
                "Kurssilla valmistetaan yhdessä edullisia arkiruokia ja syödään ne. "
                "Raaka-ainemaksu peritään."
            ),
            (
                "På kursen lagar vi billig vardagsmat tillsammans och äter den. En avgift för "
                "råvarorna tas ut."
            ),
            (
                "We cook cheap everyday meals together and eat them. There is a fee for the "
                "ingredients."
            ),
        ),
        (
            "Teemme ruokaa yhdessä. Ilmoittaudu ensin.",
            "Vi lagar mat tillsammans. Anmäl dig först.",
            "We cook together. Sign up first.",
        ),
        styles=(COURSE,),
        times=EVENING,
        fee=Decimal("15.00"),
        signup=True,
        capacity=(8, 12),
    ),
    T(
        "safety-rescue",
        "event",
        (
            "Turvallisuusilta: kodin paloturvallisuus",
            "Säkerhetskväll: brandsäkerhet hemma",
            "Safety evening: fire safety at home",
        ),
        (
            (
                "Palokunnan vapaaehtoiset kertovat palovaroittimista, sammutuspeitteen käytöstä ja"
                " poistumisesta kotoa."
            ),
            (
                "Frivilliga från brandkåren berättar om brandvarnare, brandfilt och hur man tar "
                "sig ut hemifrån."
            ),
            (
                "Fire brigade volunteers talk about smoke alarms, fire blankets and getting out of"
                " your home."
            ),
        ),
        (
            "Opit, miten kodissa vältetään tulipalo.",
            "Du lär dig hur man undviker brand hemma.",
            "You learn how to prevent fires at home.",
        ),
        styles=(ONCE,),
        times=EVENING,
    ),
    T(
        "safety-rescue",
        "volunteer_task",
        ("Palokunnan harjoitusilta", "Brandkårens övningskväll", "Fire brigade practice evening"),
        (
            (
                "Viikoittaiset harjoitukset uusille ja vanhoille jäsenille. Varusteet saa "
                "palokunnalta."
            ),
            "Övningar varje vecka för nya och gamla medlemmar. Utrustningen får du av brandkåren.",
            "Weekly practice for new and old members. The brigade provides the gear.",
        ),
        (
            "Harjoittelemme yhdessä. Saat varusteet meiltä.",
            "Vi övar tillsammans. Du får utrustning av oss.",
            "We practise together. We give you the gear.",
        ),
        times=EVENING,
        extra_themes=("volunteering",),
    ),
]

# Named titles for the generic peer support group: the organisation's target group.
# The template's title is joined with the group's name in each language.
GENERIC_PEER_TITLE = "Vertaistukiryhmä"

# Where activities held "at another address" meet (a street per kind of venue).
ADDRESS_VENUES = [
    ("Seurakuntatalo", "Kirkkotie"),
    ("Kirjasto", "Kirjastokatu"),
    ("Liikuntahalli", "Urheilutie"),
    ("Koulu", "Koulutie"),
    ("Palvelukeskus", "Keskustie"),
]

CONTACT_ROLES = {
    "peer_support": "vertaisohjaaja",
    "drop_in": "toiminnanohjaaja",
    "club": "kerhon vetäjä",
    "course": "kurssin ohjaaja",
    "event": "tapahtuman järjestäjä",
    "volunteer_task": "vapaaehtoistoiminnan koordinaattori",
}
