"""The site header on a 360 px phone and on a desktop: compact, a menu button that opens by
keyboard (and without JavaScript), the skip link first, and axe in fi, sv and en (issue 14, the
360 px phone; issue 16 item 2, "Omat ilmoittautumiset" in the header)."""

from urllib.parse import urlparse

import pytest
from django.utils import translation
from django.utils.translation import gettext, pgettext

from tests.browser.helpers import axe_check, log_in_with_session, no_sideways_scroll, url
from tests.personas import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 780}
# Before: the open header was 447 px on a 360 px phone (57 % of the first screen).
MAX_PHONE_HEADER_PX = 96  # 12 % of the first screen


@pytest.fixture
def phone(new_page):
    return new_page(PHONE, has_touch=True)


@pytest.fixture
def phone_without_javascript(new_page):
    return new_page(PHONE, java_script_enabled=False)


def in_language(lang: str, text: str, context: str | None = None) -> str:
    with translation.override(lang):
        return pgettext(context, text) if context else gettext(text)


def focused(page) -> dict:
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            return {
                tag: el.tagName,
                text: (el.innerText || '').trim(),
                href: el.getAttribute('href'),
                inMain: !!el.closest('main'),
                inMenu: !!el.closest('.site-menu__panel'),
            };
        }"""
    )


def header_height(page) -> float:
    return page.locator("header.site-header").bounding_box()["height"]


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_phone_header_is_compact_and_its_menu_opens_by_keyboard(phone, live_server, lang):
    page = phone
    page.goto(url(live_server, "home", lang=lang))
    height = header_height(page)
    assert height <= MAX_PHONE_HEADER_PX, f"the closed header is {height:.0f} px tall"
    main_menu = page.get_by_role("navigation", name=in_language(lang, "Main menu"))
    sign_up = page.locator(".site-nav").get_by_role("link", name=in_language(lang, "Sign up"))
    assert not sign_up.is_visible(), "the main menu should be folded on a phone"
    axe_check(page)

    # Skip link, the site's name, then the menu button.
    page.keyboard.press("Tab")
    assert focused(page)["href"] == "#main"
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    button = focused(page)
    assert button["tag"] == "SUMMARY", button
    assert button["text"] == in_language(lang, "Menu", "site header")
    page.keyboard.press("Enter")
    assert main_menu.is_visible() and sign_up.is_visible()
    # The next Tab goes into the open menu: languages first, then the main menu.
    page.keyboard.press("Tab")
    assert focused(page)["inMenu"]
    # The open menu still leaves the phone's width alone, and passes axe.
    no_sideways_scroll(page)
    axe_check(page)

    # Closed again by the same button.
    page.locator("summary.site-menu__button").focus()
    page.keyboard.press("Enter")
    assert not sign_up.is_visible()
    assert header_height(page) <= MAX_PHONE_HEADER_PX


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_phone_skip_link_reaches_the_content_in_two_presses(phone, live_server, lang):
    page = phone
    page.goto(url(live_server, "home", lang=lang))
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    assert skip.inner_text() == in_language(lang, "Skip to main content")
    box = skip.bounding_box()
    assert box and box["y"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    page.keyboard.press("Enter")
    assert focused(page)["inMain"]
    assert urlparse(page.url).fragment == "main"
    # And the page's first link is one Tab away.
    page.keyboard.press("Tab")
    assert focused(page)["inMain"]


def test_the_menu_opens_without_javascript(phone_without_javascript, live_server):
    page = phone_without_javascript
    page.goto(url(live_server, "home"))
    sign_up = page.locator(".site-nav").get_by_role("link", name=in_language("fi", "Sign up"))
    assert not sign_up.is_visible()
    page.locator("summary.site-menu__button").focus()
    page.keyboard.press("Enter")
    assert sign_up.is_visible()
    with page.expect_navigation():
        sign_up.click()
    assert urlparse(page.url).path == urlparse(url(live_server, "account_signup")).path


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_desktop_shows_the_menu_without_a_button(page, live_server, lang):
    page.goto(url(live_server, "home", lang=lang))
    assert not page.locator("summary.site-menu__button").is_visible()
    main_menu = page.get_by_role("navigation", name=in_language(lang, "Main menu"))
    for name in ("Home", "Find activities", "Organisation directory", "Log in", "Sign up"):
        assert main_menu.get_by_role("link", name=in_language(lang, name)).is_visible(), name
    # Languages beside the name, the menu bar (one or two rows of links) under them.
    assert header_height(page) <= 200, header_height(page)
    language = page.locator(".language-switcher")
    assert language.bounding_box()["y"] < main_menu.bounding_box()["y"]
    axe_check(page)


@pytest.mark.parametrize("viewport", [PHONE, {"width": 1280, "height": 900}])
def test_signed_in_person_finds_their_sign_ups_in_the_header(page, live_server, viewport):
    page.set_viewport_size(viewport)
    log_in_with_session(page, live_server, make_user("asukas@example.com"))
    page.goto(url(live_server, "home"))
    header = page.locator("header.site-header")
    menu_button = header.locator("summary.site-menu__button")
    if menu_button.is_visible():
        menu_button.click()
    link = header.get_by_role("link", name="Omat ilmoittautumiset")
    with page.expect_navigation():
        link.click()
    assert urlparse(page.url).path == urlparse(url(live_server, "signups:mine")).path
    if menu_button.is_visible():
        menu_button.click()
    current = page.locator("header.site-header [aria-current='page']")
    assert current.inner_text() == "Omat ilmoittautumiset"
    axe_check(page)
