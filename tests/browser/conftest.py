"""Browser tests: real pages in Debian's Chromium, driven by Playwright, checked with axe-core.

How to run
----------
    uv run pytest tests/browser            # only the browser tests
    uv run pytest -m "not browser"         # everything else

They need Debian's Chromium on PATH (``chromium``); Playwright's own browser download is not
used (never run ``playwright install``). Install it with::

    apt-get update && apt-get install -y chromium

Without it the browser tests are skipped locally, and they fail when the CI environment
variable is set (CI=true), so a CI machine without Chromium never passes silently.

The pages are served by pytest-django's ``live_server`` in this same process, so
``mailoutbox`` sees the mail the site sends. Playwright's sync API runs an event loop in the
test thread, hence DJANGO_ALLOW_ASYNC_UNSAFE below (tests touch the ORM while it runs).

Fixtures here: ``browser`` (one Chromium per session), ``page`` (new context per test, 1280x900,
fi-FI), ``mobile_page`` (320x720). Pages obey the site's Content-Security-Policy (no bypass_csp):
axe-core is injected through Playwright's evaluate (DevTools protocol), which the policy does not
block, so axe sees the page exactly as a visitor's browser renders it. (Should a future policy
block it, create the context with bypass_csp=True and keep test_csp.py without it.)

Helpers in helpers.py, re-exported here: ``axe_check(page)`` (WCAG 2.1 A/AA, zero violations),
``login(page, live_server, user, password)`` and ``url(live_server, name, lang=...)``; there too
``no_sideways_scroll(page)``, ``phone_check(page)`` (both checks), ``follow_link(page, name)``
and ``next_tuesday()``. The ``editor_world`` fixture is an organisation with an editor and a
meeting place.
Mark every module with ``pytestmark = pytest.mark.browser``. A test that needs the welfare
areas, municipalities and taxonomy asks for ``reference_data``: the live server needs a
transactional database, whose flush after each test empties those tables too.
"""

import os
import shutil

import pytest

from tests.browser.helpers import axe_check, login, url  # noqa: F401  (re-exported)

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
MOBILE = {"width": 320, "height": 720}
PHONE = {"width": 360, "height": 740}  # the phone the issues walk with
TIMEOUT_MS = 15_000


def _chromium_path() -> str | None:
    return shutil.which("chromium")


@pytest.fixture(scope="session")
def browser():
    executable = _chromium_path()
    if executable is None:
        message = (
            "Chromium is not on PATH. The browser tests use Debian's package: "
            "apt-get update && apt-get install -y chromium"
        )
        if os.environ.get("CI", "").lower() not in ("", "0", "false", "no"):
            pytest.fail(f"CI: {message}", pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _new_page(browser, viewport, **options):
    context = browser.new_context(viewport=viewport, **{"locale": "fi-FI", **options})
    context.set_default_timeout(TIMEOUT_MS)
    return context, context.new_page()


@pytest.fixture
def new_page(browser, live_server):
    """Make a page of its own context (viewport, locale and any other context option), closed
    after the test: `new_page(PHONE, has_touch=True)`."""
    contexts = []

    def make(viewport=PHONE, **options):
        context, page = _new_page(browser, viewport, **options)
        contexts.append(context)
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page(DESKTOP)


@pytest.fixture
def mobile_page(new_page):
    return new_page(MOBILE)


@pytest.fixture
def phone(new_page):
    """A 360 px phone in Finnish."""
    return new_page(PHONE)


@pytest.fixture
def editor_world(reference_data):
    """An organisation ("omaishoitajat"), an editor of it (no password: log in with the session)
    and its meeting place ("olohuone"): (org, user, place)."""
    from organisations.models import Membership
    from tests.meetingplaces.factories import MeetingPlaceFactory
    from tests.organisations.factories import (
        MembershipFactory,
        OrganisationFactory,
        UserFactory,
    )

    org = OrganisationFactory(name="Omaishoitajat ry", slug="omaishoitajat")
    user = UserFactory(email="muokkaaja@example.com", password=None)
    MembershipFactory(organisation=org, user=user, role=Membership.Role.EDITOR)
    place = MeetingPlaceFactory(organisations=[org], slug="olohuone", name_fi="Olohuone")
    return org, user, place
