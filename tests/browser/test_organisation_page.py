"""An organisation's page in a real browser: "Back to the organisation directory" returns to the
search and filters the resident came from (the browser's own Referer, not a test header)."""

import pytest

from tests.browser.helpers import axe_check, url
from tests.organisations.factories import OrganisationFactory, municipality

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]


def test_back_to_the_directory_keeps_the_search(page, live_server):
    organisation = OrganisationFactory(
        name="Paluun Muistiyhdistys ry",
        categories=["older_people"],
        municipalities=[municipality("179")],
        summary_fi="Vertaistukea muistisairaille.",
    )
    search = url(live_server, "organisations:list") + "?q=muisti&category=older_people"
    page.goto(search)
    with page.expect_navigation():
        page.get_by_role("link", name=organisation.name).click()
    axe_check(page)

    with page.expect_navigation():
        page.locator(".org-page__back a").click()
    assert page.url == search
    assert organisation.name in page.locator("main").inner_text()
