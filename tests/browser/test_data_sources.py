"""The write API's pages in Chromium with axe: a coordinator adds a data source and makes its
key (shown once), reads its page; the organisation's admin authorises it on the members page."""

from __future__ import annotations

import pytest

from api.models import DataSource, SourceGrant
from organisations.models import Membership
from tests.browser.helpers import axe_check, log_in_with_session, url
from tests.organisations.factories import OrganisationFactory
from tests.personas import make_coordinator, person

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]


def test_a_coordinator_makes_a_key_and_an_admin_authorises_the_source(page, live_server):
    org = OrganisationFactory(slug="lupayhdistys", name="Lupayhdistys ry")
    log_in_with_session(page, live_server, make_coordinator("koordinaattori@example.com"))
    page.goto(url(live_server, "data_sources:list"))
    axe_check(page)
    page.get_by_label("Nimi").fill("Seudun yhdistystori")
    page.get_by_label("Yhteyshenkilö").fill("Tori, tori@example.com")
    with page.expect_navigation():
        page.get_by_role("button", name="Lisää tietolähde").click()
    source = DataSource.objects.get()
    axe_check(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Luo uusi avain").click()
    secret = page.locator("#secret").input_value()
    assert secret.startswith("yk_")
    axe_check(page)

    admin = person("yllapitaja@example.com")
    Membership.objects.create(organisation=org, user=admin, role="admin")
    page.context.clear_cookies()
    log_in_with_session(page, live_server, admin)
    page.goto(url(live_server, "manage:members", slug=org.slug))
    with page.expect_navigation():
        page.get_by_role("button", name="Valtuuta Seudun yhdistystori").click()
    assert SourceGrant.objects.filter(organisation=org, source=source).exists()
    axe_check(page)
