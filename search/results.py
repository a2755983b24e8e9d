"""One result of the residents' search: its card's data, as the kind's registry entry makes it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from portal.lib.translation import pick_with_language

from . import registry


@dataclass
class Result:
    kind: str
    url: str
    title: str
    title_lang: str = ""
    summary: str = ""
    summary_lang: str = ""
    kind_label: str = ""
    next_start: dt.datetime | None = None
    schedule: str = ""
    place: str = ""
    address: str = ""
    distance_km: float | None = None
    online: bool = False
    is_free: bool | None = None
    fee: str = ""
    signup_required: bool | None = None
    organisation: str = ""
    point: list[float] | None = None
    object_id: int | None = None
    template: str = "search/_partials/result.html"  # the kind's card (search.registry)
    # Display strings made once per result for the card (search.cards.prepare).
    facts: str = ""
    attributes: str = ""


def pick_text(values: dict | None, language: str) -> tuple[str, str]:
    """(the text in the language or its fallback, that text's language when it is another)."""
    text, lang = pick_with_language(values or {}, language)
    return text, (lang if text and lang != language else "")


def place_card_texts(data: dict, distance, language: str) -> dict:
    """The card fields every kind with a name and an address shares (meeting places, units),
    from the entry's stored card: its name, summary, address with the municipality, distance
    and point."""
    title, title_lang = pick_text(data.get("name"), language)
    summary, summary_lang = pick_text(data.get("summary"), language)
    municipality = pick_text(data.get("municipality"), language)[0]
    return {
        "title": title,
        "title_lang": title_lang,
        "summary": summary,
        "summary_lang": summary_lang,
        "address": ", ".join(filter(None, [data.get("address", ""), municipality])),
        "distance_km": distance,
        "point": data.get("point"),
    }


def result_from_row(kind, data: dict, distance, next_start, language: str) -> Result:
    """The card of one result: the kind's own card function (search.registry)."""
    registered = registry.kind(kind)
    result = Result(kind=kind, **registered.card(data, distance, next_start, language))
    result.template = registered.card_template
    return result
