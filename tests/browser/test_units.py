"""The welfare area's units in Chromium: a coordinator adds a unit with its association contact
and opening hours through the form; then on a 360 px phone, in Finnish, an association finds it
from the footer's "Kenelle yhdistys voi olla yhteydessä" list and opens its page, and the
coordinator's list scrolls its table, not the page. axe on every page, and nothing wider than
the screen."""

from __future__ import annotations

import pytest

from tests.browser.helpers import axe_check, log_in_with_session, no_sideways_scroll, url
from tests.personas import make_coordinator
from units.models import Unit

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]


def test_a_coordinator_adds_a_unit_and_an_association_finds_its_contact(page, phone, live_server):
    coordinator = make_coordinator("koordinaattori@example.com")
    log_in_with_session(page, live_server, coordinator)
    page.goto(url(live_server, "coordinate:dashboard"))
    page.get_by_role(
        "link", name="Hyvinvointialueen yksiköt ja niiden järjestöyhteyshenkilöt"
    ).click()
    page.get_by_role("link", name="Lisää yksikkö").first.click()
    page.wait_for_url("**/coordinate/units/new/")
    axe_check(page)
    page.get_by_label("Nimi suomeksi").fill("Kyllön terveysasema")
    page.get_by_label("Yksikön tyyppi").select_option("health_station")
    page.get_by_label("Katuosoite").fill("Keskussairaalantie 20")
    page.get_by_label("Postinumero").fill("40620")
    page.get_by_label("Kunta").select_option(label="Jyväskylä")
    page.get_by_label("Järjestöyhteyshenkilön nimi").fill("Hanna Järvelä")
    page.get_by_label("Järjestöyhteyshenkilön työsähköposti").fill("hanna.jarvela@example.com")
    page.get_by_label("Yhteyshenkilö suostuu tietojensa julkiseen näyttämiseen").check()
    page.locator("#id_hours-0-weekday").select_option("0")
    page.locator("#id_hours-0-opens").fill("08:00")
    page.locator("#id_hours-0-closes").fill("16:00")
    with page.expect_navigation():
        page.get_by_role("button", name="Tallenna").click()
    assert page.url.endswith("/coordinate/units/"), page.url
    assert page.get_by_text("Yksikkö tallennettiin.").is_visible()
    axe_check(page)
    assert Unit.objects.get().contact_consent_at is not None

    # An association on a phone: footer → the area's list → the unit's page.
    phone.goto(url(live_server, "home"))
    phone.get_by_role("contentinfo").get_by_role(
        "link", name="Kenelle yhdistys voi olla yhteydessä"
    ).click()
    phone.get_by_role("link", name="Keski-Suomen hyvinvointialue").click()
    phone.wait_for_url("**/units/area/keski-suomi/")
    assert (
        phone.get_by_role("heading", level=1)
        .inner_text()
        .startswith("Kenelle yhdistys voi olla yhteydessä")
    )
    assert phone.get_by_text("hanna.jarvela@example.com").is_visible()
    no_sideways_scroll(phone)
    axe_check(phone)
    phone.get_by_role("link", name="Kyllön terveysasema").click()
    phone.wait_for_url("**/units/kyllon-terveysasema/")
    assert phone.get_by_role("heading", name="Järjestöyhteistyön yhteyshenkilö").is_visible()
    assert phone.get_by_text("Hanna Järvelä").is_visible()
    assert phone.get_by_role("table").is_visible()  # the week's opening hours
    no_sideways_scroll(phone)
    axe_check(phone)

    # The coordinator's list on the phone: the wide table scrolls inside its own region, which a
    # keyboard reaches and scrolls; the page itself does not scroll sideways (the row's hidden
    # "Edit: <unit>" text stays inside the region).
    log_in_with_session(phone, live_server, coordinator)
    phone.goto(url(live_server, "units_coordinate:list"))
    region = phone.get_by_role("region", name="1 yksikkö")
    assert region.evaluate("el => el.scrollWidth > el.clientWidth"), "the table fits: no test"
    no_sideways_scroll(phone)
    axe_check(phone)
    region.focus()
    phone.keyboard.press("ArrowRight")
    # (a smooth scroll: wait for it; it fails after the default timeout if it never moves)
    phone.wait_for_function("el => el.scrollLeft > 0", arg=region.element_handle())
