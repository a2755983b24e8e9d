"""Associations' editing of activities and places in a browser, on a 360 px wide phone.

An editor creates a recurring activity in one form: the live preview shows the schedule in
plain words and the next dates, an impossible time gets an error next to the field (and in the
summary) with everything typed kept, and the saved activity's dates can be cancelled. Every
page on the way gets an axe scan.
"""

import pytest

from meetingplaces.models import Activity, Occurrence
from tests.browser.conftest import PHONE
from tests.browser.helpers import (
    axe_check,
    follow_link,
    log_in_with_session,
    next_tuesday,
    phone_check,
    url,
)
from tests.meetingplaces.factories import ActivityFactory

pytestmark = pytest.mark.browser


def test_create_a_recurring_activity_with_preview_errors_and_save(phone, live_server, editor_world):
    org, user, place = editor_world
    page = phone
    log_in_with_session(page, live_server, user)

    page.goto(url(live_server, "manage:organisation", slug=org.slug))
    follow_link(page, "Paikat ja toiminta")
    phone_check(page)

    follow_link(page, "Lisää toimintaa")
    axe_check(page)

    page.get_by_label("Toiminnan tyyppi").select_option("peer_support")
    page.get_by_label("Otsikko suomeksi").fill("Omaishoitajien vertaisryhmä")
    page.get_by_label("Kohtaamispaikassa").check()
    page.get_by_label("Kohtaamispaikka", exact=True).select_option(str(place.pk))
    page.get_by_label("Joka viikko tai muutaman viikon välein").check()
    tuesday = next_tuesday()
    page.get_by_label("Ensimmäinen päivä").fill(tuesday.isoformat())
    page.get_by_label("Alkaa klo").fill("15:00")
    page.get_by_label("Päättyy klo").fill("13:00")
    page.locator("#field-weekdays").get_by_label("tiistai").check()
    page.get_by_label("Kuinka monen viikon välein").fill("2")
    page.get_by_label("Kuinka monen viikon välein").blur()

    # The live preview already says the times are wrong.
    preview = page.locator("#schedule-preview")
    preview.locator(".errorlist").wait_for()

    page.get_by_role("button", name="Tallenna").last.click()
    summary = page.locator(".error-summary")
    summary.wait_for()
    assert "Päättyy klo" in summary.inner_text()
    assert page.locator("#field-end_time .errorlist").is_visible()
    assert page.get_by_label("Otsikko suomeksi").input_value() == "Omaishoitajien vertaisryhmä"
    assert not Activity.objects.exists()
    phone_check(page)

    page.get_by_label("Alkaa klo").fill("13:00")
    page.get_by_label("Päättyy klo").fill("15:00")
    page.get_by_label("Päättyy klo").blur()
    preview.get_by_text("Joka toinen tiistai klo 13–15").wait_for()
    dates = preview.locator(".schedule-preview__dates li")
    assert dates.count() == 5
    assert dates.first.inner_text().startswith(f"ti {tuesday.day}.{tuesday.month}.{tuesday.year}")
    axe_check(page)

    with page.expect_navigation():
        page.get_by_role("button", name="Tallenna").last.click()
    if page.locator(".error-summary").count():
        pytest.fail(page.locator(".error-summary").inner_text())
    assert "Omaishoitajien vertaisryhmä" in page.locator("h1").inner_text(), (
        page.url + page.content()[:3000]
    )
    activity = Activity.objects.get()
    assert activity.recurrence == "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"
    phone_check(page)

    # Cancel the first date with a note.
    page.get_by_role("link", name="Peru").first.click()
    page.locator("h1", has_text="Peru kerta").wait_for()
    axe_check(page)
    page.get_by_label("Viesti osallistujille").fill("Ohjaaja on sairas.")
    page.get_by_role("button", name="Peru tämä kerta").click()
    page.locator("h1", has_text="Omaishoitajien vertaisryhmä").wait_for()
    first = Occurrence.objects.filter(activity=activity).order_by("date").first()
    assert first.status == Occurrence.Status.CANCELLED and first.note == "Ohjaaja on sairas."
    assert page.get_by_text("Ohjaaja on sairas.").is_visible()


def test_the_preview_button_without_javascript(browser, live_server, editor_world):
    org, user, _place = editor_world
    context = browser.new_context(viewport=PHONE, locale="fi-FI", java_script_enabled=False)
    page = context.new_page()
    try:
        log_in_with_session(page, live_server, user)
        page.goto(url(live_server, "places_manage:activity-create", slug=org.slug))
        page.get_by_label("Ensimmäinen päivä").fill(next_tuesday().isoformat())
        page.get_by_label("Alkaa klo").fill("13:00")
        page.get_by_label("Päättyy klo").fill("15:00")
        page.locator("#field-weekdays").get_by_label("tiistai").check()
        page.get_by_role("button", name="Näytä kerrat").click()
        page.get_by_text("Joka tiistai klo 13–15").wait_for()
        assert not Activity.objects.exists()
    finally:
        context.close()


def test_every_editing_page_passes_axe_on_a_phone(phone, live_server, editor_world):
    org, user, place = editor_world
    activity = ActivityFactory(organisation=org, place=place, title_fi="Muistikahvila")
    occurrence = activity.occurrences.first()
    page = phone
    log_in_with_session(page, live_server, user)
    pages = [
        url(live_server, "places_manage:place-create", slug=org.slug),
        url(live_server, "places_manage:place-edit", slug=place.slug),
        url(live_server, "places_manage:place-archive", slug=place.slug),
        url(live_server, "places_manage:activity-edit", slug=activity.slug),
        url(live_server, "places_manage:activity-duplicate", slug=activity.slug),
        url(live_server, "places_manage:activity-archive", slug=activity.slug),
        url(live_server, "places_manage:occurrence-move", slug=activity.slug, pk=occurrence.pk),
    ]
    for address in pages:
        page.goto(address)
        assert page.locator("h1").count() == 1
        phone_check(page)


def test_drop_a_pin_on_the_map(phone, live_server, editor_world, settings):
    """With a tile server set, the place form has a map; a click fills in the point. The
    "tile server" here is the live server itself (the tiles are 404s): nothing leaves the
    machine."""
    org, user, _place = editor_world
    settings.MAP_TILE_URL = live_server.url + "/tiles/{z}/{x}/{y}.png"
    page = phone
    log_in_with_session(page, live_server, user)
    page.goto(url(live_server, "places_manage:place-create", slug=org.slug))
    page.locator("#place-map.leaflet-container").wait_for()
    assert page.get_by_label("Leveysaste").input_value() == ""

    page.locator("#place-map").click()

    latitude = float(page.get_by_label("Leveysaste").input_value())
    longitude = float(page.get_by_label("Pituusaste").input_value())
    assert 59.5 < latitude < 70.2 and 19.0 < longitude < 31.7
    axe_check(page)
