"""Search entries are kept current by the services, and a second kind drops into the same
search (search/README.md)."""

import importlib
import re

import pytest
from django.urls import reverse

from organisations.search_entry import KIND, organisation_search_entries_build
from organisations.services.editing import organisation_update
from organisations.services.review import organisation_archive, organisation_unarchive
from search import query
from search.entries import ENTRY_FIELDS, search_entry_save, search_facets_recount
from search.models import SearchEntry, SearchFacet, SearchWord
from search.text import parse_query, synonym_patterns
from taxonomy.loader import TARGET_GROUPS, THEMES
from taxonomy.models import Term
from tests.organisations.factories import OrganisationFactory, UserFactory, municipality

pytestmark = pytest.mark.django_db


def names(client, **params) -> list[str]:
    html = client.get(reverse("organisations:list"), params).content.decode()
    return re.findall(r'class="org-card__name"><a href="[^"]+"><bdi>([^<]+)</bdi></a>', html)


def facet_counts() -> dict[str, int]:
    return dict(SearchFacet.objects.filter(kind=KIND, count__gt=0).values_list("key", "count"))


def test_archiving_and_unarchiving_take_the_organisation_off_and_back(client):
    organisation = OrganisationFactory(name="Muistiyhdistys ry")
    coordinator = UserFactory()
    assert names(client, q="muisti") == ["Muistiyhdistys ry"]
    organisation_archive(organisation=organisation, user=coordinator, reason="Lopetettu")
    assert not SearchEntry.objects.filter(kind=KIND, object_id=organisation.pk).exists()
    assert names(client, q="muistiyhdistys") == []
    organisation_unarchive(organisation=organisation, user=coordinator)
    assert names(client, q="muistiyhdistys") == ["Muistiyhdistys ry"]


def test_an_edit_changes_the_entry_and_the_kept_facet_counts(client):
    organisation = OrganisationFactory(name="Kuoro ry", municipalities=[municipality("179")])
    OrganisationFactory(name="Toinen ry", municipalities=[municipality("179")])
    assert facet_counts()["mun:179"] == 2
    organisation_update(
        organisation=organisation,
        user=UserFactory(),
        changes={
            "description_fi": "Laulamme joka tiistai.",
            "municipalities": [municipality("249")],
        },
        expected_version=organisation.version,
    )
    assert names(client, q="tiistai") == ["Kuoro ry"]
    counts = facet_counts()
    assert counts["mun:179"] == 1 and counts["mun:249"] == 1 and counts["*"] == 2
    # The kept counts are those a full recount gives.
    search_facets_recount(kind=KIND)
    assert facet_counts() == counts


def test_bulk_build_gives_the_same_entries_as_the_service():
    """The data migration and data loads build entries in bulk; the services one at a time."""
    organisation = OrganisationFactory(
        name="Äänekosken Muistiyhdistys ry", municipalities=[municipality("992")]
    )
    fields = ["title", "keywords", "body_fi", "facet_keys", "latitude", "longitude", "card"]
    one = SearchEntry.objects.filter(object_id=organisation.pk).values(*fields).get()
    SearchEntry.objects.all().delete()
    organisation_search_entries_build(organisation_ids=[organisation.pk])
    assert SearchEntry.objects.filter(object_id=organisation.pk).values(*fields).get() == one
    assert one["latitude"] == pytest.approx(62.6)


def test_the_data_migration_builds_the_entries_the_service_builds():
    """search/0002 carries its own copy of the entry builder: it gives the same entries, facet
    counts and suggestion words (run here on today's models; it runs on its own in migrate)."""
    from django.apps import apps

    build = importlib.import_module("search.migrations.0002_organisation_entries").build
    OrganisationFactory(
        name="Äänekosken Muistiyhdistys ry",
        categories=["older_people", "carers"],
        municipalities=[municipality("992"), municipality("179")],
        target_groups=[Term.objects.filter(kind="target_group").first()],
    )
    OrganisationFactory(name="Kuoro ry", municipalities=[municipality("179")])
    OrganisationFactory(name="Luonnos ry", status="draft")
    fields = [f for f in ENTRY_FIELDS if f != "point_exact"]
    by_service = list(SearchEntry.objects.order_by("object_id").values("object_id", *fields))
    counts, words = facet_counts(), set(SearchWord.objects.values_list("word", flat=True))
    assert len(by_service) == 2
    SearchEntry.objects.all().delete()
    SearchFacet.objects.all().delete()
    SearchWord.objects.all().delete()
    build(apps, None)
    assert list(SearchEntry.objects.order_by("object_id").values("object_id", *fields)) == (
        by_service
    )
    assert facet_counts() == counts
    assert set(SearchWord.objects.values_list("word", flat=True)) == words


def test_a_second_kind_drops_in(client):
    """Another app's entries (here a meeting place) share the table, the text search and the
    facets, and never show up in the organisation directory."""
    OrganisationFactory(name="Muistiyhdistys ry")
    place = SearchEntry(
        kind="place",
        title="Muistikahvila Kohtaamo",
        keywords="muisti kahvila",
        facet_keys=["area:keski-suomi", "day:tue"],
        latitude=62.24,
        longitude=25.75,
        card={"name": "Muistikahvila Kohtaamo"},
    )
    search_entry_save(entry=place, kind="place", object_id=1)
    words = parse_query("muisti")
    places = query.EntryQuery(kind="place", words=words, selected={"day": ["day:tue"]})
    assert [card["name"] for _id, card in query.page_rows(places, offset=0, limit=20)] == [
        "Muistikahvila Kohtaamo"
    ]
    counts, total, exact = query.facet_counts(places)
    assert total == 1 and exact and counts["day:tue"] == 1
    assert names(client, q="muisti") == ["Muistiyhdistys ry"]


def test_every_synonym_group_names_a_taxonomy_term():
    import json

    from search.text import SYNONYMS_FILE

    slugs = {row[0] for row in [*TARGET_GROUPS, *THEMES]}
    groups = json.loads(SYNONYMS_FILE.read_text(encoding="utf-8"))["groups"]
    assert {group["term"] for group in groups} <= slugs
    assert synonym_patterns()


def test_distance_without_postgis_nearest_first():
    """A bounding box on the indexed coordinates, then the haversine distance in SQL."""
    points = {"Jyväskylä": (62.242, 25.747), "Muurame": (62.130, 25.672), "Vantaa": (60.294, 25.04)}
    for n, (name, (lat, lon)) in enumerate(points.items()):
        entry = SearchEntry(title=name, latitude=lat, longitude=lon, card={"name": name})
        search_entry_save(entry=entry, kind="place", object_id=n)
    near = query.EntryQuery(kind="place", near=(62.24, 25.75, 30.0))
    found = [card["name"] for _id, card in query.page_rows(near, offset=0, limit=20)]
    assert found == ["Jyväskylä", "Muurame"]  # Muurame ~14 km, Vantaa ~220 km away
    assert query.facet_counts(near)[1] == 2
    far = query.EntryQuery(kind="place", near=(62.24, 25.75, 300.0))
    assert [c["name"] for _i, c in query.page_rows(far, offset=0, limit=20)][-1] == "Vantaa"


def test_counts_over_the_cap_are_capped_and_facets_offered_without_counts(client, monkeypatch):
    """Counting stops above COUNT_CAP ("over 1,000"; here 3): the total says "over", the facet
    options are still offered, without counts, and the page is still ranked and complete."""
    monkeypatch.setattr(query, "COUNT_CAP", 3)
    for n in range(5):
        OrganisationFactory(name=f"Kuoro {n} ry", municipalities=[municipality("179")])
    OrganisationFactory(name="Kuoro 9 ry", municipalities=[municipality("249")])
    html = client.get(reverse("organisations:list"), {"q": "kuoro"}).content.decode()
    assert "Yli 3 järjestöä löytyi" in html
    assert re.search(r'<label for="facet-municipality-249"><bdi>Keuruu</bdi></label>', html)
    assert len(names(client, q="kuoro")) == 6
    # Within the cap, exact counts as before.
    html = client.get(reverse("organisations:list"), {"q": "kuoro", "municipality": "249"})
    assert "1 järjestö löytyi" in html.content.decode()


def test_a_broad_search_ranks_its_name_matches_first_from_the_candidates(client, monkeypatch):
    """Over RANK_CANDIDATES matches only candidates are ranked: the titles the name score counts
    and the first text matches. A name match saved after many text matches still comes first,
    and a result page is complete (here: candidates 2, pages of 1, counts capped at 3)."""
    import organisations.search as directory

    monkeypatch.setattr(query, "COUNT_CAP", 3)
    monkeypatch.setattr(query, "RANK_CANDIDATES", 2)
    monkeypatch.setattr(directory, "PAGE_SIZE", 1)
    for n in range(5):
        OrganisationFactory(name=f"Laulu {n} ry", description_fi="Kuoro laulaa joka viikko.")
    OrganisationFactory(name="Kuoro ry")
    assert names(client, q="kuoro") == ["Kuoro ry"]
    assert names(client, q="kuoro laulaa") == ["Laulu 0 ry"]
