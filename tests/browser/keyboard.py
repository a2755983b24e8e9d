"""Keyboard-only walking for the browser tests: reach a link, button or field with Tab alone
(as a person without a mouse would, from the top of the page), check that it shows where the
focus is, and act with Enter or Space."""

from __future__ import annotations

import os
from itertools import count

from tests.browser.helpers import phone_check

# FLOWS_SHOTS=/some/folder keeps a full-page screenshot of each page a walk reaches (to look at
# them while exploring); unset in CI.
SHOTS = os.environ.get("FLOWS_SHOTS", "")
_numbers = count(1)

# A long page (the activity's dates, the registry) may take this many presses.
MAX_TABS = 400

_FOCUS_SHOWN = """el => {
  const style = getComputedStyle(el);
  return (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0)
    || style.boxShadow !== 'none';
}"""


def tab_to(page, locator, *, limit: int = MAX_TABS) -> int:
    """Press Tab until `locator` (its first match) has the focus; return how many presses."""
    target = locator.first.element_handle()
    assert target is not None, f"nothing matches {locator}"
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate("el => document.activeElement === el", target):
            assert page.evaluate(_FOCUS_SHOWN, target), f"no visible focus on {locator}"
            return presses
    raise AssertionError(f"{locator} not reached with {limit} presses of Tab on {page.url}")


def follow(page, locator, *, check: bool = True) -> None:
    """Tab to a link or a submit button and press Enter; wait for the next page (axe on it)."""
    tab_to(page, locator)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{next(_numbers):03d}.png", full_page=True)
    if check:
        phone_check(page)


def type_into(page, locator, text: str) -> None:
    tab_to(page, locator)
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def toggle(page, locator) -> None:
    """Tab to a checkbox or radio button and press Space."""
    tab_to(page, locator)
    page.keyboard.press("Space")
