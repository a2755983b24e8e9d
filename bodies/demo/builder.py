"""Demo data of the partnership bodies (BodiesConfig.demo_seeder): the four bodies of
Keski-Suomi, invented members from the demo organisations, past meetings with published minutes,
decisions and actions (some overdue), and one upcoming meeting with a published agenda.

Idempotent: the bodies are created once (by slug); a later run only makes sure the demo accounts
exist. Runs after the registry's seeder (INSTALLED_APPS order), whose organisations it uses."""

from __future__ import annotations

import random
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.utils import timezone

from accounts.models import User
from areas.models import WelfareArea
from organisations.demo.seed import DEMO_PASSWORD
from organisations.models import Organisation, Status
from taxonomy.models import Network

from .. import services
from ..models import ActionItem, AgendaItem, Body, BodyMember, Meeting

SEED = 2026

BODIES = [
    (
        "ks-kumppanuuspoyta",
        "partnership_table",
        "ks-kumppanuuspoyta",
        ("Järjestöjen ja alueen kumppanuuspöytä", "Partnerskapsbordet", "Partnership table"),
        "Hyvinvointialueen ja järjestöjen yhteinen kumppanuuspöytä sopii yhteistyön "
        "rakenteista, avustuksista ja tilojen käytöstä.",
    ),
    (
        "ks-jarjestoareena",
        "arena",
        "ks-jarjestoareena",
        ("Keski-Suomen Järjestöareena", "Organisationsarenan", "Association arena"),
        "Avoin areena, jossa järjestöt tuovat esiin jäsentensä tarpeita ja hyviä käytäntöjä.",
    ),
    (
        "ks-asiantuntijaryhma",
        "expert_group",
        None,
        (
            "Järjestöjen ja seurakuntien asiantuntijaryhmä",
            "Expertgruppen för organisationer och församlingar",
            "Expert group of associations and parishes",
        ),
        "Valmistelee kumppanuuspöydälle asioita järjestöjen ja seurakuntien näkökulmasta.",
    ),
    (
        "ks-rajapintajaosto",
        "subcommittee",
        None,
        ("Rajapintajaosto", "Gränssnittssektionen", "Interface sub-committee"),
        "Käsittelee palveluohjausta järjestöjen toiminnan ja julkisten palvelujen rajapinnassa.",
    ),
]

FIRST = ["Aino", "Eero", "Helmi", "Ilkka", "Kaisa", "Lauri", "Minna", "Oskari", "Riikka", "Timo"]
LAST = ["Demola", "Esimerkki", "Kuvitelma", "Malli", "Testinen", "Keksitty", "Harjoitus"]
ROLES = ["chair", "vice_chair", "secretary", "member", "member", "member", "deputy"]

ITEMS = [
    (
        "Järjestöavustusten haku",
        "Yhdistysten avustusten hakuaika ja painopisteet ensi vuodelle.",
        "Hyväksytään hakuilmoitus esityksen mukaan.",
        "Keskusteltiin avustusten painopisteistä ja pienten yhdistysten tuesta.",
        "Hyväksyttiin hakuilmoitus. Pienten yhdistysten päätöksiä nopeutetaan.",
        "approved",
    ),
    (
        "Tilojen käyttö",
        "Kohtaamispaikkojen ja koulujen tilojen maksuton käyttö yhdistyksille.",
        "Selvitetään tilojen käytön periaatteet.",
        "Todettiin tarve yhteiselle tilavarausjärjestelmälle.",
        "Palautettiin valmisteluun: selvitys kunnilta.",
        "returned",
    ),
    (
        "Palveluohjaus molempiin suuntiin",
        "Sote-keskusten järjestöyhteyshenkilöt ja palveluohjaus järjestöjen toimintaan.",
        "Nimetään järjestöyhteyshenkilö jokaiseen sote-keskukseen.",
        "Keskustelussa korostettiin koulutussuunnitelmaa henkilöstölle.",
        "Hyväksyttiin muutettuna: yhteyshenkilöt nimetään vuoden loppuun mennessä.",
        "amended",
    ),
    (
        "Hyvinvointikertomus",
        "Alueellisen hyvinvointikertomuksen järjestöosio.",
        "Merkitään tiedoksi.",
        "",
        "Merkittiin tiedoksi.",
        "noted",
    ),
]

ACCOUNTS = [
    ("puheenjohtaja@yhdessa.example", "Demopuheenjohtaja", "chair of the partnership table"),
    ("sihteeri@yhdessa.example", "Demosihteeri", "secretary of the partnership table"),
]


def _account(email: str, name: str) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=DEMO_PASSWORD, display_name=name)
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def seed_bodies() -> list[str]:
    chair_user = _account(*ACCOUNTS[0][:2])
    secretary_user = _account(*ACCOUNTS[1][:2])
    lines = [
        f"  {email}  {role}" for email, _name, role in ACCOUNTS
    ]  # password as for the registry's logins
    if Body.objects.filter(slug=BODIES[0][0]).exists():
        return ["The demo bodies exist already; nothing to create.", *lines]
    area = WelfareArea.objects.get(slug="keski-suomi")
    organisations = list(
        Organisation.objects.filter(welfare_area=area, status=Status.PUBLISHED).order_by("pk")[:60]
    )
    rng = random.Random(SEED)
    member_user = User.objects.filter(email="yhdistys@yhdessa.example").first()
    now = timezone.now()
    today = timezone.localdate()
    meetings = 0
    for index, (slug, kind, network_slug, names, description) in enumerate(BODIES):
        body = Body.objects.create(
            welfare_area=area,
            kind=kind,
            network=Network.objects.filter(slug=network_slug).first() if network_slug else None,
            slug=slug,
            name_fi=names[0],
            name_sv=names[1],
            name_en=names[2],
            description_fi=description,
        )
        members = []
        for n, role in enumerate(ROLES):
            user = None
            if index == 0:
                user = {"chair": chair_user, "secretary": secretary_user}.get(role)
                if n == 3:
                    user = member_user
            members.append(
                BodyMember.objects.create(
                    body=body,
                    name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                    user=user,
                    organisation=rng.choice(organisations) if organisations else None,
                    role=role,
                    term_start=today - timedelta(days=500),
                    term_end=today + timedelta(days=600),
                )
            )
        chair = members[0]
        # Past meetings with published minutes, every ~6 weeks.
        for m in (3, 2, 1):
            meeting = Meeting.objects.create(
                body=body,
                starts_at=(now - timedelta(weeks=6 * m)).replace(
                    hour=13, minute=0, second=0, microsecond=0
                ),
                place="Jyväskylän kaupungintalo, kokoushuone 2",
                online_url="https://meet.yhdessa.example/kumppanuus",
            )
            meeting.attendees.set(members[:5])
            for position, (title, background, proposal, discussion, decision, outcome) in enumerate(
                rng.sample(ITEMS, 3), start=1
            ):
                item = AgendaItem.objects.create(
                    meeting=meeting,
                    position=position,
                    title=title,
                    presenter=members[2].name,
                    background=background,
                    proposed_decision=proposal,
                    discussion=discussion,
                    decision=decision,
                    outcome=outcome,
                )
                if outcome in ("approved", "amended"):
                    owner = rng.choice(members[1:5])
                    services.action_create(
                        action=ActionItem(
                            item=item,
                            title=f"Toimeenpano: {title.lower()}",
                            owner_member=owner if position % 2 else None,
                            owner_organisation=None if position % 2 else owner.organisation,
                            # Earlier meetings' actions are overdue, the latest ones not yet.
                            due_date=today + timedelta(days=21 - 14 * m),
                        ),
                        user=None,
                    )
            services.agenda_publish(meeting=meeting)
            services.minutes_submit(meeting=meeting, review_days=7)
            services.minutes_approve(meeting=meeting, chair=chair, user=chair.user)
            meetings += 1
        # The next meeting, its agenda published.
        upcoming = Meeting.objects.create(
            body=body,
            starts_at=(now + timedelta(days=10 + index)).replace(
                hour=13, minute=0, second=0, microsecond=0
            ),
            place="Jyväskylän kaupungintalo, kokoushuone 2",
        )
        for position, (title, background, proposal, *_rest) in enumerate(ITEMS[:2], start=1):
            AgendaItem.objects.create(
                meeting=upcoming,
                position=position,
                title=title,
                presenter=members[2].name,
                background=background,
                proposed_decision=proposal,
            )
        services.agenda_publish(meeting=upcoming)
        meetings += 1
    return [f"Created {len(BODIES)} demo bodies and {meetings} meetings.", *lines]
