"""The open data page and the API reference rendered from the OpenAPI document: axe-clean on a
desktop and on a 320 px phone, the reference reachable from the data page by keyboard."""

import pytest

from tests.browser.helpers import axe_check, phone_check, url

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_open_data_page_and_api_reference_pass_axe(page, mobile_page, live_server):
    page.goto(url(live_server, "open_data:page"))
    assert page.locator("h1").count() == 1
    assert page.get_by_role("link", name="CC BY 4.0").count() >= 1
    axe_check(page)
    link = page.get_by_role("link", name="Rajapinnan kuvaus")
    link.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").count() == 1
    assert page.locator("code", has_text="GET /api/v1/activities").count() >= 1
    axe_check(page)

    mobile_page.goto(url(live_server, "open_data:reference"))
    phone_check(mobile_page)
