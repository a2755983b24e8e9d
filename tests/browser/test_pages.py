"""Public pages in a real browser: accessibility (axe-core, WCAG 2.1 AA), keyboard, 320px."""

from urllib.parse import urlparse

import pytest

from tests.browser.helpers import axe_check, no_sideways_scroll, url

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def html_lang(page) -> str:
    return page.locator("html").get_attribute("lang") or ""


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_home_page_is_accessible(page, live_server, lang):
    response = page.goto(url(live_server, "home", lang=lang))
    assert response.status == 200
    assert html_lang(page).split("-")[0] == lang
    assert page.locator("h1").count() == 1, "the page needs exactly one h1"
    axe_check(page)


def test_skip_link_is_first_and_moves_focus_to_main(page, live_server):
    page.goto(url(live_server, "home"))
    page.keyboard.press("Tab")
    focused = page.evaluate(
        """() => {
            const el = document.activeElement;
            return {tag: el.tagName, href: el.getAttribute('href'), html: el.outerHTML};
        }"""
    )
    href = focused["href"] or ""
    assert focused["tag"] == "A" and href.startswith("#") and len(href) > 1, (
        f"the first Tab should land on a skip link to main, got {focused['html'][:200]}"
    )
    target_in_main = page.evaluate(
        "id => { const t = document.getElementById(id); return !!(t && t.closest('main')); }",
        href[1:],
    )
    assert target_in_main, f"the skip link {href} does not point at <main> (or inside it)"
    # A visually hidden skip link must show up on screen when it has focus (WCAG 2.4.7).
    box = page.locator(":focus").bounding_box()
    assert box and box["width"] > 1 and box["height"] > 1, f"focused skip link is hidden: {box}"
    assert box["x"] >= 0 and box["y"] >= 0 and box["x"] + box["width"] <= 1280, (
        f"focused skip link is off screen: {box}"
    )

    page.keyboard.press("Enter")
    page.wait_for_timeout(100)
    active = page.evaluate(
        "() => ({inMain: !!document.activeElement.closest('main'),"
        " html: document.activeElement.outerHTML.slice(0, 200)})"
    )
    assert active["inMain"], (
        f"after Enter on the skip link focus is on {active['html']!r}, not in <main> "
        "(the target needs tabindex=-1 to take focus)"
    )
    assert urlparse(page.url).fragment == href[1:]


@pytest.mark.parametrize("name", ["home", "account_login", "account_signup"])
def test_no_horizontal_scroll_at_320px(mobile_page, live_server, name):
    mobile_page.goto(url(live_server, name))
    mobile_page.wait_for_load_state("load")
    no_sideways_scroll(mobile_page)
    axe_check(mobile_page)


def test_login_page_is_accessible(page, live_server):
    response = page.goto(url(live_server, "account_login"))
    assert response.status == 200
    assert page.locator("h1").count() == 1
    axe_check(page)


def _switch_language(page, code: str) -> None:
    """Use the site's language switcher, whatever its form: buttons, a select or links."""
    with page.expect_navigation():
        button = page.locator(f"form [name='language'][value='{code}']:is(button, input)")
        select = page.locator("form select[name='language']")
        if button.count():
            button.first.click()
        elif select.count():
            select.first.select_option(code)
            form = page.locator("form", has=select.first)
            submit = form.locator("[type='submit']")
            if submit.count():
                submit.first.click()
        else:
            page.locator(f"a[hreflang='{code}'], a[lang='{code}']").first.click()


def test_language_switcher_changes_the_language(page, live_server):
    page.goto(url(live_server, "home"))
    assert html_lang(page).split("-")[0] == "fi"

    _switch_language(page, "sv")
    assert html_lang(page).split("-")[0] == "sv"
    assert urlparse(page.url).path.startswith("/sv/")
    axe_check(page)

    _switch_language(page, "en")
    assert html_lang(page).split("-")[0] == "en"
    assert urlparse(page.url).path.startswith("/en/")
