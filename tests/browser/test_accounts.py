"""Signing up, logging in and the own account page in a real browser."""

from urllib.parse import urlparse

import pytest
from allauth.account.models import EmailAddress
from django.utils import translation
from django.utils.translation import gettext

from accounts.models import User
from tests.browser.helpers import axe_check, login, no_sideways_scroll, url

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery-staple"


def make_verified_user(email: str) -> User:
    user = User.objects.create_user(email=email, password=PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def signup_form(page):
    return page.locator("form", has=page.locator("input[name='password2']"))


def test_signup_page_is_accessible(page, live_server):
    response = page.goto(url(live_server, "account_signup"))
    assert response.status == 200
    assert page.locator("h1").count() == 1
    axe_check(page)


@pytest.mark.parametrize("name", ["account_login", "account_request_login_code", "account_signup"])
def test_login_pages_fit_a_320_px_screen(new_page, live_server, name):
    """WCAG 1.4.10 (reflow at 320 px): the login code page's "Muut
    sisäänkirjautumisvaihtoehdot" button was one word wider than the screen."""
    page = new_page({"width": 320, "height": 640})
    page.goto(url(live_server, name))
    no_sideways_scroll(page)


def test_signup_with_mismatched_passwords_shows_the_error_at_the_field(page, live_server):
    email = "kirjoitettu@example.com"
    page.goto(url(live_server, "account_signup"))
    form = signup_form(page)
    form.locator("input[name='email']").fill(email)
    form.locator("input[name='password1']").fill(PASSWORD)
    form.locator("input[name='password2']").fill(PASSWORD + "-typo")
    with page.expect_navigation():
        form.locator("[type='submit']").first.click()

    assert urlparse(page.url).path == urlparse(url(live_server, "account_signup")).path
    form = signup_form(page)
    assert form.locator("input[name='email']").input_value() == email, "typed email was lost"

    with translation.override("fi"):
        expected = gettext("You must type the same password each time.")
    password2 = form.locator("input[name='password2']")
    assert password2.get_attribute("aria-invalid") == "true", (
        f"password2 is not marked aria-invalid: {password2.evaluate('e => e.outerHTML')}"
    )
    described_by = (password2.get_attribute("aria-describedby") or "").split()
    error = None
    for element_id in described_by:
        candidate = page.locator(f"[id='{element_id}']")
        if candidate.count() and expected in candidate.inner_text():
            error = candidate
    assert error is not None, (
        f"the error {expected!r} is not tied to password2 with aria-describedby "
        f"(aria-describedby={described_by}): {form.inner_html()[:1500]}"
    )
    assert error.is_visible()
    # "Next to the field": the message sits within a short distance above or below the input.
    field_box, error_box = password2.bounding_box(), error.bounding_box()
    gap = max(
        error_box["y"] - (field_box["y"] + field_box["height"]),
        field_box["y"] - (error_box["y"] + error_box["height"]),
    )
    assert gap < 120, f"the error is {gap:.0f}px away from the field"
    axe_check(page)


def test_signup_through_the_form_sends_the_verification_email(page, live_server, mailoutbox):
    email = "uusi.asukas@example.com"
    page.goto(url(live_server, "account_signup"))
    form = signup_form(page)
    form.locator("input[name='email']").fill(email)
    form.locator("input[name='password1']").fill(PASSWORD)
    form.locator("input[name='password2']").fill(PASSWORD)
    with page.expect_navigation():
        form.locator("[type='submit']").first.click()

    assert (
        urlparse(page.url).path
        == urlparse(url(live_server, "account_email_verification_sent")).path
    )
    assert page.locator("h1").count() == 1
    assert [message.to for message in mailoutbox] == [[email]]
    assert User.objects.filter(email=email).exists()
    axe_check(page)


def test_verified_user_logs_in_and_the_profile_page_is_accessible(page, live_server):
    user = make_verified_user("asukas@example.com")
    login(page, live_server, user, PASSWORD)
    response = page.goto(url(live_server, "accounts:profile"))
    assert response.status == 200
    assert urlparse(page.url).path == "/fi/accounts/profile/"
    assert page.locator("h1").count() == 1
    axe_check(page)
