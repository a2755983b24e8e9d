"""The open data API's read side through HTTP: what is public, the filters, pages, ETag, CORS,
the rate limit, the licence, and queries that do not grow with the page size."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetingplaces.editing import activity_set_status
from meetingplaces.models import PublishStatus, Venue
from organisations.services.merge import organisation_merge
from organisations.services.review import organisation_archive
from tests.meetingplaces.factories import ActivityFactory, MeetingPlaceFactory
from tests.organisations.factories import (
    DraftOrganisationFactory,
    OrganisationFactory,
    TermFactory,
    ThemeFactory,
    municipality,
)

pytestmark = pytest.mark.django_db

API = "/api/v1"


def get(client, path, **headers):
    response = client.get(API + path, **headers)
    assert response.status_code == 200, response.content
    return response.json()


def ids(page) -> list[int]:
    return [item["id"] for item in page["results"]]


def test_only_published_organisations_with_texts_in_three_languages(client):
    shown = OrganisationFactory(description_fi="Autamme omaishoitajia.", description_en="We help.")
    DraftOrganisationFactory()
    page = get(client, "/organisations")
    assert ids(page) == [shown.pk]
    item = page["results"][0]
    # Swedish is missing: the portal's one fallback (fi → sv → en) fills it.
    assert item["description"] == {
        "fi": "Autamme omaishoitajia.",
        "sv": "Autamme omaishoitajia.",
        "en": "We help.",
    }
    assert item["web_url"].endswith(f"/fi/organisations/{shown.slug}/")
    assert page["meta"]["licence"]["url"] == "https://creativecommons.org/licenses/by/4.0/"
    assert "CC BY 4.0" in page["meta"]["attribution"]


def test_terms_carry_yso_ids(client):
    theme = ThemeFactory(slug="vertaistuki", name_fi="vertaistuki", yso_id="p7316")
    org = OrganisationFactory(themes=[theme])
    item = get(client, f"/organisations/{org.pk}")["data"]
    assert item["themes"] == [
        {
            "slug": "vertaistuki",
            "name": {"fi": "vertaistuki", "sv": "vertaistuki", "en": "vertaistuki"},
            "yso_id": "p7316",
            "yso_url": "http://www.yso.fi/onto/yso/p7316",
        }
    ]
    terms = get(client, "/terms")
    assert "vertaistuki" in [t["slug"] for t in terms["themes"]]


def test_activity_filters(client):
    theme = ThemeFactory(slug="liikunta")
    group = TermFactory(slug="omaiset")
    jyvaskyla = ActivityFactory(themes=[theme], languages=["fi", "sv"])
    far = MeetingPlaceFactory(
        latitude=60.17, longitude=24.94, municipality=municipality("091"), step_free_entrance=True
    )
    helsinki = ActivityFactory(place=far, target_groups=[group], is_free=False, fee_amount=5)
    online = ActivityFactory(venue=Venue.ONLINE, place=None)
    draft = ActivityFactory(status=PublishStatus.DRAFT)

    assert set(ids(get(client, "/activities"))) == {jyvaskyla.pk, helsinki.pk, online.pk}
    assert draft.pk not in ids(get(client, "/activities"))
    assert ids(get(client, "/activities?theme=liikunta")) == [jyvaskyla.pk]
    assert ids(get(client, "/activities?target_group=omaiset,muut")) == [helsinki.pk]
    near = get(client, "/activities?near=62.24,25.72&radius=5")
    assert ids(near) == [jyvaskyla.pk]
    assert near["results"][0]["distance_km"] < 1
    assert ids(get(client, "/activities?bbox=24.5,60.0,25.5,60.5")) == [helsinki.pk]
    assert ids(get(client, "/activities?free=false")) == [helsinki.pk]
    assert ids(get(client, "/activities?language=sv")) == [jyvaskyla.pk]
    assert ids(get(client, "/activities?accessibility=step_free_entrance")) == [helsinki.pk]
    assert ids(get(client, "/activities?municipality=179&welfare_area=keski-suomi")) == [
        jyvaskyla.pk
    ]


def test_activity_dates_in_a_window(client):
    today = dt.date.today()
    weekly = ActivityFactory(recurrence="FREQ=WEEKLY", today=today)
    ActivityFactory(recurrence="", today=today + dt.timedelta(days=60))
    start, end = today, today + dt.timedelta(days=20)
    page = get(client, f"/activities?dates_from={start}&dates_to={end}")
    assert ids(page) == [weekly.pk]
    dates = page["results"][0]["dates"]
    assert 3 <= len(dates) <= 3 + 1
    assert all(d["status"] == "scheduled" for d in dates)
    all_dates = get(client, f"/activities/{weekly.pk}/dates")["results"]
    assert len(all_dates) > 40


def test_an_activity_as_postgresql_composes_it_is_the_documented_item(client):
    """The list and the object are composed in SQL and not validated on the way out
    (api/endpoints/activity_sql.py): every field of the schema, in its order, with its value."""
    from decimal import Decimal

    from django.core.serializers.json import DjangoJSONEncoder

    from api.endpoints.activities import ActivityOut, DateOut
    from meetingplaces.models import Occurrence

    theme = ThemeFactory(slug="muisti", name_fi="muisti", name_en="memory", yso_id="p1234")
    hidden = MeetingPlaceFactory(status=PublishStatus.DRAFT)
    at_address = ActivityFactory(
        venue=Venue.ADDRESS,
        place=None,
        street_address="Kauppakatu 1",
        postcode="40100",
        municipality=municipality("179"),
        latitude=62.2415,
        longitude=25.7482,
        title_fi="Muistikahvila",
        summary_sv="Minnescafé",
        is_free=False,
        fee_amount=Decimal("5"),
        themes=[theme],
        online_url="https://example.org/kokous",
        extra_dates=[dt.date.today() + dt.timedelta(days=3)],
        today=dt.date.today(),
    )
    at_hidden_place = ActivityFactory(place=hidden, online_url_public=True)
    moved = Occurrence.objects.filter(activity=at_address).order_by("starts_at").first()
    moved.place, moved.status, moved.note = hidden, "moved", "Muualla"
    moved.save()
    window = f"dates_from={dt.date.today()}&dates_to={dt.date.today() + dt.timedelta(days=7)}"

    page = get(client, f"/activities?{window}")
    item = next(i for i in page["results"] if i["id"] == at_address.pk)
    at_address.refresh_from_db()
    assert list(item) == list(ActivityOut.model_fields)
    assert item["api_url"].endswith(f"/api/v1/activities/{at_address.pk}")
    assert item["web_url"].endswith(f"/fi/activities/{at_address.slug}/")
    assert item["title"] == {"fi": "Muistikahvila", "sv": "Muistikahvila", "en": "Muistikahvila"}
    assert item["summary"] == {"fi": "Minnescafé", "sv": "Minnescafé", "en": "Minnescafé"}
    assert item["address"] == {
        "street_address": "Kauppakatu 1",
        "postcode": "40100",
        "municipality": "179",
    }
    assert (item["place"], item["latitude"], item["longitude"]) == (None, 62.2415, 25.7482)
    assert item["distance_km"] is None
    assert item["online_url"] == ""  # not public
    assert item["schedule"]["start_time"] == "13:00"
    assert item["schedule"]["extra_dates"] == [str(dt.date.today() + dt.timedelta(days=3))]
    assert (item["is_free"], item["fee_amount"]) == (False, "5.00")
    assert item["themes"] == [
        {
            "slug": "muisti",
            "name": {"fi": "muisti", "sv": "muisti", "en": "memory"},
            "yso_id": "p1234",
            "yso_url": "http://www.yso.fi/onto/yso/p1234",
        }
    ]
    assert item["target_groups"] == []
    encoder = DjangoJSONEncoder()
    assert item["modified"] == encoder.default(at_address.updated_at)
    first = item["dates"][0]
    assert list(first) == list(DateOut.model_fields)
    # Moved to a place that is not public: the date says nothing of where.
    assert (first["id"], first["status"], first["place"], first["note"]) == (
        moved.pk,
        "moved",
        None,
        "Muualla",
    )
    assert first["starts_at"] == encoder.default(moved.starts_at)

    hidden_item = get(client, f"/activities/{at_hidden_place.pk}")["data"]
    assert list(hidden_item) == list(ActivityOut.model_fields)
    assert hidden_item["dates"] is None  # no window asked
    assert (hidden_item["place"], hidden_item["latitude"], hidden_item["address"]) == (
        None,
        None,
        None,
    )
    assert client.get(API + "/activities/999999").status_code == 404


def test_bad_parameters_are_a_400_with_the_field(client):
    response = client.get(API + "/activities?near=north")
    assert response.status_code == 400
    assert "near" in response.json()["errors"]
    response = client.get(API + "/places?accessibility=wings")
    assert response.status_code == 400
    response = client.get(API + "/organisations?cursor=nonsense")
    assert response.status_code == 400
    assert client.get(API + "/activities/999999").status_code == 404


def test_cursor_pages_walk_every_object_once(client):
    made = {OrganisationFactory().pk for _ in range(7)}
    seen, url = [], API + "/organisations?page_size=3"
    while url:
        page = client.get(url).json()
        seen += ids(page)
        url = page["meta"]["next"]
        url = url and url.split("127.0.0.1:8000", 1)[-1]
    assert sorted(seen) == sorted(made)


def test_etag_cache_control_cors_and_licence_link(client, settings):
    settings.API_SHARED_CACHE_SECONDS = 0  # every answer fresh: the shared minute's own test below
    OrganisationFactory()
    response = client.get(API + "/organisations", HTTP_ORIGIN="https://kalenteri.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Cache-Control"] == "public, max-age=60"
    assert 'rel="license"' in response["Link"]
    etag = response["ETag"]
    again = client.get(API + "/organisations", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    OrganisationFactory()
    changed = client.get(API + "/organisations", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    preflight = client.options(
        API + "/organisations",
        HTTP_ORIGIN="https://kalenteri.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert preflight.status_code == 204
    assert "GET" in preflight["Access-Control-Allow-Methods"]


def test_rate_limit_answers_429_with_retry_after(client, settings):
    settings.API_RATE_LIMIT = 3
    statuses = [client.get(API + "/terms").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get(API + "/terms")
    assert response["Retry-After"] == "60"
    assert response.json()["status"] == 429
    assert "60 seconds" in response.json()["detail"]


def test_the_same_public_answer_is_shared_for_a_minute_mirror_reads_are_current(
    client, settings, django_assert_num_queries
):
    """Consumers polling the same list within a minute are answered from the shared cache (as
    their Cache-Control already allows); modified_since, cursor pages and keyed reads are not."""
    first_org = OrganisationFactory(name="Eka ry")
    OrganisationFactory(name="Toka ry")
    url = API + "/organisations?welfare_area=keski-suomi&page_size=1"
    first = client.get(url)
    first_org.name = "Uusi nimi ry"
    first_org.save()
    with django_assert_num_queries(0):
        again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    with django_assert_num_queries(0):
        kept = client.get(url)
    assert kept.content == first.content
    assert kept["ETag"] == first["ETag"] and kept["Cache-Control"] == "public, max-age=60"
    assert 0 <= int(kept["Age"]) <= 60 and not first.has_header("Age")
    assert kept["Access-Control-Allow-Origin"] == "*" and 'rel="license"' in kept["Link"]
    # A mirror's reads are current: what changed since the first page's time, and the next page.
    since = first.json()["meta"]["generated_at"]
    changed = client.get(API + "/organisations", {"modified_since": since}).json()
    assert [item["name"] for item in changed["results"]] == ["Uusi nimi ry"]
    next_page = first.json()["meta"]["next"].split("8000", 1)[1]
    assert client.get(next_page).json()["results"]
    # Once the minute has passed (a cache of one second here), a change shows.
    settings.API_SHARED_CACHE_SECONDS = 1
    client.get(url + "&x=1")
    first_org.name = "Kolmas nimi ry"
    first_org.save()
    assert "Kolmas nimi ry" not in client.get(url + "&x=1").content.decode()
    time.sleep(1.1)
    assert "Kolmas nimi ry" in client.get(url + "&x=1").content.decode()


def _queries(client, path) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(API + path).status_code == 200
    return len(context.captured_queries)


def test_queries_do_not_grow_with_the_page_size(client):
    theme, group = ThemeFactory(), TermFactory()
    org = OrganisationFactory(themes=[theme], target_groups=[group])
    place = MeetingPlaceFactory(organisations=[org])
    for _ in range(12):
        ActivityFactory(organisation=org, place=place, themes=[theme], target_groups=[group])
        OrganisationFactory(themes=[theme], target_groups=[group])
        MeetingPlaceFactory(organisations=[org])
    window = f"dates_from={dt.date.today()}&dates_to={dt.date.today() + dt.timedelta(days=30)}"
    for path in [
        f"/activities?near=62.24,25.72&radius=10&{window}",
        "/organisations?modified_since=2000-01-01T00:00:00Z",
        "/places?near=62.24,25.72",
        f"/events?{window}",
        "/consultations",
        "/minutes",
    ]:
        sep = "&" if "?" in path else "?"
        small = _queries(client, f"{path}{sep}page_size=2")
        large = _queries(client, f"{path}{sep}page_size=12")
        assert small == large, path
        assert large <= 7, path


def test_modified_since_lists_changes_and_tombstones(client):
    since = "2000-01-01T00:00:00Z"
    kept = OrganisationFactory()
    archived = OrganisationFactory()
    source = OrganisationFactory()
    activity = ActivityFactory(organisation=kept)
    orphan = ActivityFactory(organisation=archived)
    organisation_archive(organisation=archived, user=None, reason="Toiminta päättyi")
    organisation_merge(source=source, target=kept, user=None)
    activity_set_status(activity, PublishStatus.ARCHIVED)

    orgs = get(client, f"/organisations?modified_since={since}")
    assert ids(orgs) == [kept.pk]
    removed = {r["id"]: r for r in orgs["removed"]}
    assert removed[archived.pk]["reason"] == "archived"
    assert removed[source.pk]["reason"] == "merged"
    assert removed[source.pk]["replaced_by"] == kept.pk

    acts = get(client, f"/activities?modified_since={since}")
    assert ids(acts) == []
    reasons = {r["id"]: r["reason"] for r in acts["removed"]}
    assert reasons == {activity.pk: "archived", orphan.pk: "organisation_removed"}

    # Back in public: the activity is a change again, and its tombstone is gone.
    activity_set_status(activity, PublishStatus.PUBLISHED)
    acts = get(client, f"/activities?modified_since={since}")
    assert ids(acts) == [activity.pk]
    assert [r["id"] for r in acts["removed"]] == [orphan.pk]


def test_openapi_document_is_3_1_and_names_the_licence(client):
    document = get(client, "/openapi.json")
    assert document["openapi"].startswith("3.1")
    assert document["info"]["license"]["name"] == "CC BY 4.0"
    for path in ["/organisations", "/places", "/activities", "/consultations", "/minutes"]:
        assert f"/api/v1{path}" in document["paths"]


def test_dates_as_linked_events_shaped_schema_org_events(client):
    theme = ThemeFactory(slug="vertaistuki", yso_id="p7316")
    activity = ActivityFactory(themes=[theme], recurrence="FREQ=WEEKLY", today=dt.date.today())
    ActivityFactory(status=PublishStatus.DRAFT)
    page = get(client, "/events?page_size=3")
    assert len(page["data"]) == 3
    event = page["data"][0]
    assert event["@context"] == "https://schema.org"
    assert event["@type"] == "Event"
    assert event["@id"].endswith(f"/api/v1/events/{activity.occurrences.order_by('pk')[0].pk}")
    assert event["eventStatus"] == "https://schema.org/EventScheduled"
    assert event["location"]["@type"] == "Place"
    assert event["keywords"] == ["http://www.yso.fi/onto/yso/p7316"]
    assert event["superEvent"].endswith(f"/api/v1/activities/{activity.pk}")
    assert page["meta"]["next"]
    one = get(client, event["@id"].split("/api/v1", 1)[1])
    assert one["data"]["startDate"] == event["startDate"]


def test_units_with_the_contact_only_by_consent_and_their_tombstones(client):
    from tests.units.factories import UnitFactory
    from units.models import UnitStatus

    shown = UnitFactory(contact_consent=True)
    private = UnitFactory(contact_consent=False, latitude=60.17, longitude=24.94)
    gone = UnitFactory()
    gone.status = UnitStatus.ARCHIVED
    gone.save()
    page = get(client, "/units?modified_since=2000-01-01T00:00:00Z")
    by_id = {item["id"]: item for item in page["results"]}
    assert set(by_id) == {shown.pk, private.pk}
    assert by_id[shown.pk]["association_contact"]["name"] == shown.contact_name
    assert by_id[private.pk]["association_contact"] is None
    assert [r["id"] for r in page["removed"]] == [gone.pk]
    assert ids(get(client, "/units?near=62.24,25.72&radius=5")) == [shown.pk]


def test_every_schema_of_the_document_has_its_own_name():
    """Two answer classes of one name would share one component (schemathesis found a unit's
    contact validated as an activity's)."""
    import collections

    from api.common import Out

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    names = collections.Counter(cls.__name__ for cls in subclasses(Out))
    assert [name for name, count in names.items() if count > 1] == []
