"""The taxonomy migration, the seed_demo command and the benchmark generator."""

from collections import Counter
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.postgres.search import SearchQuery
from django.core.management import call_command

from accounts.models import User
from areas.models import Coordinator, WelfareArea
from bench.generator import build_organisations
from organisations.models import (
    Membership,
    Network,
    Organisation,
    OrganisationVersion,
    Status,
    Term,
)
from organisations.services.core import organisation_refresh_search, organisation_snapshot
from organisations.validators import validate_business_id, validate_register_number
from search.models import SearchEntry
from taxonomy.loader import NETWORKS, TARGET_GROUPS, THEMES, load_taxonomy

pytestmark = pytest.mark.django_db

# What a search entry indexes and shows.
ENTRY_FIELDS = [
    "title", "subtitle", "keywords", "body_fi", "body_sv", "body_en", "facet_keys",
    "latitude", "longitude", "card",
]  # fmt: skip


def stored_entry(organisation: Organisation) -> dict:
    return SearchEntry.objects.values(*ENTRY_FIELDS).get(
        kind=SearchEntry.Kind.ORGANISATION, object_id=organisation.pk
    )


def counts() -> dict[str, int]:
    return {
        "organisations": Organisation.objects.count(),
        "versions": OrganisationVersion.objects.count(),
        "municipality links": Organisation.municipalities.through.objects.count(),
        "theme links": Organisation.themes.through.objects.count(),
        "users": User.objects.count(),
        "emails": EmailAddress.objects.count(),
        "memberships": Membership.objects.count(),
        "coordinators": Coordinator.objects.count(),
        "terms": Term.objects.count(),
        "networks": Network.objects.count(),
    }


def test_taxonomy_migration_loads_terms_and_networks_in_three_languages():
    terms = Term.objects.all()
    assert terms.filter(kind=Term.Kind.TARGET_GROUP).count() == len(TARGET_GROUPS) >= 15
    assert terms.filter(kind=Term.Kind.THEME).count() == len(THEMES) >= 20
    assert not terms.filter(name_fi="") and not terms.filter(name_sv="")
    assert not terms.filter(name_en="")
    assert Term.objects.get(slug="children").yso_url == "http://www.yso.fi/onto/yso/p4354"

    assert Network.objects.count() == len(NETWORKS)
    assert not Network.objects.filter(name_fi="") and not Network.objects.filter(name_sv="")
    assert not Network.objects.filter(name_en="")
    ks = Network.objects.filter(welfare_area__slug="keski-suomi")
    assert {n.kind for n in ks} == {"arena", "partnership_table", "sector", "expert_group"}
    assert Network.objects.filter(welfare_area__slug="vantaa-kerava").count() == 2

    # The loader is idempotent.
    load_taxonomy(Term, Network, WelfareArea)
    assert Term.objects.count() == len(TARGET_GROUPS) + len(THEMES)
    assert Network.objects.count() == len(NETWORKS)


def forums_seeder() -> list[str]:
    assert Organisation.objects.exists(), "runs after the registry's seeder"
    return ["Forums: nothing to seed yet."]


def failing_seeder() -> list[str]:
    raise RuntimeError("a later app's seeder failed")


def test_seed_demo_calls_every_apps_seeder_in_app_order_and_builds_the_registry_once(monkeypatch):
    forums = apps.get_app_config("forums")
    monkeypatch.setattr(forums, "demo_seeder", f"{__name__}.forums_seeder", raising=False)
    out = StringIO()
    call_command("seed_demo", stdout=out)
    text = out.getvalue()
    assert text.index("[organisations]") < text.index("[forums]")
    assert "Forums: nothing to seed yet." in text
    first = counts()
    assert "demo-password-2026" in out.getvalue()
    assert "koordinaattori.keskisuomi@yhdessa.example" in out.getvalue()

    call_command("seed_demo", stdout=StringIO())
    assert counts() == first

    ks = Organisation.objects.filter(welfare_area__slug="keski-suomi")
    assert ks.count() >= 500
    sectors = Counter(categories[0] for categories in ks.values_list("categories", flat=True))
    assert 90 <= sectors["older_people"] <= 110
    assert 85 <= sectors["patient_disability"] <= 105
    assert 80 <= sectors["child_family"] <= 100
    assert 55 <= sectors["wellbeing"] <= 75
    assert 30 <= sectors["mental_substance"] <= 40
    assert 25 <= sectors["employment"] <= 35
    for small in ("carers", "rescue", "youth"):
        assert 1 <= sectors[small] < 10

    national = Organisation.objects.get(is_national=True)
    assert national.welfare_area is None
    branches = ks.filter(parent=national, categories__0="child_family").count()
    assert branches > sectors["child_family"] / 2
    assert 45 <= ks.filter(produces_services=True).count() <= 75
    assert (
        ks.filter(produces_services=True).exclude(service_kinds=[]).count()
        == ks.filter(produces_services=True).count()
    )
    assert ks.filter(staffing="volunteers").count() > ks.count() / 2
    assert ks.values("municipalities").distinct().count() == 22

    statuses = Counter(ks.values_list("status", flat=True))
    assert statuses[Status.PUBLISHED] > 480
    assert statuses[Status.DRAFT] and statuses[Status.IN_REVIEW]
    assert statuses[Status.ARCHIVED] == 2
    assert not ks.filter(status=Status.ARCHIVED, archive_reason="")
    assert ks.stale().exists()

    assert Organisation.objects.filter(welfare_area__slug="vantaa-kerava").count() >= 20

    everyone = Organisation.objects.all()
    slugs = list(everyone.values_list("slug", flat=True))
    assert len(slugs) == len(set(slugs))
    business_ids = [b for b in everyone.values_list("business_id", flat=True) if b]
    assert len(business_ids) == len(set(business_ids)) > 0.6 * len(slugs)
    for business_id in business_ids:
        validate_business_id(business_id)
    for number in everyone.exclude(register_number="").values_list("register_number", flat=True):
        validate_register_number(number)
    emails = everyone.values_list("email", flat=True)
    assert all(email.endswith(".yhdessa.example") for email in emails)
    assert not everyone.exclude(phone="")

    # Each organisation has its "created" history entry; search entries were written in bulk
    # exactly as the service would write them.
    assert OrganisationVersion.objects.filter(action="created").count() == everyone.count()
    for organisation in [
        Organisation.objects.get(slug="keuruun-muistiyhdistys"),
        ks.filter(networks__isnull=False).first(),
        ks.filter(parent=national).last(),
    ]:
        stored = stored_entry(organisation)
        assert organisation.versions.get().snapshot == organisation_snapshot(organisation)
        organisation_refresh_search(organisation=organisation)
        assert stored_entry(organisation) == stored

    admin = User.objects.get(email="yhdistys@yhdessa.example")
    assert admin.check_password("demo-password-2026")
    assert set(admin.memberships.values_list("role", flat=True)) == {Membership.Role.ADMIN}
    assert EmailAddress.objects.filter(user=admin, verified=True, primary=True).exists()
    assert User.objects.get(email="yllapito@yhdessa.example").is_superuser
    assert set(Coordinator.objects.values_list("welfare_area__slug", flat=True)) == {
        "keski-suomi",
        "vantaa-kerava",
    }


def test_generator_adds_published_organisations_with_unique_identifiers():
    assert build_organisations(count=300, seed=5) == 300
    assert build_organisations(count=200, seed=5, area_slug="vantaa-kerava") == 200

    organisations = Organisation.objects.all()
    assert organisations.published().count() == 500
    assert organisations.filter(welfare_area__slug="vantaa-kerava").count() == 200
    assert len(set(organisations.values_list("slug", flat=True))) == 500
    business_ids = [b for b in organisations.values_list("business_id", flat=True) if b]
    assert len(business_ids) == len(set(business_ids))
    for business_id in business_ids:
        validate_business_id(business_id)
    assert not organisations.filter(municipalities__isnull=True)
    assert not organisations.filter(themes__isnull=True)
    # Compound parts of the names are in the search entries' vectors.
    query = SearchQuery("yhdistys", config="finnish")
    assert SearchEntry.objects.filter(vector=query).count() > 250

    organisation = organisations.filter(networks__isnull=False).first()
    stored = stored_entry(organisation)
    organisation_refresh_search(organisation=organisation)
    assert stored_entry(organisation) == stored


def test_a_failing_seeder_leaves_nothing_half_seeded(monkeypatch):
    # The app after the registry fails: what the registry's seeder wrote is rolled back too.
    places = apps.get_app_config("meetingplaces")
    monkeypatch.setattr(places, "demo_seeder", f"{__name__}.failing_seeder", raising=False)
    with pytest.raises(RuntimeError):
        call_command("seed_demo", stdout=StringIO())
    assert not Organisation.objects.exists()
    assert not User.objects.exists()
