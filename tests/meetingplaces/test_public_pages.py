"""The public pages of a meeting place and an activity, and the organisation page's section of
its activities and places: what a resident sees, the JSON-LD, drafts and query counts."""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal

import pytest
import time_machine
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from meetingplaces.models import OpeningHours, PublishStatus, Venue
from meetingplaces.schedule import HELSINKI
from meetingplaces.services import activity_saved, occurrence_cancel, occurrence_move, place_saved
from organisations.models import Membership
from tests.meetingplaces.factories import ActivityFactory, MeetingPlaceFactory
from tests.organisations.factories import (
    DraftOrganisationFactory,
    MembershipFactory,
    OrganisationFactory,
)

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 17)  # a Tuesday, before the spring DST change (29.3.2026)
NOW = dt.datetime(2026, 3, 17, 9, 0, tzinfo=HELSINKI)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def json_ld(page: str):
    found = re.findall(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', page, re.S)
    assert len(found) == 1
    return json.loads(found[0])


def text(page: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))


# --- Place page ------------------------------------------------------------------------


def test_place_page_shows_what_a_visitor_needs(client):
    organisation = OrganisationFactory(name="Jyväskylän Kohtaamo ry")
    place = MeetingPlaceFactory(
        name_fi="Olohuone Kompassi",
        organisations=[organisation],
        directions_fi="Sisäänkäynti pihan puolelta, 2. kerros.",
        anonymous_welcome=True,
        has_peers=True,
        step_free_entrance=True,
        induction_loop=True,
        languages=["fi", "selko"],
        phone="+358401234567",
    )
    OpeningHours.objects.create(place=place, weekday=1, opens=dt.time(10), closes=dt.time(16))
    ActivityFactory(
        title_fi="Mielenterveyden vertaisryhmä",
        organisation=organisation,
        place=place,
        today=TODAY,
        is_free=False,
        fee_amount=Decimal("5.00"),
        signup_required=True,
    )
    page = html(client.get(place.get_absolute_url()))
    words = text(page)
    assert "Olohuone Kompassi" in words
    assert "Jyväskylän Kohtaamo ry" in words
    assert "Sisäänkäynti pihan puolelta, 2. kerros." in words
    assert "Avataan tänään klo 10" in words
    assert "Voi tulla nimettömänä" in words and "Vertaisia (kokemusasiantuntijoita)" in words
    assert "Esteetön sisäänkäynti" in words and "Induktiosilmukka" in words
    assert "suomi, selkosuomi" in words
    assert "040 123 4567" in words
    assert "Mielenterveyden vertaisryhmä" in words
    assert "ti 17.3.2026 13.00–15.00" in words
    assert "5,00 €" in words and "Ilmoittautuminen tarvitaan" in words
    assert f'href="/fi/places/{place.slug}/calendar.ics"' in page
    assert "openstreetmap.org/?mlat=62.24150&amp;mlon=25.72090" in page


def test_place_json_ld_is_a_schema_org_place(client):
    place = MeetingPlaceFactory(name_fi="Kylätalo Mäkelä", street_address="Kylätie 3")
    OpeningHours.objects.create(place=place, weekday=0, opens=dt.time(9), closes=dt.time(12))
    data = json_ld(html(client.get(place.get_absolute_url())))
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Place"
    assert data["name"] == "Kylätalo Mäkelä"
    assert data["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "Kylätie 3",
        "postalCode": "40100",
        "addressLocality": "Jyväskylä",
        "addressCountry": "FI",
    }
    assert data["geo"] == {"@type": "GeoCoordinates", "latitude": 62.2415, "longitude": 25.7209}
    assert data["openingHoursSpecification"] == [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": "https://schema.org/Monday",
            "opens": "09:00",
            "closes": "12:00",
        }
    ]


def test_json_ld_cannot_close_its_script_element(client):
    place = MeetingPlaceFactory(name_fi="</script><script>alert(1)</script>")
    page = html(client.get(place.get_absolute_url()))
    assert "<script>alert(1)" not in page
    assert json_ld(page)["name"] == "</script><script>alert(1)</script>"


def test_place_page_falls_back_to_finnish_with_a_lang_attribute(client):
    place = MeetingPlaceFactory(name_fi="Olohuone", description_fi="Tervetuloa kahville.")
    with translation.override("sv"):
        page = html(client.get(place.get_absolute_url()))
    assert '<h1 lang="fi">Olohuone</h1>' in page
    assert '<div class="place-page__description" lang="fi">' in page


def test_a_draft_place_is_404_to_residents_and_shown_to_its_members(client):
    place = MeetingPlaceFactory(status=PublishStatus.DRAFT)
    assert client.get(place.get_absolute_url()).status_code == 404
    member = MembershipFactory(organisation=place.organisations.get()).user
    client.force_login(member)
    assert "Tämä sivu ei ole julkinen" in text(html(client.get(place.get_absolute_url())))


def test_place_page_lists_only_published_organisations_and_activities(client):
    public = OrganisationFactory(name="Julkinen ry")
    draft = DraftOrganisationFactory(name="Luonnos ry")
    place = MeetingPlaceFactory(organisations=[public, draft])
    ActivityFactory(title_fi="Näkyvä ryhmä", organisation=public, place=place, today=TODAY)
    ActivityFactory(
        title_fi="Luonnosryhmä", organisation=public, place=place, today=TODAY, status="draft"
    )
    ActivityFactory(title_fi="Luonnosyhdistyksen ryhmä", organisation=draft, place=place)
    words = text(html(client.get(place.get_absolute_url())))
    assert "Julkinen ry" in words and "Luonnos ry" not in words
    assert "Näkyvä ryhmä" in words
    assert "Luonnosryhmä" not in words and "Luonnosyhdistyksen ryhmä" not in words


def test_place_page_query_count_does_not_grow_with_activities(
    client, django_assert_max_num_queries
):
    place = MeetingPlaceFactory()
    OpeningHours.objects.create(place=place, weekday=1, opens=dt.time(10), closes=dt.time(16))
    organisation = place.organisations.get()
    ActivityFactory(organisation=organisation, place=place, today=TODAY)
    client.get(place.get_absolute_url())
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        html(client.get(place.get_absolute_url()))
    for _n in range(4):
        ActivityFactory(organisation=OrganisationFactory(), place=place, today=TODAY)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert text(html(client.get(place.get_absolute_url()))).count("Vertaisryhmä") == 5


# --- Activity page ---------------------------------------------------------------------


def test_activity_page_shows_schedule_in_plain_words_and_next_dates(client):
    activity = ActivityFactory(
        title_fi="Omaishoitajien vertaisryhmä",
        summary_fi="Tule juttelemaan muiden omaishoitajien kanssa.",
        recurrence="FREQ=WEEKLY;INTERVAL=2;BYDAY=TU",
        today=TODAY,
        contact_role="Ryhmänohjaaja",
        capacity=12,
        signup_required=True,
        languages=["fi", "sv"],
    )
    words = text(html(client.get(activity.get_absolute_url())))
    assert "Joka toinen tiistai klo 13–15" in words
    assert "tiistai 17.3.2026 klo 13.00–15.00" in words
    assert "tiistai 31.3.2026 klo 13.00–15.00" in words
    assert "Tule juttelemaan muiden omaishoitajien kanssa." in words
    assert "Ryhmänohjaaja" in words and "12" in words
    assert "Ilmoittautuminen tarvitaan" in words and "suomi, ruotsi" in words
    assert "Maksuton" in words


def test_activity_page_offers_sign_up_for_the_next_date_that_is_not_cancelled(client):
    from django.urls import reverse

    activity = ActivityFactory(signup_required=True, capacity=8)
    first, second = activity.occurrences.order_by("starts_at")[:2]
    occurrence_cancel(first, note="Ohjaaja sairastui")
    html = client.get(activity.get_absolute_url()).content.decode()
    assert reverse("signups:signup", args=[activity.slug, second.pk]) in html
    assert reverse("signups:signup", args=[activity.slug, first.pk]) not in html
    assert "8 paikkaa jäljellä / 8." in html


def test_activity_without_sign_up_has_no_sign_up_box(client):
    activity = ActivityFactory(signup_required=False)
    assert "/signups/" not in client.get(activity.get_absolute_url()).content.decode()


def test_cancelled_date_is_struck_with_its_note_and_a_moved_one_shows_new_time_and_place(client):
    activity = ActivityFactory(today=TODAY)
    first, second = activity.occurrences.order_by("starts_at")[:2]
    occurrence_cancel(first, note="Ohjaaja sairastui.")
    new_place = MeetingPlaceFactory(name_fi="Kirjaston kokoushuone")
    occurrence_move(
        second,
        starts_at=dt.datetime(2026, 3, 25, 17, 0, tzinfo=HELSINKI),
        ends_at=dt.datetime(2026, 3, 25, 19, 0, tzinfo=HELSINKI),
        place=new_place,
        note="Poikkeuksellisesti keskiviikkona.",
    )
    page = html(client.get(activity.get_absolute_url()))
    words = text(page)
    assert re.search(r"<del><time[^>]*>tiistai 17\.3\.2026", page)
    assert "Peruttu" in words and "Ohjaaja sairastui." in words
    assert "keskiviikko 25.3.2026 klo 17.00–19.00" in words
    assert "Siirretty ajasta 24.3.2026 13.00." in words
    assert "Kirjaston kokoushuone" in words and "Poikkeuksellisesti keskiviikkona." in words


def test_activity_event_json_ld_has_schedule_statuses_and_offer(client):
    activity = ActivityFactory(
        title_fi="Kävelykerho", today=TODAY, is_free=False, fee_amount=Decimal("3.50")
    )
    first, second = activity.occurrences.order_by("starts_at")[:2]
    occurrence_cancel(first, note="")
    occurrence_move(
        second,
        starts_at=dt.datetime(2026, 3, 24, 14, 0, tzinfo=HELSINKI),
        ends_at=dt.datetime(2026, 3, 24, 16, 0, tzinfo=HELSINKI),
    )
    data = json_ld(html(client.get(activity.get_absolute_url())))
    assert data["@type"] == "Event"
    assert data["name"] == "Kävelykerho"
    assert data["eventSchedule"]["repeatFrequency"] == "P1W"
    assert data["eventSchedule"]["byDay"] == ["https://schema.org/Tuesday"]
    assert data["eventSchedule"]["startTime"] == "13:00"
    assert data["eventSchedule"]["scheduleTimezone"] == "Europe/Helsinki"
    assert data["offers"] == {
        "@type": "Offer",
        "price": "3.50",
        "priceCurrency": "EUR",
        "url": settings.SITE_URL + activity.get_absolute_url(),
    }
    assert data["location"]["@type"] == "Place"
    assert data["location"]["address"]["addressLocality"] == "Jyväskylä"
    sub = data["subEvent"]
    assert sub[0]["eventStatus"] == "https://schema.org/EventCancelled"
    assert sub[0]["startDate"] == "2026-03-17T13:00+02:00"
    assert sub[1]["eventStatus"] == "https://schema.org/EventRescheduled"
    assert sub[1]["startDate"] == "2026-03-24T14:00+02:00"
    assert sub[1]["previousStartDate"] == "2026-03-24T13:00+02:00"
    # After the DST change the wall-clock time stays and the offset changes.
    assert sub[2]["startDate"] == "2026-03-31T13:00+03:00"


def test_a_one_off_activity_is_one_event_and_online_is_a_virtual_location(client):
    activity = ActivityFactory(
        venue=Venue.ONLINE,
        recurrence="",
        start_date=dt.date(2026, 4, 2),
        online_url="https://meet.example/abc",
        online_url_public=False,
    )
    data = json_ld(html(client.get(activity.get_absolute_url())))
    assert data["@type"] == "Event"
    assert data["startDate"] == "2026-04-02T13:00+03:00"
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["location"] == {"@type": "VirtualLocation"}  # no link for everyone


def test_online_link_only_when_it_is_public(client):
    activity = ActivityFactory(
        venue=Venue.ONLINE, today=TODAY, online_url="https://meet.example/secret-room"
    )
    page = html(client.get(activity.get_absolute_url()))
    assert "secret-room" not in page
    assert "Linkki lähetetään ilmoittautuneille." in text(page)
    activity.online_url_public = True
    activity.save()
    page = html(client.get(activity.get_absolute_url()))
    assert 'href="https://meet.example/secret-room"' in page
    assert json_ld(page)["location"]["url"] == "https://meet.example/secret-room"


def test_activity_texts_fall_back_with_lang_attribute(client):
    activity = ActivityFactory(
        title_fi="Lukupiiri",
        title_sv="Läscirkel",
        description_fi="Luemme kirjoja yhdessä.",
        today=TODAY,
    )
    with translation.override("sv"):
        page = html(client.get(activity.get_absolute_url()))
    assert "<h1>Läscirkel</h1>" in page
    assert '<div lang="fi"><p>Luemme kirjoja yhdessä.</p></div>' in page


def test_draft_activity_and_activity_of_a_draft_organisation_are_404(client):
    draft = ActivityFactory(status=PublishStatus.DRAFT, today=TODAY)
    hidden = ActivityFactory(organisation=DraftOrganisationFactory(), today=TODAY)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(hidden.get_absolute_url()).status_code == 404
    editor = MembershipFactory(organisation=draft.organisation, role=Membership.Role.EDITOR)
    client.force_login(editor.user)
    assert "Tämä sivu ei ole julkinen" in text(html(client.get(draft.get_absolute_url())))


def test_activity_page_query_count_is_constant(client, django_assert_max_num_queries):
    activity = ActivityFactory(today=TODAY)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as first:
        html(client.get(activity.get_absolute_url()))
    for occurrence in activity.occurrences.order_by("starts_at")[:3]:
        occurrence_move(
            occurrence,
            starts_at=occurrence.starts_at,
            ends_at=occurrence.ends_at,
            place=MeetingPlaceFactory(),
        )
    with django_assert_max_num_queries(len(first.captured_queries)):
        html(client.get(activity.get_absolute_url()))


# --- The organisation page's section ---------------------------------------------------


def test_organisation_page_lists_its_activities_and_places(client):
    organisation = OrganisationFactory(name="Keuruun Kohtaamo ry")
    place = MeetingPlaceFactory(name_fi="Kohtaamo Keuruu", organisations=[organisation])
    ActivityFactory(title_fi="Tiistaikahvila", organisation=organisation, place=place, today=TODAY)
    ActivityFactory(
        title_fi="Etäryhmä", organisation=organisation, venue=Venue.ONLINE, today=TODAY,
        is_free=False, fee_amount=Decimal("10"),
    )  # fmt: skip
    words = text(html(client.get(organisation.get_absolute_url())))
    assert "Tulevat toiminnat ja kohtaamispaikat" in words
    assert "Tiistaikahvila" in words and "Etäryhmä" in words
    assert "ti 17.3.2026 13.00–15.00" in words
    assert "Kohtaamo Keuruu" in words and "Verkossa" in words
    assert "10,00 €" in words and "Maksuton" in words


def test_organisation_page_section_follows_changes_despite_the_cache(client):
    organisation = OrganisationFactory()
    activity = ActivityFactory(title_fi="Vanha nimi", organisation=organisation, today=TODAY)
    url = organisation.get_absolute_url()
    assert "Vanha nimi" in html(client.get(url))
    activity.title_fi = "Uusi nimi"
    activity.save()
    with django_capture_on_commit():
        activity_saved(activity, today=TODAY)
    page = html(client.get(url))
    assert "Uusi nimi" in page and "Vanha nimi" not in page
    occurrence = activity.occurrences.order_by("starts_at").first()
    with django_capture_on_commit():
        occurrence_cancel(occurrence, note="")
    assert "Peruttu" in text(html(client.get(url)))
    place = activity.place
    place.name_fi = "Paikan uusi nimi"
    place.save()
    with django_capture_on_commit():
        place_saved(place)
    assert "Paikan uusi nimi" in html(client.get(url))


def test_organisation_page_query_count_stays_constant(client, django_assert_num_queries):
    organisation = OrganisationFactory()
    ActivityFactory(organisation=organisation, today=TODAY)
    url = organisation.get_absolute_url()
    html(client.get(url))
    with django_assert_num_queries(1):  # cached: only the access check
        html(client.get(url))
    cache.clear()
    with django_assert_num_queries(4):  # the page, its activities, its places
        html(client.get(url))
    for _n in range(3):
        ActivityFactory(organisation=organisation, today=TODAY)
        MeetingPlaceFactory(organisations=[organisation])
    cache.clear()
    with django_assert_num_queries(4):
        assert text(html(client.get(url))).count("Vertaisryhmä") == 4


class django_capture_on_commit:
    """Runs the on-commit callbacks of the block (the test's transaction never commits)."""

    def __enter__(self):
        from django.db import connection

        self.connection = connection
        self.start = len(connection.run_on_commit)

    def __exit__(self, *exc):
        callbacks = self.connection.run_on_commit[self.start :]
        self.connection.run_on_commit[self.start :] = []
        for _sids, callback, _robust in callbacks:
            callback()


def _events(data) -> list[dict]:
    events = data if isinstance(data, list) else [data]
    return events + [sub for event in events for sub in event.get("subEvent", [])]


ISO_WITH_OFFSET = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d[+-]\d\d:\d\d$")


@pytest.mark.parametrize(
    "fields",
    [
        {},
        {"recurrence": "FREQ=MONTHLY;BYDAY=1TU"},
        {"recurrence": "", "extra_dates": [dt.date(2026, 3, 20), dt.date(2026, 3, 27)]},
        {"venue": Venue.ONLINE, "online_url": "https://meet.example/x", "online_url_public": True},
        {"venue": Venue.ADDRESS, "street_address": "Torikatu 2", "postcode": "40100"},
        {"is_free": False, "fee_amount": Decimal("12.5"), "languages": ["fi", "sv", "selko"]},
    ],
    ids=["weekly", "monthly", "dates", "online", "address", "fee"],
)
def test_every_event_json_ld_has_what_schema_org_requires(client, fields):
    activity = ActivityFactory(today=TODAY, **fields)
    data = json_ld(html(client.get(activity.get_absolute_url())))
    for top in data if isinstance(data, list) else [data]:
        assert top["@context"] == "https://schema.org"
    events = _events(data)
    assert events
    for event in events:
        assert event["@type"] == "Event"
        assert event["name"]
        assert ISO_WITH_OFFSET.match(event["startDate"]) and ISO_WITH_OFFSET.match(event["endDate"])
        assert event["startDate"] < event["endDate"]
        assert event["location"]["@type"] in ("Place", "VirtualLocation")
        assert event["eventStatus"].startswith("https://schema.org/Event")
        assert event["offers"]["priceCurrency"] == "EUR"
        float(event["offers"]["price"])
        assert set(event.get("inLanguage", [])) <= {"fi", "sv", "en"}


def test_an_activity_without_coming_dates_has_no_event_json_ld(client):
    activity = ActivityFactory(recurrence="", start_date=dt.date(2026, 3, 1))
    page = html(client.get(activity.get_absolute_url()))
    assert "application/ld+json" not in page
    assert "Ei tulevia kertoja." in text(page)


def test_breadcrumb_returns_to_the_search_the_visitor_came_from(client):
    from meetingplaces.views.public import search_url

    activity = ActivityFactory(today=TODAY)
    search = search_url()
    came_from = f"http://testserver{search}?q=vertaistuki&free=1"
    page = html(client.get(activity.get_absolute_url(), HTTP_REFERER=came_from))
    assert f'href="{search}?q=vertaistuki&amp;free=1"' in page
    elsewhere = html(client.get(activity.get_absolute_url(), HTTP_REFERER="https://evil.example/"))
    assert f'<a href="{search}">' in elsewhere
