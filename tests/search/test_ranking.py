"""The residents' search ranks deterministically and by what a person means (search/README.md,
"Ranking")."""

import datetime as dt

import pytest
from django.db import connection

from meetingplaces.models import LocationSource, Venue
from meetingplaces.schedule import HELSINKI
from search import query, residents
from search.models import SearchEntry
from tests.meetingplaces.factories import ActivityFactory, MeetingPlaceFactory
from tests.organisations.factories import OrganisationFactory, municipality

URL = "/fi/search/"

pytestmark = pytest.mark.django_db


def titles(client, **params) -> list[str]:
    response = client.get(URL, params)
    assert response.status_code == 200
    return [r.title for r in response.context["result"].results]


def move_to_the_end_of_the_table(ids) -> None:
    """Rewrite rows (a new tuple at the end of the heap): the physical order changes."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {SearchEntry._meta.db_table} SET updated_at = now() WHERE id = ANY(%s)",  # noqa: S608
            [list(ids)],
        )


@pytest.mark.parametrize("q", ["muisti", "muisti tuki"])
def test_the_same_url_ranks_the_same_rows_whatever_the_physical_order(client, monkeypatch, q):
    monkeypatch.setattr(query, "RANK_CANDIDATES", 3)
    monkeypatch.setattr(residents, "PAGE_SIZE", 2)
    for letter in "HGFEDCBA":
        OrganisationFactory(name=f"Muistiyhdistys {letter} ry", summary_fi="Tukea ja muistia")
    first = titles(client, q=q)
    assert first
    ids = SearchEntry.objects.order_by("id").values_list("id", flat=True)[:4]
    move_to_the_end_of_the_table(ids)
    assert titles(client, q=q) == first
    move_to_the_end_of_the_table(SearchEntry.objects.values_list("id", flat=True))
    assert titles(client, q=q) == first


JYVASKYLA = (62.2415, 25.7209)  # postcode 40100's point


def place(name: str, km_north: float, **kwargs):
    return MeetingPlaceFactory(
        name_fi=name,
        latitude=JYVASKYLA[0] + km_north / 111.2,
        longitude=JYVASKYLA[1],
        location_source=LocationSource.PIN,
        **kwargs,
    )


def results(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    return response, response.context["result"].results


def test_the_distinctive_word_carries_a_partial_match(client):
    """Words most entries hold (vertaistuki, läheiset) weigh little; the word that says what
    the person needs (syöpä) decides, even 8 km away against 1 km."""
    org = OrganisationFactory(name="Tukiyhdistys ry")
    near = place("Lähitalo", 1, organisations=[org])
    far = place("Kaukotalo", 8, organisations=[org])
    for i in range(12):
        ActivityFactory(title_fi=f"Läheisten vertaistukiryhmä {i}", organisation=org, place=near)
    ActivityFactory(title_fi="Syöpää sairastavien vertaistukiryhmä", organisation=org, place=far)
    response, found = results(
        client, q="syöpää sairastavien läheisten vertaistuki", postcode="40100", radius="10"
    )
    assert response.context["result"].head.partial
    assert found[0].title == "Syöpää sairastavien vertaistukiryhmä"
    assert 7.5 < found[0].distance_km < 8.5


def test_distances_are_true_or_absent(client):
    """An organisation has no point of its own: it shows where it works and no kilometres,
    after the things with a true point; online activities stay, marked, after in-person ones."""
    org = OrganisationFactory(
        name="Jyväskylän Muistiyhdistys ry", municipalities=[municipality("179")]
    )
    muurame = place("Muuramen muistitupa", 9, organisations=[org])
    ActivityFactory(
        title_fi="Muistiryhmä verkossa", organisation=org, venue=Venue.ONLINE, place=None
    )
    ActivityFactory(title_fi="Muistikahvila", organisation=org, place=muurame)
    approximate = MeetingPlaceFactory(
        name_fi="Muistipaikka ilman karttapistettä",
        latitude=JYVASKYLA[0],
        longitude=JYVASKYLA[1],
        location_source=LocationSource.MUNICIPALITY,
        organisations=[org],
    )
    response, found = results(client, q="muisti", postcode="40100", radius="10")
    order = [(r.kind, r.title) for r in found]
    assert order == [
        ("activity", "Muistikahvila"),
        ("activity", "Muistiryhmä verkossa"),
        ("place", "Muuramen muistitupa"),
        ("organisation", "Jyväskylän Muistiyhdistys ry"),
        ("place", approximate.name_fi),
    ] or order == [
        ("activity", "Muistikahvila"),
        ("activity", "Muistiryhmä verkossa"),
        ("place", "Muuramen muistitupa"),
        ("place", approximate.name_fi),
        ("organisation", "Jyväskylän Muistiyhdistys ry"),
    ]
    by_title = {r.title: r for r in found}
    assert 8.5 < by_title["Muistikahvila"].distance_km < 9.5
    assert by_title["Muistiryhmä verkossa"].online
    assert by_title["Jyväskylän Muistiyhdistys ry"].distance_km is None
    assert by_title[approximate.name_fi].distance_km is None
    assert "Jyväskylä" in by_title["Jyväskylän Muistiyhdistys ry"].address
    html = response.text
    assert html.count(" km</dd>") == 2  # the activity at Muurame and the place itself


def test_sort_by_date_or_by_distance(client):
    org = OrganisationFactory(name="Kerhoyhdistys ry")
    near = place("Lähitalo", 1, organisations=[org])
    far = place("Kaukotalo", 6, organisations=[org])
    soon = dt.datetime.now(HELSINKI).date() + dt.timedelta(days=1)
    ActivityFactory(
        title_fi="Lähikerho", organisation=org, place=near, start_date=soon + dt.timedelta(days=9)
    )
    ActivityFactory(
        title_fi="Kaukokerho", organisation=org, place=far, start_date=soon, recurrence=""
    )
    params = {"q": "kerho", "postcode": "40100", "kind": "activity"}
    _r, by_distance = results(client, **params, sort="distance")
    assert [r.title for r in by_distance] == ["Lähikerho", "Kaukokerho"]
    _r, by_date = results(client, **params, sort="date")
    assert [r.title for r in by_date] == ["Kaukokerho", "Lähikerho"]


def test_a_words_weight_follows_the_entries_and_is_counted_once():
    """A word's weight falls as more entries hold it (counted from the entries), and a word
    counted since the last change costs no statement."""
    from django.test.utils import CaptureQueriesContext

    from search import ranking
    from search.text import parse_query

    OrganisationFactory(name="Kuorolaulajat ry")
    for i in range(3):
        OrganisationFactory(name=f"Kävelijät {i} ry")
    eq = query.EntryQuery(kind="", kinds=residents.kinds(), words=parse_query("kuoro"))
    rare = ranking.word_weights(eq)["kuoro"]
    with CaptureQueriesContext(connection) as again:
        assert ranking.word_weights(eq)["kuoro"] == rare
    assert not [q for q in again.captured_queries if "count(*)" in q["sql"]]
    for i in range(3):
        OrganisationFactory(name=f"Kuoro {i} ry")
    assert ranking.word_weights(eq)["kuoro"] < rare
