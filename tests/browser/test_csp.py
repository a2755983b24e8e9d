"""The strict Content-Security-Policy holds in a real browser: no page breaks its own policy.

The ``page`` fixture never sets bypass_csp, so Chromium enforces the header and reports each
blocked script, style or image on the console.
"""

import pytest

from tests.browser.helpers import url

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("name", ["home", "account_login", "account_signup"])
def test_page_sends_csp_and_breaks_none_of_it(page, live_server, name):
    problems = []
    page.on(
        "console",
        lambda message: (
            problems.append(f"console {message.type}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))

    response = page.goto(url(live_server, name))
    page.wait_for_load_state("load")
    assert response.status == 200
    header = response.headers.get("content-security-policy", "")
    policy = {}
    for directive in filter(None, (part.split() for part in header.split(";"))):
        policy[directive[0]] = directive[1:]
    # 'self' plus, when the page has inline scripts, a nonce: never 'unsafe-*' or a wildcard.
    script_src = policy.get("script-src", [])
    assert "'self'" in script_src, f"no script-src 'self' in CSP: {header!r}"
    assert all(s == "'self'" or s.startswith("'nonce-") for s in script_src), header
    assert policy.get("object-src") == ["'none'"], header
    # Give late script, style or image loads a moment to report.
    page.wait_for_timeout(300)
    assert not problems, "\n".join(problems)
