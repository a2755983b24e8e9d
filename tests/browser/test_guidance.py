"""Guidance both ways in a real browser, axe-core on every page (issue 17's "done when"):

- a professional finds an activity in the residents' search, adds it to the list, opens the
  print view, hands the person over to the association; the association's admin opens the
  request and marks it joined; the professional sees it;
- an association's volunteer finds the unit of a person's municipality and its collaboration
  contact, sends the request; the unit's professional opens it.
"""

from __future__ import annotations

import pytest

from guidance.models import ContactRequest
from meetingplaces.search import activity_refresh_search
from organisations.models import Membership
from tests.browser.helpers import axe_check, log_in_with_session, url
from tests.guidance.conftest import make_unit
from tests.meetingplaces.factories import ActivityFactory
from tests.organisations.factories import OrganisationFactory
from tests.personas import make_professional, make_user

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]


def _check(page) -> None:
    assert page.locator("h1").count() == 1, page.url
    axe_check(page)


def _send_request(page, first_name: str, contact_label: str, contact: str) -> None:
    """Fill in the contact request form for a person who agreed to it, send it, check the page."""
    page.get_by_label("Etunimi tai lempinimi").fill(first_name)
    page.get_by_label(contact_label).fill(contact)
    page.get_by_label("Henkilö suostuu").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Lähetä pyyntö").click()
    _check(page)


def _association():
    organisation = OrganisationFactory(name="Keuruun Muistiyhdistys ry", slug="muistiyhdistys")
    admin = make_user("puheenjohtaja@example.com")
    Membership.objects.create(organisation=organisation, user=admin, role="admin")
    return organisation, admin


def test_professional_hands_a_person_over_and_sees_them_join(browser, page, live_server):
    unit = make_unit("Keuruun terveysasema", code="249")
    professional = make_professional("hoitaja@example.com", unit)
    organisation, admin = _association()
    activity = ActivityFactory(organisation=organisation, title_fi="Muistikahvila")
    activity_refresh_search(activity)

    log_in_with_session(page, live_server, professional)
    page.goto(url(live_server, "guidance:home"))
    _check(page)
    page.goto(url(live_server, "search:search") + "?q=muistikahvila&municipality=179")
    _check(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Lisää listalle").click()
    assert "q=muistikahvila" in page.url and "municipality=179" in page.url
    assert page.get_by_text("Listalla").count() == 1
    _check(page)

    page.goto(url(live_server, "guidance:shortlist"))
    _check(page)
    page.get_by_label("Viesti asiakkaalle").fill("Tervetuloa torstaina!")
    with page.expect_navigation():
        page.get_by_role("button", name="Tallenna").click()
    with page.expect_navigation():
        page.get_by_role("link", name="Tulostusnäkymä").click()
    assert page.locator("svg.qr").count() == 1
    assert "Tervetuloa torstaina!" in page.locator("main").inner_text()
    _check(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Tulostin listan").click()
    with page.expect_navigation():
        page.get_by_role("link", name="Takaisin listaan").click()

    with page.expect_navigation():
        page.get_by_role("link", name="Pyydä järjestöä ottamaan yhteyttä henkilöön").click()
    _check(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Lähetä pyyntö").click()  # nothing filled in
    assert page.locator(".error-summary").count() == 1
    _check(page)
    _send_request(page, "Aino", "Puhelinnumero", "040 000 1234")
    assert "Uusi" in page.locator("main").inner_text()
    request = ContactRequest.objects.get()

    page.context.clear_cookies()
    log_in_with_session(page, live_server, admin)
    page.goto(url(live_server, "manage:dashboard"))
    _check(page)
    with page.expect_navigation():
        page.get_by_role(
            "link", name="Keuruun Muistiyhdistys ry: 1 avoin yhteydenottopyyntö"
        ).click()
    _check(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Avaa pyyntö").click()
    assert "Aino" in page.locator("main").inner_text()
    _check(page)
    page.get_by_label("Liittyi mukaan").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Tallenna").click()
    _check(page)
    request.refresh_from_db()
    assert request.status == "joined" and request.first_name == ""

    page.context.clear_cookies()
    log_in_with_session(page, live_server, professional)
    page.goto(url(live_server, "guidance:home"))
    assert "Liittyi mukaan" in page.locator("main").inner_text()
    _check(page)


def test_volunteer_finds_the_unit_contact_and_sends_a_request(browser, page, live_server):
    unit = make_unit("Keuruun terveysasema", code="249")
    _organisation, admin = _association()
    log_in_with_session(page, live_server, admin)
    page.goto(url(live_server, "manage:dashboard"))
    with page.expect_navigation():
        page.get_by_role("link", name="Etsi yksikkö, johon ottaa yhteyttä").first.click()
    _check(page)
    page.get_by_label("Henkilön kotikunta").select_option(label="Keuruu")
    from taxonomy.models import Term

    page.get_by_label("Teema").select_option(value=str(Term.objects.get(slug="memory").pk))
    with page.expect_navigation():
        page.get_by_role("button", name="Näytä yksiköt").click()
    assert "Kaisa Yhteyshenkilö" in page.locator("main").inner_text()
    _check(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Pyydä yksikköä ottamaan yhteyttä henkilöön").click()
    _check(page)
    _send_request(page, "Eino", "Sähköpostiosoite", "eino@example.com")
    request = ContactRequest.objects.get()
    assert request.direction == "to_unit" and request.theme.slug == "memory"

    professional = make_professional("vastaanottaja@example.com", unit)
    page.context.clear_cookies()
    log_in_with_session(page, live_server, professional)
    page.goto(url(live_server, "guidance:home"))
    _check(page)
    with page.expect_navigation():
        page.get_by_role("link", name="avaa pyyntö").click()
    assert "Eino" in page.locator("main").inner_text()
    _check(page)
