"""Every other page of the site that takes no URL arguments (information pages, account, e-mail,
password, two-factor authentication and sessions pages), opened in the browser by an anonymous
visitor, a resident and a resident with two-factor authentication, and scanned with axe.

The pages are read from the URLconf, so a new page is scanned without being listed here. The
registry's pages are scanned in test_registry_pages.py; the Django admin is for staff only and
left to Django.
"""

from urllib.parse import urlparse

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation

from tests.browser.helpers import log_in_with_session, login, page_problems
from tests.personas import PASSWORD, add_totp, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# forums, bodies: every page scanned in tests/browser/test_forums.py and test_bodies.py (their
# pages need a coordinator or a body's member, listed in their permission matrices).
# api (JSON) and open_data: the open data pages are scanned in tests/browser/test_open_data.py.
# data_sources (the write API's pages): walked with axe in tests/browser/test_data_sources.py.
# guidance, knowledge, units, attendance: walked with axe in their own browser tests (their
# pages need a professional, a coordinator or an organiser; some are POST only).
SKIPPED_NAMESPACES = (
    "admin", "organisations", "manage", "coordinate", "forums", "bodies", "api", "open_data",
    "guidance", "knowledge", "units", "units_coordinate", "attendance", "data_sources",
    "source_grants",
)  # fmt: skip
# Not pages: files, JSON, redirects-only endpoints and the benchmark's page.
NOT_PAGES = {
    "accounts:export",
    "mfa_download_recovery_codes",
    "set_language",
    "healthz",
    "bench-fortunes",
    "openapi-json",
    "bench-api-activities",
}
# Pages that must have been scanned at least once, by one visitor or another.
MUST_SCAN = {
    "home",
    "accessibility",
    "privacy",
    "data-sources",
    "account_login",
    "account_signup",
    "account_reset_password",
    "account_email",
    "account_change_password",
    "accounts:profile",
    "accounts:delete",
    "mfa_index",
    "mfa_activate_totp",
    "usersessions_list",
}


def page_names(resolver=None, namespace: str = "") -> set[str]:
    names = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            if inner.split(":")[0] not in SKIPPED_NAMESPACES:
                names |= page_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name and not pattern.pattern.regex.groups:
            names.add(f"{namespace}{pattern.name}")
    return names - NOT_PAGES


def test_every_other_page_passes_axe(page, live_server):
    resident = make_user("asukas@example.com")
    with_totp = make_user("tunnistautuja@example.com")
    add_totp(with_totp)
    names = sorted(page_names())
    assert set(names) >= MUST_SCAN, sorted(MUST_SCAN - set(names))

    scanned_paths: set[tuple[str, str]] = set()
    scanned_names: set[str] = set()
    problems = []
    for visitor in (None, resident, with_totp):
        page.context.clear_cookies()
        if visitor is resident:
            # Through the form: pages such as setting up TOTP want a recent login.
            login(page, live_server, visitor, PASSWORD)
        elif visitor is not None:
            log_in_with_session(page, live_server, visitor)
        who = visitor.email if visitor else "anonymous"
        for name in names:
            with translation.override("fi"):
                path = reverse(name)
            response = page.goto(live_server.url + path)
            landed = urlparse(page.url).path
            if landed != path:
                continue  # redirected (to the login page, say): scanned under its own name
            if response is not None and response.status == 404 and name.startswith("mfa_"):
                continue  # e.g. recovery codes of someone who has none: nothing to show
            if response is None or response.status != 200:
                problems.append(f"{name} as {who}: {response and response.status}")
                continue
            scanned_names.add(name)
            if (landed, who) in scanned_paths:
                continue
            scanned_paths.add((landed, who))
            problems += [f"{name} as {who}: {problem}" for problem in page_problems(page)]
    # Setting up TOTP asks for the password again first (allauth's reauthentication).
    page.context.clear_cookies()
    login(page, live_server, resident, PASSWORD)
    with translation.override("fi"):
        activate = reverse("mfa_activate_totp")
    page.goto(live_server.url + activate)
    form = page.locator("form", has=page.locator("input[name='password']"))
    form.locator("input[name='password']").fill(PASSWORD)
    with page.expect_navigation():
        form.locator("[type='submit']").first.click()
    if urlparse(page.url).path == activate:
        scanned_names.add("mfa_activate_totp")
        problems += [f"mfa_activate_totp: {problem}" for problem in page_problems(page)]

    assert scanned_names >= MUST_SCAN, f"never reached: {sorted(MUST_SCAN - scanned_names)}"
    assert not problems, "\n\n".join(problems)
