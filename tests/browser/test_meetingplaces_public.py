"""A resident on a 360 px phone: from a meeting place's page to an activity, "add to calendar"
(the .ics downloaded and read back), with the keyboard only; axe scans of the place and
activity pages in Finnish, Swedish and English."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from meetingplaces.models import OpeningHours
from meetingplaces.schedule import HELSINKI
from meetingplaces.services import occurrence_cancel
from tests.browser.helpers import axe_check, no_sideways_scroll, url
from tests.meetingplaces.factories import ActivityFactory, MeetingPlaceFactory
from tests.organisations.factories import OrganisationFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]


@pytest.fixture
def phone(new_page):
    return new_page(accept_downloads=True)


@pytest.fixture
def activity():
    organisation = OrganisationFactory(name="Keskustan Kohtaamo ry")
    place = MeetingPlaceFactory(
        name_fi="Olohuone Kompassi",
        name_sv="Vardagsrummet Kompassen",
        organisations=[organisation],
        directions_fi="Sisäänkäynti pihan puolelta, toinen kerros.",
        step_free_entrance=True,
        anonymous_welcome=True,
        has_volunteers=True,
        languages=["fi", "sv"],
        email="olohuone@example.com",
    )
    for weekday in range(5):
        OpeningHours.objects.create(
            place=place, weekday=weekday, opens=dt.time(10), closes=dt.time(16)
        )
    activity = ActivityFactory(
        title_fi="Omaishoitajien vertaisryhmä",
        title_en="Peer group for family carers",
        summary_fi="Tule juttelemaan muiden omaishoitajien kanssa.",
        organisation=organisation,
        place=place,
        recurrence="FREQ=WEEKLY;INTERVAL=2;BYDAY=TU",
        is_free=False,
        fee_amount=Decimal("2.00"),
        signup_required=True,
        capacity=12,
        contact_role="Ryhmänohjaaja",
    )
    occurrence_cancel(activity.occurrences.order_by("starts_at")[0], note="Ohjaaja on lomalla.")
    return activity


def test_phone_keyboard_only_from_place_to_activity_and_add_to_calendar(
    phone, live_server, activity
):
    page = phone
    page.goto(url(live_server, "meetingplaces:place", slug=activity.place.slug))
    no_sideways_scroll(page)
    axe_check(page)
    # Tab to the activity's link and follow it with Enter.
    link = page.get_by_role("link", name="Omaishoitajien vertaisryhmä")
    for _press in range(60):
        page.keyboard.press("Tab")
        if link.evaluate("element => element === document.activeElement"):
            break
    else:
        pytest.fail("the activity's link cannot be reached with Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(activity.get_absolute_url())
    no_sideways_scroll(page)
    main = page.locator("main").inner_text()
    assert "Joka toinen tiistai klo 13–15" in main
    assert "Ohjaaja on lomalla." in main
    axe_check(page)

    # The first date is cancelled: the first "add to calendar" link is the next one's.
    add = page.locator("a.date-row__ics").first
    for _press in range(80):
        page.keyboard.press("Tab")
        if add.evaluate("element => element === document.activeElement"):
            break
    else:
        pytest.fail("'add to calendar' cannot be reached with Tab")
    with page.expect_download() as download_info:
        page.keyboard.press("Enter")
    download = download_info.value
    assert download.suggested_filename.endswith(".ics")
    with open(download.path(), "rb") as file:
        body = file.read().decode()
    second = activity.occurrences.order_by("starts_at")[1]
    start = second.starts_at.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    assert "BEGIN:VEVENT" in body and f"DTSTART:{start}" in body
    assert "SUMMARY:Omaishoitajien vertaisryhmä" in body
    assert second.starts_at.astimezone(HELSINKI).time() == dt.time(13, 0)


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_place_and_activity_pages_pass_axe_in_every_language(phone, live_server, activity, lang):
    page = phone
    page.goto(url(live_server, "meetingplaces:place", lang=lang, slug=activity.place.slug))
    assert page.locator("html").get_attribute("lang") == lang
    assert page.locator("h1").count() == 1
    no_sideways_scroll(page)
    axe_check(page)
    page.goto(url(live_server, "meetingplaces:activity", lang=lang, slug=activity.slug))
    assert page.locator("h1").count() == 1
    no_sideways_scroll(page)
    axe_check(page)


def test_organisation_page_section_passes_axe(phone, live_server, activity):
    page = phone
    page.goto(url(live_server, "organisations:detail", slug=activity.organisation.slug))
    assert "Omaishoitajien vertaisryhmä" in page.locator("main").inner_text()
    no_sideways_scroll(page)
    axe_check(page)


TILES = "http://127.0.0.1:9/tiles/{z}/{x}/{y}.png"


def test_map_loads_tiles_only_after_the_visitor_asks(phone, live_server, activity, settings):
    settings.MAP_TILE_URL = TILES
    page = phone
    tile_requests: list[str] = []

    def refuse(route):  # nothing leaves the machine
        tile_requests.append(route.request.url)
        route.abort()

    page.route("http://127.0.0.1:9/**", refuse)
    page.goto(url(live_server, "meetingplaces:place", slug=activity.place.slug))
    button = page.get_by_role("button", name="Näytä kartta tässä")
    button.wait_for()
    assert tile_requests == []
    assert page.evaluate("typeof window.L") == "undefined"  # Leaflet not even loaded
    assert page.locator("img.leaflet-tile").count() == 0
    button.click()
    page.locator("#place-map.leaflet-container").wait_for()
    page.locator("#place-map .leaflet-marker-icon").wait_for()
    # The tiles asked for (the CSP of this test process has no tile origin, so the browser
    # stops them before the network: the <img> elements are what the map requested).
    page.locator("#place-map img.leaflet-tile").first.wait_for(state="attached")
    sources = page.locator("#place-map img.leaflet-tile").evaluate_all(
        "images => images.map(image => image.src)"
    )
    assert sources and all(src.startswith("http://127.0.0.1:9/tiles/16/") for src in sources)
    assert "OpenStreetMap" in page.locator("#place-map").inner_text()
    axe_check(page)


def test_without_a_tile_server_there_is_only_the_plain_map_link(phone, live_server, activity):
    page = phone
    page.goto(url(live_server, "meetingplaces:place", slug=activity.place.slug))
    assert page.locator("button[data-map-target]").count() == 0
    assert page.get_by_role("link", name="Näytä kartalla (OpenStreetMap)").is_visible()
