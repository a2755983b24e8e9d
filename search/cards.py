"""What a result card shows, as display strings made once per result in Python.

The card partial (templates/search/_partials/result.html) then prints a handful of prepared
values instead of deciding and formatting each fact itself: a page of twenty cards was some 1,200
rendered template nodes, 200 `{% translate %}` tags and 415 `{% if %}`s (bench/README.md,
"Residents' search after issue 14's ranking"). The facts list (`<dl>`) is joined here with every
value escaped by the standard library's html.escape, which is what Django's escape does (its
format_html and lazy-aware wrappers cost more than the rest of the card together).
"""

from __future__ import annotations

from html import escape

from django.utils import dateformat, timezone
from django.utils.formats import get_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _

SUMMARY_WORDS = 30


def words() -> dict[str, str]:
    """The facts' labels, fixed values and formats in the active language, once per page."""
    return {
        "next": _("Next time"),
        "none": _("No upcoming dates"),
        "where": _("Where"),
        "online": _("Online"),
        "distance": _("Distance"),
        "cost": _("Cost"),
        "free": _("Free"),
        "fee": _("Fee"),
        "signup": _("Sign-up"),
        "signup_needed": _("Sign-up needed"),
        "no_signup": _("No sign-up needed"),
        "organiser": _("Organiser"),
        "at": _("at %(time)s"),
        "time_format": get_format("TIME_FORMAT"),
        "decimal": get_format("DECIMAL_SEPARATOR"),
    }


def _next_time(result, text: dict[str, str]) -> str:
    """The next time's HTML (escaped): "<time …>tiistai 8.12.2026 klo 18.00</time>"."""
    if result.next_start is None:
        html = escape(text["none"])
    else:
        local = timezone.localtime(result.next_start)
        day = dateformat.format(local, "l j.n.Y")
        at = text["at"] % {"time": dateformat.time_format(local, text["time_format"])}
        html = f'<time datetime="{local.isoformat()}">{escape(day)} {escape(at)}</time>'
    if result.schedule:
        html += f'<br><span class="muted">{escape(result.schedule)}</span>'
    return html


def facts(result, text: dict[str, str]) -> SafeString:
    """The card's `<dl>`: next time (activities), where, distance (true points only), cost,
    sign-up and organiser, each only when known."""
    rows: list[tuple[str, str]] = []  # (label, the value's HTML, escaped)
    if result.kind == "activity":
        rows.append((text["next"], _next_time(result, text)))
    if result.online:
        rows.append((text["where"], escape(text["online"])))
    elif result.place or result.address:
        place = f"<bdi>{escape(result.place)}</bdi>" if result.place else ""
        separator = ", " if result.place and result.address else ""
        rows.append((text["where"], f"{place}{separator}{escape(result.address)}"))
    if result.distance_km is not None:
        km = f"{result.distance_km:.1f}".replace(".", text["decimal"])
        rows.append((text["distance"], f"{km} km"))
    if result.is_free is not None:
        cost = text["free"] if result.is_free else (result.fee or text["fee"])
        rows.append((text["cost"], escape(cost)))
    if result.signup_required is not None:
        needed = text["signup_needed"] if result.signup_required else text["no_signup"]
        rows.append((text["signup"], escape(needed)))
    if result.organisation and result.kind != "organisation":
        rows.append((text["organiser"], f"<bdi>{escape(result.organisation)}</bdi>"))
    items = "".join(f"<dt>{escape(label)}</dt><dd>{value}</dd>" for label, value in rows)
    return mark_safe(f'<dl class="search-result__meta">{items}</dl>')  # noqa: S308 (escaped)


def attributes(result) -> SafeString:
    """The `<li>`'s data attributes for the results map (a true point only)."""
    if not result.point:
        return mark_safe("")
    latitude, longitude = result.point[:2]
    return mark_safe(  # noqa: S308 (numbers, and escaped text)
        f' data-lat="{float(latitude)}" data-lon="{float(longitude)}"'
        f' data-title="{escape(result.title)}" data-url="{escape(result.url)}"'
    )


def prepare(results: list) -> None:
    """Fill each result's display strings (search.residents.Result: facts, attributes, the
    summary cut to SUMMARY_WORDS words) in the active language."""
    text = words()
    for result in results:
        result.facts = facts(result, text)
        result.attributes = attributes(result)
        if result.summary:
            result.summary = Truncator(result.summary).words(SUMMARY_WORDS, truncate=" …")
