"""A coordinator reads the welfare area's knowledge page (issue 18): from the coordinator
dashboard's link to the page, the charts and their tables, a municipality chosen with the
filters (no JavaScript needed: a GET form), a table as CSV, and the definitions. Every page gets
an axe scan; on a 360 px phone nothing but the tables' own scrolling regions is wider than
the screen."""

import pytest

from areas.models import WelfareArea
from knowledge import demand
from knowledge.services import figures_refresh
from meetingplaces.services import local_today
from search.registry import SearchDone
from tests.browser.conftest import PHONE
from tests.browser.helpers import axe_check, follow_link, log_in_with_session, phone_check, url
from tests.meetingplaces.factories import ActivityFactory, MeetingPlaceFactory
from tests.organisations.factories import OrganisationFactory, municipality
from tests.personas import make_coordinator

pytestmark = pytest.mark.browser


def test_a_coordinator_reads_the_knowledge_page(browser, live_server, reference_data):
    organisation = OrganisationFactory(name="Kohtaamo ry")
    place = MeetingPlaceFactory(organisations=[organisation], municipality=municipality("182"))
    ActivityFactory(organisation=organisation, place=place, title_fi="Lauluryhmä", capacity=8)
    for words, total in [("lauluryhmä", 3), ("tanssi", 0)]:
        demand.record_search(SearchDone(words, (), "182", (), total))
    area = WelfareArea.objects.get(slug="keski-suomi")
    figures_refresh(area_id=area.pk, today=local_today())
    coordinator = make_coordinator("koordinaattori@example.com", "keski-suomi")

    context = browser.new_context(viewport=PHONE, locale="fi-FI")
    context.set_default_timeout(15_000)
    page = context.new_page()
    log_in_with_session(page, live_server, coordinator)
    page.goto(url(live_server, "coordinate:dashboard"))
    follow_link(
        page, "Hyvinvointialueesi tilannekuva", heading="Tilannekuva: Keski-Suomen hyvinvointialue"
    )
    assert page.locator("svg.chart").count() >= 8
    assert "vuoden 2020 lopussa" in page.content()
    phone_check(page)

    page.get_by_label("Kunta", exact=True).select_option(label="Jämsä")
    page.get_by_role("button", name="Näytä").click()
    page.locator("caption", has_text="Tarjonta kunnittain – Jämsä").wait_for()
    row = page.locator("#offer-municipality-caption").locator("xpath=..").locator("tbody tr")
    assert row.count() == 1 and "Jämsä" in row.first.inner_text()
    axe_check(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Lataa ”Käyttö kunnittain” CSV-tiedostona").click()
    assert download.value.suggested_filename.endswith("-182.csv")

    page.get_by_role("link", name="Mitä kukin luku laskee").first.click()
    page.locator("h1", has_text="Mitä kukin luku laskee").wait_for()
    phone_check(page)
    context.close()
