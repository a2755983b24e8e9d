"""The residents' search (search/residents.py, /fi/search/): places, activities and
organisations from one box, near a point, filtered by what, when and how."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from areas.models import Postcode
from meetingplaces.models import Occurrence, PlaceKind, Venue
from meetingplaces.schedule import HELSINKI
from meetingplaces.search import ACTIVITY_KIND, search_next_at_advance
from meetingplaces.services import occurrence_cancel, occurrence_move
from search.models import SearchEntry
from tests.meetingplaces.factories import ActivityFactory, pinned_place, weekly
from tests.organisations.factories import (
    OrganisationFactory,
    TermFactory,
    ThemeFactory,
    municipality,
)

URL = "/fi/search/"
JYVASKYLA = (62.2415, 25.7209)
PALOKKA = (62.2980, 25.7050)  # ~6.4 km north
MUURAME = (62.1330, 25.6670)  # ~12.5 km south-west
HELSINKI_POINT = (60.1699, 24.9384)


def today():
    return dt.datetime.now(HELSINKI).date()


def saturday_after(days: int) -> dt.date:
    """The first Saturday at least `days` ahead (one-off trips never fall on a filtered day)."""
    day = today() + dt.timedelta(days=days)
    return day + dt.timedelta(days=(5 - day.weekday()) % 7)


@pytest.fixture
def world(db):
    carers = TermFactory(name_fi="Omaishoitajat", slug="carers")
    memory = ThemeFactory(name_fi="Muisti", slug="memory")
    org = OrganisationFactory(name="Keski-Suomen Muistiyhdistys ry")
    centre = pinned_place(
        JYVASKYLA,
        name_fi="Kansalaistoiminnan keskus Jyväskylä",
        step_free_entrance=True,
        organisations=[org],
    )
    palokka = pinned_place(
        PALOKKA, name_fi="Palokan kylätalo", kind=PlaceKind.VILLAGE_HOUSE, organisations=[org]
    )
    muurame = pinned_place(
        MUURAME,
        name_fi="Muuramen olohuone",
        kind=PlaceKind.CAFE,
        municipality=municipality("500"),
        organisations=[org],
    )
    helsinki = pinned_place(
        HELSINKI_POINT,
        name_fi="Helsingin kohtaamispaikka",
        municipality=municipality("091"),
        organisations=[org],
    )
    peer = weekly(
        "Omaishoitajien vertaistukiryhmä", "TU", (13, 15), organisation=org, place=centre,
        target_groups=[carers], themes=[memory], languages=["fi"],
    )  # fmt: skip
    club = weekly(
        "Iltakerho", "TH", (18, 20), organisation=org, place=palokka, is_free=False,
        fee_amount=5, signup_required=True, languages=["sv"],
    )  # fmt: skip
    online = weekly(
        "Muistikahvila verkossa", "MO", (10, 11), organisation=org, venue=Venue.ONLINE,
        place=None, themes=[memory],
    )  # fmt: skip
    soon = ActivityFactory(
        title_fi="Kevätretki",
        organisation=org,
        place=muurame,
        recurrence="",
        start_date=saturday_after(8),
        start_time=dt.time(9, 0),
        end_time=dt.time(12, 0),
    )
    later = ActivityFactory(
        title_fi="Syysretki",
        organisation=org,
        place=muurame,
        recurrence="",
        start_date=saturday_after(8) + dt.timedelta(days=35),
        start_time=dt.time(9, 0),
        end_time=dt.time(12, 0),
    )
    return locals()


def titles(response) -> list[str]:
    return [r.title for r in response.context["result"].results]


def search(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    return response


def test_entries_for_places_and_activities(world):
    assert SearchEntry.objects.filter(kind="place").count() == 4
    assert SearchEntry.objects.filter(kind=ACTIVITY_KIND).count() == 5
    entry = SearchEntry.objects.get(kind=ACTIVITY_KIND, object_id=world["club"].pk)
    assert {"day:thu", "time:evening", "lang:sv", "venue:inperson"} <= set(entry.facet_keys)
    assert "free:yes" not in entry.facet_keys and "nosignup:yes" not in entry.facet_keys
    local = entry.next_at.astimezone(HELSINKI)
    assert (local.weekday(), local.hour) == (3, 18)
    assert entry.card["place"]["name"]["fi"] == "Palokan kylätalo"
    assert entry.card["schedule"]["fi"].startswith("joka torstai")
    online = SearchEntry.objects.get(kind=ACTIVITY_KIND, object_id=world["online"].pk)
    assert online.latitude is None and "venue:online" in online.facet_keys


def test_distance_order_and_radius_from_a_postcode(client, world):
    response = search(client, postcode="40100", radius="25", kind="place")
    assert titles(response) == [
        "Kansalaistoiminnan keskus Jyväskylä",
        "Palokan kylätalo",
        "Muuramen olohuone",
    ]
    distances = [r.distance_km for r in response.context["result"].results]
    assert distances == sorted(distances) and 5 < distances[1] < 8 and 11 < distances[2] < 14
    assert "6,3 km" in response.text or "6,4 km" in response.text
    response = search(client, postcode="40100", radius="10", kind="place")
    assert titles(response) == ["Kansalaistoiminnan keskus Jyväskylä", "Palokan kylätalo"]


def test_browser_location_and_municipality(client, world):
    response = search(client, lat="60.17", lon="24.94", radius="2")
    assert "Helsingin kohtaamispaikka" in titles(response)
    assert "Palokan kylätalo" not in titles(response)
    response = search(client, municipality="500", radius="2", kind="place")
    assert titles(response) == ["Muuramen olohuone"]


def test_postcode_gives_municipality_and_point(db):
    jkl = Postcode.objects.get(code="40100")
    assert jkl.municipality.code == "179" and jkl.point_source == "place"
    palokka = Postcode.objects.get(code="40270")
    assert palokka.municipality.code == "179"
    # Not a GeoNames place near Jyväskylä: the municipality's centre.
    assert palokka.point_source == "municipality"
    assert (palokka.latitude, palokka.longitude) == (
        palokka.municipality.latitude,
        palokka.municipality.longitude,
    )
    assert Postcode.objects.count() > 3000


def test_unknown_postcode_is_an_error_next_to_the_field(client, world):
    response = search(client, postcode="00009", q="kerho")
    assert "We do not know the postcode 00009" in response.text or "00009" in response.text
    assert response.context["form"].errors["postcode"]
    assert 'value="00009"' in response.text
    assert "Iltakerho" in titles(response)  # the rest of the search still runs


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"theme": "memory"}, {"Omaishoitajien vertaistukiryhmä", "Muistikahvila verkossa"}),
        ({"target_group": "carers"}, {"Omaishoitajien vertaistukiryhmä"}),
        ({"day": "thu"}, {"Iltakerho"}),
        ({"day": ["mon", "tue"]}, {"Omaishoitajien vertaistukiryhmä", "Muistikahvila verkossa"}),
        ({"time": "evening"}, {"Iltakerho"}),
        (
            {"time": "morning", "kind": "activity"},
            {"Muistikahvila verkossa", "Kevätretki", "Syysretki"},
        ),
        (
            {"free": "yes", "kind": "activity", "venue": "inperson", "time": "afternoon"},
            {"Omaishoitajien vertaistukiryhmä"},
        ),
        ({"nosignup": "yes", "day": "thu"}, set()),
        ({"access": "step_free_entrance", "kind": "activity"}, {"Omaishoitajien vertaistukiryhmä"}),
        ({"language": "sv"}, {"Iltakerho"}),
        ({"venue": "online"}, {"Muistikahvila verkossa"}),
        ({"kind": "place", "q": "kylätalo"}, {"Palokan kylätalo"}),
    ],
)
def test_filters(client, world, params, expected):
    assert set(titles(search(client, **params))) == expected


def test_date_ranges(client, world):
    start = today() + dt.timedelta(days=5)
    end = today() + dt.timedelta(days=15)
    params = {"when": "custom", "date_from": start.isoformat(), "date_to": end.isoformat()}
    found = set(titles(search(client, **params)))
    assert "Kevätretki" in found and "Syysretki" not in found
    assert {"Iltakerho", "Omaishoitajien vertaistukiryhmä"} <= found  # weekly: in any 10 days
    response = search(client, when="month", q="syysretki")
    assert titles(response) == []
    bad = search(client, when="custom", date_from=end.isoformat(), date_to=start.isoformat())
    assert bad.context["form"].errors["date_to"]


def test_next_occurrence_skips_cancelled_and_follows_filters(client, world):
    club = world["club"]
    first = Occurrence.objects.filter(activity=club).order_by("starts_at").first()
    occurrence_cancel(first, note="Sairastapaus")
    response = search(client, q="iltakerho")
    (item,) = response.context["result"].results
    assert item.next_start > first.starts_at
    assert item.place == "Palokan kylätalo" and item.fee == "5,00 €" and item.signup_required


def test_a_date_moved_or_cancelled_changes_the_days_it_is_found_on(client, world):
    """The day and time filters first ask the entry which weekdays and times of day its
    coming dates have (meetingplaces.search.entry_prefilter_sql): a date moved to a Saturday
    morning is found there at once, and a cancelled one no longer."""
    club = world["club"]  # Thursdays 18-20
    assert not titles(search(client, q="iltakerho", day="sat"))
    first = Occurrence.objects.filter(activity=club).order_by("starts_at").first()
    saturday = timezone.localtime(first.starts_at, HELSINKI) + dt.timedelta(days=2)
    moved = saturday.replace(hour=10)
    occurrence_move(first, starts_at=moved, ends_at=moved + dt.timedelta(hours=2))
    assert titles(search(client, q="iltakerho", day="sat", time="morning")) == ["Iltakerho"]
    found = search(client, q="iltakerho", day="sat").context["result"].results
    assert timezone.localtime(found[0].next_start, HELSINKI) == moved
    occurrence_cancel(first, note="Peruttu")
    assert not titles(search(client, q="iltakerho", day="sat"))
    assert titles(search(client, q="iltakerho", day="thu")) == ["Iltakerho"]


def test_next_at_moves_on_when_the_time_passes(world):
    entry = SearchEntry.objects.get(kind=ACTIVITY_KIND, object_id=world["peer"].pk)
    later = entry.next_at + dt.timedelta(minutes=1)
    assert search_next_at_advance(now=later) >= 1
    entry.refresh_from_db()
    assert entry.next_at >= later and (entry.next_at - later).days <= 7


@pytest.mark.parametrize(
    "q",
    [
        "vertaistukiryhmään",
        "vertaistuki",
        "omaishoitajille",
        "kylatalo",
        "vertaistukiryma",
        "muistiyhdistyksen",
    ],
)
def test_finnish_matching_across_kinds(client, world, q):
    found = titles(search(client, q=q))
    assert found, q


def test_finnish_matching_finds_the_right_kinds(client, world):
    found = search(client, q="vertaistukiryhmään").context["result"].results
    assert found[0].title == "Omaishoitajien vertaistukiryhmä"
    kinds = {r.kind for r in search(client, q="muisti").context["result"].results}
    assert {"activity", "organisation"} <= kinds
    assert "Palokan kylätalo" in titles(search(client, q="kylatalo"))  # no umlauts


def test_facet_counts(client, world):
    head = search(client, q="").context["result"].head
    kinds = {o.value: o.count for f in head.facets if f.param == "kind" for o in f.options}
    assert kinds["activity"] == 5 and kinds["place"] == 4
    head = search(client, kind="activity", theme="memory").context["result"].head
    kinds = {o.value: o.count for f in head.facets if f.param == "kind" for o in f.options}
    themes = {o.value: o.count for f in head.facets if f.param == "theme" for o in f.options}
    assert kinds["activity"] == 2 and themes["memory"] == 2
    assert head.total == 2


def test_empty_result_suggests_how_to_widen(client, world):
    response = search(client, postcode="40100", radius="2", q="olohuone")
    result = response.context["result"]
    assert result.total == 0
    texts = [s.text for s in result.head.suggestions]
    assert any("25 km" in t for t in texts), texts
    (area,) = [s for s in result.head.suggestions if "hyvinvointialueelta" in s.text]
    # The place and the two trips held there (its name is in their keywords).
    assert area.count == 3 and "area=keski-suomi" in area.params
    wide = client.get(f"{URL}?{area.params}")
    assert set(titles(wide)) == {"Muuramen olohuone", "Kevätretki", "Syysretki"}
    assert 'name="area" value="keski-suomi"' in wide.text  # kept by the next search
    response = search(client, q="iltakerho", language="fi")
    texts = [(s.text, s.count) for s in response.context["result"].head.suggestions]
    assert any("Kieli" in t or "Language" in t for t, _c in texts) and all(c for _t, c in texts)


def test_query_count_is_constant(client, world, django_assert_max_num_queries):
    params = {"postcode": "40100", "radius": "50", "day": "tue", "theme": "memory"}
    search(client, **params)  # warm the label caches
    with CaptureQueriesContext(connection) as few:
        # The same URL both times: a first page without ?page= is a counted search (the
        # knowledge page's counter, one statement), with ?page= it is not.
        search(client, **params, q="ryhmä")
    for i in range(15):
        ActivityFactory(
            title_fi=f"Lisäryhmä {i}", organisation=world["org"], themes=[world["memory"]]
        )
    with CaptureQueriesContext(connection) as many:
        search(client, **params, q="ryhmä")
    assert len(many) == len(few) <= 8


def test_home_page_box_points_to_the_search(client, db):
    response = client.get("/fi/")
    assert f'action="{reverse("search:search")}"' in response.text


def test_several_words_where_not_all_match(client, world):
    response = search(client, q="iltakerho sukellus")
    result = response.context["result"]
    assert result.head.partial and result.head.missing_words == ["sukellus"]
    assert titles(response)[0] == "Iltakerho"


def test_time_filtered_results_come_soonest_first_with_or_without_the_window(
    client, world, monkeypatch
):
    from search import residents

    params = {"when": "custom", "date_from": today().isoformat()}
    params["date_to"] = (today() + dt.timedelta(days=20)).isoformat()
    results = search(client, **params).context["result"].results
    starts = [r.next_start for r in results]
    assert len(starts) == 4 and starts == sorted(starts)
    # A window of first occurrences too small for the page: every match is ranked instead.
    monkeypatch.setattr(residents, "SOONEST_WINDOW", 2)
    again = search(client, **params, day=["mon", "tue", "thu", "sat"])
    assert [r.next_start for r in again.context["result"].results] == starts


@pytest.mark.parametrize("field", ["date_to", "date_from"])
def test_a_far_date_is_an_error_next_to_the_field_not_a_server_error(client, world, field):
    response = client.get(URL, {"when": "custom", field: "9999-12-31", "q": "kerho"})
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert 'value="9999-12-31"' in response.text and 'aria-invalid="true"' in response.text
    assert "Iltakerho" in titles(response)  # the rest of the search still runs


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"q": "sukellus"},  # nothing: spelling and ways on
        {"q": "iltakerho sukellus", "postcode": "40100"},  # some words: the partial head
        {"q": "olohuone", "postcode": "40100", "radius": "2", "language": "sv"},
        {"q": "kerho", "when": "weekend", "day": "sun", "postcode": "40100", "theme": "memory"},
        {"when": "week", "municipality": "500", "free": "yes", "time": "evening"},
        {"q": "ryhmä", "postcode": "40100", "radius": "50", "sort": "distance"},
    ],
)
def test_at_most_eight_queries_on_every_page_even_cold(
    client, world, params, django_assert_max_num_queries
):
    from django.core.cache import cache

    cache.clear()
    with django_assert_max_num_queries(8):
        response = client.get(URL, params)
    assert response.status_code == 200


def test_filters_stay_folded_when_in_use_and_open_to_show_an_error(client, world):
    folded = search(client, when="week", theme="memory", postcode="40100")
    assert 'id="search-filters">' in folded.text and "(käytössä)" in folded.text
    error = search(client, when="custom", date_to="9999-12-31")
    assert 'id="search-filters" open>' in error.text


def test_a_cached_page_body_is_kept_per_language_and_query(client, world):
    """The page body is kept in the cache per search head (its language among the rest) and
    exact query string: the Swedish page after the Finnish one is Swedish, and another page
    of the same search is that page."""
    finnish = client.get("/fi/search/", {"q": "iltakerho"}).content.decode()
    swedish = client.get("/sv/search/", {"q": "iltakerho"}).content.decode()
    assert "Läheltä" in finnish and "Nära" not in finnish
    assert "Avgränsningar" in swedish and "Nära" in swedish
    assert "Avgränsningar" not in client.get("/fi/search/", {"q": "iltakerho"}).content.decode()
    near = client.get("/fi/search/", {"q": "iltakerho", "postcode": "40100"}).content.decode()
    assert 'value="40100"' in near and 'value="40100"' not in finnish


def test_the_chosen_municipality_stays_chosen_in_the_select(client, world):
    """The municipality list is one cached fragment per language and chosen municipality:
    the chosen one is selected, and another search's choice is not."""
    html = client.get("/fi/search/", {"municipality": "179"}).content.decode()
    assert '<option value="179" selected>' in html and '<option value="500">' in html
    html = client.get("/fi/search/", {"municipality": "500", "q": "x"}).content.decode()
    assert '<option value="500" selected>' in html and '<option value="179">' in html
