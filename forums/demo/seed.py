"""Demo participation forums (invented people and texts): a past August forum with a closed
consultation, its comments and a "you said, we did" summary, and an upcoming November forum
with an open consultation on the draft association-collaboration model. Idempotent: the forums
are found by their slugs."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from areas.models import WelfareArea
from bodies.decisions import published_decisions

from ..models import (
    Agreement,
    Channel,
    Comment,
    Consultation,
    Forum,
    ModerationLog,
    OutcomeLink,
    Section,
)

HELSINKI = ZoneInfo("Europe/Helsinki")
PAST_SLUG = "demo-osallisuusfoorumi-elokuu"
UPCOMING_SLUG = "demo-osallisuusfoorumi-marraskuu"

PARTICIPANTS = [
    ("foorumi.aino@yhdessa.example", "Aino Esimerkki"),
    ("foorumi.veikko@yhdessa.example", "Veikko Kuvitteellinen"),
    ("foorumi.leena@yhdessa.example", "Leena Keksitty"),
]


def _last(month: int, day: int, now: datetime) -> datetime:
    """The last <day>.<month>. at 13.00 Helsinki time before now."""
    year = now.year
    moment = datetime(year, month, day, 13, 0, tzinfo=HELSINKI)
    return moment if moment < now else moment.replace(year=year - 1)


def _next(month: int, day: int, now: datetime) -> datetime:
    """The next <day>.<month>. at 13.00 Helsinki time after now."""
    moment = datetime(now.year, month, day, 13, 0, tzinfo=HELSINKI)
    return moment if moment > now else moment.replace(year=now.year + 1)


def _participants() -> list[User]:
    users = []
    for email, name in PARTICIPANTS:
        user, created = User.objects.get_or_create(
            email=email, defaults={"display_name": name, "language": "fi"}
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        users.append(user)
    return users


def _sections(consultation: Consultation, texts: list[tuple[str, str, str]]) -> list[Section]:
    return [
        Section.objects.create(
            consultation=consultation, order=index, title_fi=title, title_sv=title_sv, body_fi=body
        )
        for index, (title, title_sv, body) in enumerate(texts, start=1)
    ]


def _past(area: WelfareArea, users: list[User], coordinator: User | None, now: datetime) -> None:
    starts = _last(8, 20, now)
    forum = Forum.objects.create(
        welfare_area=area,
        slug=PAST_SLUG,
        title_fi="Osallisuusfoorumi elokuussa",
        title_sv="Delaktighetsforum i augusti",
        title_en="Participation forum in August",
        description_fi=(
            "Lyhyitä alustuksia ja ryhmätyötä osallisuusmallin luonnoksesta. "
            "Mukana yhdistyksiä, ammattilaisia, kokemusasiantuntijoita ja asukkaita."
        ),
        starts_at=starts,
        ends_at=starts + timedelta(hours=3),
        place="",
        online_url="https://meet.yhdessa.example/osallisuusfoorumi-elokuu",
        signup_open=False,
        signup_info="Ilmoittautuminen myös puhelimitse: 040 000 0000 (esimerkki)",
        is_published=True,
    )
    consultation = Consultation.objects.create(
        forum=forum,
        title_fi="Osallisuusmallin luonnos",
        title_sv="Utkast till delaktighetsmodell",
        title_en="Draft participation model",
        intro_fi="Kommentoi luonnosta osio kerrallaan. Palaute kootaan jatkotyötä varten.",
        opens_at=starts - timedelta(days=14),
        closes_at=starts + timedelta(days=14),
        is_published=True,
    )
    first, second, third = _sections(
        consultation,
        [
            (
                "Osallisuuden kanavat",
                "Kanaler för delaktighet",
                "Asukkaat voivat osallistua verkossa, tapaamisissa, puhelimitse ja paperilla. "
                "Kaikki kanavat ovat yhtä arvokkaita.",
            ),
            (
                "Asiakasosallisuus",
                "Klientdelaktighet",
                "Palveluja kehitetään yhdessä niiden käyttäjien kanssa.",
            ),
            (
                "Kehittämisosallisuus",
                "Utvecklingsdelaktighet",
                "Yhdistykset ja kokemusasiantuntijat ovat mukana suunnittelussa alusta asti.",
            ),
        ],
    )
    closed_at = starts + timedelta(days=15)
    aino, veikko, leena = users
    c1 = Comment.objects.create(
        consultation=consultation,
        section=first,
        author=aino,
        body="Paperilomakkeita pitäisi olla kirjastoissa ja kohtaamispaikoissa.",
        created_at=starts - timedelta(days=3),
    )
    Comment.objects.create(
        consultation=consultation,
        section=first,
        parent=c1,
        author=veikko,
        body="Samaa mieltä. Myös puhelinnumero, johon voi soittaa palautteen.",
        created_at=starts - timedelta(days=2),
    )
    Comment.objects.create(
        consultation=consultation,
        section=second,
        author=leena,
        is_anonymous=True,
        body="Kokemusasiantuntijoille pitää maksaa palkkio, muuten mukaan pääsevät vain harvat.",
        created_at=starts + timedelta(hours=1),
    )
    Comment.objects.create(
        consultation=consultation,
        section=third,
        author=None,
        entered_by=coordinator,
        channel=Channel.MEETING,
        offline_name="Pirkko (ryhmätyö 2)",
        offline_name_public=True,
        body="Ryhmä toivoi, että yhdistykset kutsutaan mukaan jo ennen kuin luonnos kirjoitetaan.",
        created_at=starts + timedelta(hours=2),
    )
    for user in (veikko, leena):
        Agreement.objects.get_or_create(comment=c1, user=user)
    consultation.closed_at = closed_at
    consultation.summary_fi = (
        "Te sanoitte: osallistumisen pitää onnistua myös ilman verkkoa, ja "
        "kokemusasiantuntijoiden työstä pitää maksaa.\n\n"
        "Me teimme: osallisuusmalliin lisättiin paperi- ja puhelinkanava, ja "
        "kokemusasiantuntijoiden palkkiot käsitellään järjestöyhteistyön työryhmässä."
    )
    consultation.summary_sv = (
        "Ni sade: man ska kunna delta även utan nätet.\n\n"
        "Vi gjorde: pappers- och telefonkanalen lades till i modellen."
    )
    consultation.summary_published_at = closed_at
    consultation.participants_notified_at = closed_at
    consultation.save()
    OutcomeLink.objects.create(
        consultation=consultation,
        title="Järjestöyhteistyön työryhmän muistio (esimerkki)",
        url="https://yhdessa.example/muistiot/tyoryhma-syyskuu",
        order=1,
    )
    # A real decision of the bodies demo, when its seeder ran first (it runs after this one in
    # INSTALLED_APPS order, so only when the bodies' demo was seeded separately before).
    decisions = published_decisions(area.pk)
    if decisions:
        OutcomeLink.objects.create(
            consultation=consultation,
            decision_id=decisions[0].item_id,
            title=decisions[0].label,
            order=0,
        )
    ModerationLog.objects.create(
        consultation=consultation, actor=coordinator, action=ModerationLog.Action.CLOSE
    )


def _upcoming(
    area: WelfareArea, users: list[User], coordinator: User | None, now: datetime
) -> None:
    starts = _next(11, 18, now)
    forum = Forum.objects.create(
        welfare_area=area,
        slug=UPCOMING_SLUG,
        title_fi="Osallisuusfoorumi marraskuussa",
        title_sv="Delaktighetsforum i november",
        title_en="Participation forum in November",
        description_fi=(
            "Käsittelemme järjestöyhteistyön toimintamallin luonnosta. Tervetuloa kaikki "
            "alueen yhdistykset, ammattilaiset, vapaaehtoiset ja asukkaat."
        ),
        starts_at=starts,
        ends_at=starts + timedelta(hours=3),
        place="Kaupungintalo, kokoushuone 2 (esimerkki)",
        online_url="https://meet.yhdessa.example/osallisuusfoorumi-marraskuu",
        signup_open=True,
        signup_info="Puhelimitse: 040 000 0000 (esimerkki)",
        is_published=True,
    )
    consultation = Consultation.objects.create(
        forum=forum,
        title_fi="Järjestöyhteistyön toimintamallin luonnos",
        title_sv="Utkast till modell för samarbete med föreningar",
        title_en="Draft association-collaboration model",
        intro_fi=(
            "Luonnos kertoo, miten hyvinvointialue ja yhdistykset tekevät yhteistyötä. "
            "Kommentoi osioita ennen foorumia tai sen jälkeen."
        ),
        opens_at=now - timedelta(days=7),
        closes_at=starts + timedelta(days=14),
        is_published=True,
    )
    _s1, s2, s3, s4 = _sections(
        consultation,
        [
            (
                "Yhteistyön tavoitteet",
                "Målen för samarbetet",
                "Yhteistyön tavoite on, että asukas löytää yhdistysten toiminnan helposti.",
            ),
            (
                "Kumppanuuspöydät",
                "Partnerskapsbord",
                "Kumppanuuspöydät kokoontuvat neljä kertaa vuodessa teemoittain.",
            ),
            (
                "Tiedonkulku",
                "Informationsflöde",
                "Alue kertoo yhdistyksille ajoissa valmistelussa olevista asioista.",
            ),
            (
                "Avustukset ja tilat",
                "Bidrag och lokaler",
                "Yhdistykset voivat käyttää alueen tiloja maksutta omaan toimintaansa.",
            ),
        ],
    )
    aino, veikko, leena = users
    c1 = Comment.objects.create(
        consultation=consultation,
        section=s2,
        author=veikko,
        body="Pöytien muistiot pitäisi julkaista kahden viikon sisällä kokouksesta.",
        created_at=now - timedelta(days=5),
    )
    Comment.objects.create(
        consultation=consultation,
        section=s2,
        parent=c1,
        author=aino,
        body="Ja selkokielellä, kiitos!",
        created_at=now - timedelta(days=4),
    )
    Comment.objects.create(
        consultation=consultation,
        section=s4,
        author=leena,
        body="Tilojen varausjärjestelmä on vaikea. Lisätietoa: https://yhdessa.example/tilat",
        created_at=now - timedelta(days=3),
    )
    offline = Comment.objects.create(
        consultation=consultation,
        section=s3,
        author=None,
        entered_by=coordinator,
        channel=Channel.PHONE,
        offline_name="Eläkeläinen Muuramesta",
        offline_name_public=False,
        body="Kaikki eivät käytä sähköpostia. Tiedotteet myös paikallislehteen.",
        created_at=now - timedelta(days=2),
    )
    ModerationLog.objects.create(
        consultation=consultation,
        actor=coordinator,
        comment=offline,
        action=ModerationLog.Action.OFFLINE,
    )
    Agreement.objects.get_or_create(comment=c1, user=aino)
    Agreement.objects.get_or_create(comment=c1, user=leena)
    Agreement.objects.get_or_create(comment=offline, user=veikko)


@transaction.atomic
def seed() -> list[str]:
    if Forum.objects.filter(slug__in=[PAST_SLUG, UPCOMING_SLUG]).exists():
        return ["The demo forums exist already; nothing to create."]
    area = WelfareArea.objects.get(slug="keski-suomi")
    coordinator = User.objects.filter(email="koordinaattori.keskisuomi@yhdessa.example").first()
    users = _participants()
    now = timezone.now()
    _past(area, users, coordinator, now)
    _upcoming(area, users, coordinator, now)
    return [
        "Created 2 demo participation forums (August, with a summary; November, open for "
        "comments) at /fi/forums/."
    ]
