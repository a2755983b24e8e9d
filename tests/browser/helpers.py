"""Helpers for the browser tests: URLs, axe-core checks, the no-sideways-scroll check and logging
in through the UI."""

import datetime as dt
from urllib.parse import urlparse

from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import Error as PlaywrightError

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

_axe = Axe()


def url(live_server, name: str, *, lang: str = "fi", **kwargs) -> str:
    """Absolute live-server URL of a named route under a language prefix."""
    with translation.override(lang):
        return live_server.url + reverse(name, kwargs=kwargs or None)


def _describe(violation: dict) -> str:
    lines = [f"- {violation['id']} ({violation.get('impact')}): {violation['help']}"]
    lines.append(f"  {violation.get('helpUrl', '')}")
    for node in violation["nodes"]:
        target = " ".join(str(part) for part in node["target"])
        lines.append(f"    at {target}: {node.get('html', '').strip()[:200]}")
        summary = node.get("failureSummary")
        if summary:
            lines.extend(f"      {line}" for line in summary.splitlines())
    return "\n".join(lines)


def axe_check(page) -> None:
    """Run axe-core on the page as it is now; assert no WCAG 2.1 A/AA violations."""
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    # A click that navigates may still be replacing the document: scan the loaded page.
    page.wait_for_load_state("load")
    try:
        violations = _axe.run(page, options=options).response["violations"]
    except PlaywrightError:
        # The document was swapped out under axe (a navigation that had not started when the
        # load state was checked): scan again once the new page has loaded.
        page.wait_for_load_state("load")
        violations = _axe.run(page, options=options).response["violations"]
    report = "\n".join(_describe(v) for v in violations)
    count = len(violations)
    assert not violations, f"axe: {count} WCAG 2.1 A/AA violation(s) on {page.url}\n{report}"


def no_sideways_scroll(page) -> None:
    """Assert that nothing on the page is wider than the screen: it does not scroll sideways."""
    wide = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    width = page.viewport_size["width"]
    assert wide <= 0, f"{page.url} scrolls sideways: {wide} px wider than the {width} px screen"


def phone_check(page) -> None:
    """What every page of a walk on a phone gets: an axe-core scan and no sideways scrolling."""
    axe_check(page)
    no_sideways_scroll(page)


def next_tuesday() -> dt.date:
    """The first Tuesday after today (Helsinki): the factories' weekly group meets then."""
    from meetingplaces.services import local_today

    day = local_today() + dt.timedelta(days=1)
    while day.weekday() != 1:
        day += dt.timedelta(days=1)
    return day


def follow_link(page, name, *, heading: str | None = None) -> None:
    """Click the link named `name` (a string or a pattern) and wait for the page whose <h1> has
    `heading`: by default the link's own name."""
    page.get_by_role("link", name=name).click()
    page.locator("h1", has_text=heading or name).wait_for()


def page_problems(page) -> list[str]:
    """What is wrong with the page as it is now: not exactly one <h1>, or axe violations. For
    tests that scan many pages and report every problem at the end."""
    problems = []
    headings = page.locator("h1").count()
    if headings != 1:
        problems.append(f"{headings} <h1> elements")
    try:
        axe_check(page)
    except AssertionError as error:
        problems.append(str(error))
    return problems


def login(page, live_server, user, password: str) -> None:
    """Log in through the login form; ``user`` is a User or an email address."""
    email = getattr(user, "email", user)
    page.goto(url(live_server, "account_login"))
    form = page.locator("form", has=page.locator("input[name='login']"))
    form.locator("input[name='login']").fill(email)
    form.locator("input[name='password']").fill(password)
    with page.expect_navigation():
        form.locator("[type='submit']").first.click()
    assert "/accounts/login/" not in page.url, f"login as {email} failed: still on {page.url}"


def log_in_with_session(page, live_server, user) -> None:
    """Give the browser a session of ``user`` without the login form (nor a TOTP prompt for
    coordinators and staff, whose TOTP is set up but not typed here)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    host = urlparse(live_server.url).hostname
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "domain": host, "path": "/"}]
    )
