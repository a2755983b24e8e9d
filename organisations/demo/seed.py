"""The demo registry: Central Finland in the proportions of domain.md, a small Vantaa–Kerava
set, and a few demo accounts. Deterministic (fixed seed) and idempotent (see `seed_demo`)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from areas.models import Coordinator, WelfareArea
from taxonomy.loader import load_taxonomy
from taxonomy.models import Network, Term

from ..models import Membership, Organisation, Status
from ..services.core import organisation_record_version, organisation_refresh_search
from .builder import Builder, Context, Identifiers, Row, insert_rows
from .places import Place
from .vocabulary import BRANCH, NATIONAL_CHILD_WELFARE, TEMPLATES

SEED = 2026
DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 - published demo logins

# Organisations per sector in Keski-Suomi; child and family work also gets the branches.
KESKI_SUOMI_PLAN = {
    "older_people": 102,
    "patient_disability": 98,
    "child_family": 38,
    "wellbeing": 66,
    "mental_substance": 36,
    "carers": 8,
    "rescue": 9,
    "youth": 7,
    "employment": 30,
    "other": 58,
}
KESKI_SUOMI_BRANCHES = 52
VANTAA_KERAVA_PLAN = {
    "older_people": 4,
    "patient_disability": 4,
    "child_family": 3,
    "wellbeing": 3,
    "mental_substance": 4,
    "employment": 2,
    "other": 3,
}
VANTAA_KERAVA_BRANCHES = ("092", "245")

# Named examples that always exist (and that the demo accounts belong to).
# (sector, name pattern, municipality code, nickname)
SHOWCASE = [
    ("patient_disability", "{g} Muistiyhdistys ry", "249", ""),
    ("carers", "{g} Seudun Omaishoitajat ry", "182", ""),
    ("mental_substance", "{g} Mielenterveysyhdistys {nick} ry", "992", "Mielikki"),
    ("older_people", "{g} Eläkkeensaajat ry", "410", ""),
    ("patient_disability", "{g} Sydänyhdistys ry", "729", ""),
]

ARCHIVE_REASONS = [
    "Yhdistys purkautui vuosikokouksen päätöksellä.",
    "Toiminta yhdistyi naapurikunnan yhdistykseen.",
]


@dataclass(frozen=True)
class DemoAccount:
    email: str
    display_name: str
    role: str


ACCOUNTS = [
    DemoAccount("asukas@yhdessa.example", "Demoasukas", "resident"),
    DemoAccount("yhdistys@yhdessa.example", "Demoyhdistyksen ylläpitäjä", "organisation admin"),
    DemoAccount("toimittaja@yhdessa.example", "Demotoimittaja", "organisation editor"),
    DemoAccount(
        "koordinaattori.keskisuomi@yhdessa.example",
        "Keski-Suomen demokoordinaattori",
        "coordinator, keski-suomi",
    ),
    DemoAccount(
        "koordinaattori.vantaakerava@yhdessa.example",
        "Vantaa–Keravan demokoordinaattori",
        "coordinator, vantaa-kerava",
    ),
    DemoAccount("yllapito@yhdessa.example", "Demoylläpito", "staff superuser"),
]
# email: [(organisation slug, membership role)]
MEMBERSHIPS = {
    "yhdistys@yhdessa.example": [
        ("keuruun-muistiyhdistys", Membership.Role.ADMIN),
        ("laukaan-elakkeensaajat", Membership.Role.ADMIN),
    ],
    "toimittaja@yhdessa.example": [
        ("keuruun-muistiyhdistys", Membership.Role.EDITOR),
        ("aanekosken-mielenterveysyhdistys-mielikki", Membership.Role.EDITOR),
    ],
}
COORDINATORS = {
    "koordinaattori.keskisuomi@yhdessa.example": "keski-suomi",
    "koordinaattori.vantaakerava@yhdessa.example": "vantaa-kerava",
}


@dataclass
class SeedResult:
    created_organisations: int
    accounts: list[DemoAccount]


@transaction.atomic
def seed_demo() -> SeedResult:
    """Create the demo registry once; later runs only make sure the accounts exist."""
    load_taxonomy(Term, Network, WelfareArea)
    created = 0
    if not Organisation.objects.filter(slug=NATIONAL_CHILD_WELFARE["slug"]).exists():
        created = _create_registry()
    _ensure_accounts()
    return SeedResult(created_organisations=created, accounts=ACCOUNTS)


def _create_registry() -> int:
    rng = random.Random(SEED)
    now = timezone.now()
    identifiers = Identifiers.load()
    national = _create_national(identifiers, rng, now)

    ks = Builder(context=Context.load("keski-suomi"), identifiers=identifiers, rng=rng, now=now)
    rows: list[Row] = []
    plan = dict(KESKI_SUOMI_PLAN)
    showcase_rows = []
    for category, pattern, code, nick in SHOWCASE:
        template = next(t for t in TEMPLATES[category] if t.pattern == pattern)
        row = ks.make(category, template, ks.municipality(code), nick=nick, services=False)
        showcase_rows.append(row)
        plan[category] -= 1
    for category, count in plan.items():
        rows += [ks.make_random(category) for _ in range(count)]
    _assign_statuses(rows, rng, now)
    rows = showcase_rows + rows
    rows += _branches(ks, national, rng, KESKI_SUOMI_BRANCHES)

    vk = Builder(context=Context.load("vantaa-kerava"), identifiers=identifiers, rng=rng, now=now)
    for category, count in VANTAA_KERAVA_PLAN.items():
        rows += [vk.make_random(category) for _ in range(count)]
    for code in VANTAA_KERAVA_BRANCHES:
        rows.append(vk.make("child_family", BRANCH, vk.municipality(code), parent=national))

    return insert_rows(rows, history=True) + 1


def _create_national(identifiers: Identifiers, rng: random.Random, now) -> Organisation:
    """The one national child-welfare organisation; outside any welfare area."""
    data = NATIONAL_CHILD_WELFARE
    national = Organisation.objects.create(
        name=data["name"],
        slug=data["slug"],
        kind="association",
        business_id=identifiers.business_id(rng),
        register_number=identifiers.register_number(rng),
        is_national=True,
        welfare_area=None,
        categories=["child_family"],
        roles=["volunteering", "advocacy", "civil_society"],
        languages=["fi", "sv", "en"],
        staffing="employees",
        email=f"info@{data['slug']}.yhdessa.example",
        website=f"https://{data['slug']}.yhdessa.example/",
        description_fi=data["description_fi"],
        summary_fi=data["summary_fi"],
        description_en=data["description_en"],
        status=Status.PUBLISHED,
        last_confirmed_at=now - timedelta(days=40),
        last_reviewed_at=now - timedelta(days=38),
        created_at=now - timedelta(days=900),
    )
    identifiers.slugs.add(national.slug)
    identifiers.names.add(national.name)
    national.target_groups.set(Term.objects.filter(slug__in=["families", "children"]))
    national.themes.set(Term.objects.filter(slug__in=["family-support", "volunteering"]))
    organisation_refresh_search(organisation=national)
    organisation_record_version(organisation=national, user=None, action="created")
    return national


def _branches(builder: Builder, national: Organisation, rng: random.Random, count: int):
    places: list[Place] = [builder.municipality(code) for code in builder.codes]
    subs = [place for code in builder.codes for place in builder.subs[code]]
    places += rng.sample(subs, k=count - len(places))
    return [builder.make("child_family", BRANCH, place, parent=national) for place in places]


def _assign_statuses(rows: list[Row], rng: random.Random, now) -> None:
    """A few drafts, a few awaiting review and two archived; the rest stay published."""
    picked = rng.sample(range(len(rows)), k=13)
    for number, index in enumerate(picked):
        org = rows[index].organisation
        if number < 6:
            org.status = Status.DRAFT
            org.last_confirmed_at = org.last_reviewed_at = None
            org.created_at = now - timedelta(days=rng.randint(1, 20))
        elif number < 11:
            org.status = Status.IN_REVIEW
            org.last_confirmed_at = org.last_reviewed_at = None
            org.created_at = now - timedelta(days=rng.randint(2, 15))
            org.submitted_at = org.created_at + timedelta(hours=rng.randint(1, 30))
        else:
            org.status = Status.ARCHIVED
            org.archive_reason = ARCHIVE_REASONS[number - 11]


def _ensure_accounts() -> None:
    users = {}
    for account in ACCOUNTS:
        superuser = account.role == "staff superuser"
        user = User.objects.filter(email=account.email).first()
        if user is None:
            user = User.objects.create_user(
                email=account.email,
                password=DEMO_PASSWORD,
                display_name=account.display_name,
                is_staff=superuser,
                is_superuser=superuser,
            )
        EmailAddress.objects.get_or_create(
            user=user, email=account.email, defaults={"verified": True, "primary": True}
        )
        users[account.email] = user
    for email, memberships in MEMBERSHIPS.items():
        for slug, role in memberships:
            organisation = Organisation.objects.filter(slug=slug).first()
            if organisation is not None:
                Membership.objects.get_or_create(
                    organisation=organisation, user=users[email], defaults={"role": role}
                )
    for email, area_slug in COORDINATORS.items():
        Coordinator.objects.get_or_create(
            user=users[email], welfare_area=WelfareArea.objects.get(slug=area_slug)
        )


def seed() -> list[str]:
    """The registry's demo data, for `manage.py seed_demo` (OrganisationsConfig.demo_seeder).

    Returns what to tell the person who ran it."""
    result = seed_demo()
    if result.created_organisations:
        lines = [f"Created {result.created_organisations} demo organisations."]
    else:
        lines = ["The demo organisations exist already; nothing to create."]
    width = max(len(account.email) for account in result.accounts)
    lines += [
        "",
        f"Demo logins (password for all: {DEMO_PASSWORD}):",
        *(f"  {account.email.ljust(width)}  {account.role}" for account in result.accounts),
        "Coordinators and staff are asked to set up two-factor authentication.",
    ]
    return lines
