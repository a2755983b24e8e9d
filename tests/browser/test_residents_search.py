"""The residents' search in a real browser on a 360 px phone: near a postcode, filter, open a
result; an axe scan (WCAG 2.1 AA) of each state (list, filters open, empty)."""

import datetime as dt

import pytest

from tests.browser.helpers import axe_check, phone_check

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def places(reference_data):
    from areas.loader import load_postcodes
    from areas.models import Municipality, Postcode
    from tests.meetingplaces.factories import ActivityFactory, MeetingPlaceFactory
    from tests.organisations.factories import OrganisationFactory

    if not Postcode.objects.exists():
        load_postcodes(Postcode, Municipality)
    org = OrganisationFactory(name="Keski-Suomen Omaishoitajat ry")
    centre = MeetingPlaceFactory(
        name_fi="Kansalaistoiminnan keskus", organisations=[org], location_source="pin"
    )
    palokka = MeetingPlaceFactory(
        name_fi="Palokan kylätalo",
        latitude=62.298,
        longitude=25.705,
        organisations=[org],
        location_source="pin",
    )
    ActivityFactory(title_fi="Omaishoitajien vertaistukiryhmä", organisation=org, place=centre)
    ActivityFactory(
        title_fi="Iltakerho",
        organisation=org,
        place=palokka,
        recurrence="FREQ=WEEKLY;BYDAY=TH",
        start_time=dt.time(18, 0),
        end_time=dt.time(20, 0),
    )


def test_search_near_a_postcode_filter_and_open_a_result(phone, live_server, places):
    page = phone
    page.goto(f"{live_server.url}/fi/search/")
    phone_check(page)

    page.locator("#search-near summary").click()
    page.get_by_label("Postinumero").fill("40100")
    page.get_by_label("Etäisyys").select_option("25")
    page.get_by_role("button", name="Hae", exact=True).click()
    page.wait_for_url("**postcode=40100**")
    results = page.locator(".search-result")
    assert results.first.is_visible()
    assert "km" in page.locator(".search-result").first.inner_text()
    assert "Kansalaistoiminnan keskus" in results.first.inner_text()
    phone_check(page)

    page.locator("#search-filters summary").click()
    axe_check(page)
    page.get_by_label("Ilta (klo 17 alkaen)").check()
    page.get_by_role("button", name="Käytä rajauksia").click()
    page.wait_for_url("**time=evening**")
    titles = page.locator(".search-result__title").all_inner_texts()
    assert titles == ["Iltakerho"]
    text = page.locator(".search-result").first.inner_text()
    assert "torstai" in text and "klo 18.00" in text and "Maksuton" in text

    page.get_by_role("link", name="Iltakerho").click()
    page.wait_for_url("**/activities/**")


def test_empty_result_offers_ways_on(phone, live_server, places):
    page = phone
    page.goto(f"{live_server.url}/fi/search/?q=iltakerho&postcode=40100&radius=2")
    assert page.locator(".search-result").count() == 0
    assert page.get_by_role("link", name="Hae 10 km:n säteeltä").is_visible()
    axe_check(page)
    page.get_by_role("link", name="Hae 10 km:n säteeltä").click()
    page.wait_for_url("**radius=10**")
    assert page.locator(".search-result__title").all_inner_texts() == ["Iltakerho"]


def test_map_opens_on_request_and_loads_leaflet_from_our_own_files(
    phone, live_server, places, settings
):
    """No map button without a tile server; with one, the map (Leaflet and markercluster from
    static/vendor) and its tiles load only after the button is pressed."""
    page = phone
    page.goto(f"{live_server.url}/fi/search/?postcode=40100&radius=25")
    assert page.locator("#search-map-open").count() == 0

    settings.MAP_TILE_URL = f"{live_server.url}/static/test-tiles/{{z}}/{{x}}/{{y}}.png"
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{live_server.url}/fi/search/?postcode=40100&radius=25")
    assert not [u for u in requests if "leaflet" in u or "test-tiles" in u]
    button = page.get_by_role("button", name="Näytä kartalla")
    button.click()
    page.locator("#search-map .leaflet-container, #search-map.leaflet-container").first.wait_for()
    assert button.get_attribute("aria-expanded") == "true"
    assert any("vendor/leaflet/leaflet.js" in u for u in requests)
    assert all(u.startswith(live_server.url) for u in requests)
    axe_check(page)


def test_from_the_home_page_to_a_dated_group_near_a_postcode_with_its_true_distance(
    phone, live_server, places
):
    """A resident on a 360 px phone: the home page's box, then a postcode, then the group with
    its next date and its distance (6,3 km to Palokka, a pinned place), first of the results."""
    page = phone
    page.goto(f"{live_server.url}/fi/")
    page.locator("#home-q").fill("iltakerho")
    page.locator("#home-q").press("Enter")
    page.wait_for_url("**/search/**q=iltakerho**")
    first = page.locator(".search-result").first
    assert first.is_visible()
    # Results first on a phone: the first result starts within 450 px of the page's content
    # (the shared header above it is base.html's).
    offsets = page.evaluate(
        "[document.querySelector('.search-result').getBoundingClientRect().top,"
        " document.querySelector('main').getBoundingClientRect().top]"
    )
    assert offsets[0] - offsets[1] < 450
    page.locator("#search-near summary").click()
    page.get_by_label("Postinumero").fill("40100")
    page.get_by_role("button", name="Hae tämän paikan läheltä").click()
    page.wait_for_url("**postcode=40100**")
    text = page.locator(".search-result").first.inner_text()
    assert "Iltakerho" in text and "Seuraavan kerran" in text and "torstai" in text
    assert "6,3 km" in text or "6,4 km" in text
    phone_check(page)
    # The keyboard reaches the first result in a few presses from the page's own skip link.
    page.locator(".residents-search__skip a").focus()
    page.keyboard.press("Enter")
    presses = 0
    while presses < 5:
        page.keyboard.press("Tab")
        presses += 1
        if page.evaluate("document.activeElement.closest('.search-result') !== null"):
            break
    assert page.evaluate("document.activeElement.textContent").strip() == "Iltakerho"
    page.keyboard.press("Enter")
    page.wait_for_url("**/activities/**")
