"""The pieces every part of the HSDS export shares: stable identifiers, texts in the export's
language, and the small HSDS objects (languages, phones, weekly hours, addresses) that
organisations, services and locations all carry."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from portal.lib.translation import pick
from taxonomy.models import ServiceLanguage

from ..common import absolute

HSDS_VERSION = "3.0"
# The nested JSON's top-level lists and the schema of their objects.
TOP_LEVEL = {
    "organizations": "organization",
    "services": "service",
    "locations": "location",
    "taxonomies": "taxonomy",
    "taxonomy_terms": "taxonomy_term",
}
WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
TIME_NOTE = "Europe/Helsinki"


# --- identifiers and texts ----------------------------------------------------------------------


def uid(path: str, part: str = "") -> str:
    """A stable UUID for the object at `path` of the API (and a part of it after '#')."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, absolute(path) + (f"#{part}" if part else "")))


def child_id(owner_id: str, part: str) -> str:
    """A stable UUID for a part of the HSDS object `owner_id` (its phones, its schedules…)."""
    return str(uuid.uuid5(uuid.UUID(owner_id), part))


def text(obj: object, field: str, lang: str) -> str:
    values = {code: getattr(obj, f"{field}_{code}", "") or "" for code, _n in settings.LANGUAGES}
    return pick(values, lang)


def clean(data: dict[str, Any], keep: Iterable[str] = ()) -> dict[str, Any]:
    """Without empty values (HSDS leaves out what is not known), except the `keep` keys."""
    kept = set(keep)
    return {k: v for k, v in data.items() if k in kept or v not in (None, "", [], {})}


class PageUrl:
    """A public page's address in the export's language, for many slugs with one reverse()."""

    def __init__(self, name: str, lang: str) -> None:
        with translation.override(lang):
            self.template = reverse(name, kwargs={"slug": "__slug__"})

    def __call__(self, slug: str) -> str:
        return absolute(self.template.replace("__slug__", slug))


def hhmm(value: dt.time) -> str:
    return value.strftime("%H:%M")


def json_bytes(data: Any) -> bytes:
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).encode("utf-8")


# --- shared parts -------------------------------------------------------------------------------


def languages(owner_id: str, key: str, codes: list[str], note: str = "") -> list[dict]:
    rows = []
    for code in codes:
        label = str(ServiceLanguage(code).label) if code in ServiceLanguage.values else code
        iso = {"selko": "fi"}.get(code, code)
        rows.append(
            clean(
                {
                    "id": child_id(owner_id, f"language/{code}"),
                    key: owner_id,
                    "name": label,
                    "code": iso if iso in ("fi", "sv", "en") else "",
                    "note": note if code == "other" else "",
                }
            )
        )
    return rows


def phones(owner_id: str, key: str, number: str, description: str = "") -> list[dict]:
    if not number:
        return []
    return [
        clean(
            {
                "id": child_id(owner_id, f"phone/{number}"),
                key: owner_id,
                "number": number,
                "type": "voice",
                "description": description,
            }
        )
    ]


def hours_schedules(owner_id: str, key: str, rows, holidays_open: bool) -> list[dict]:
    """Weekly opening hours as HSDS schedules: one per opening interval, with its weekdays."""
    groups: dict[tuple[dt.time, dt.time], list[int]] = {}
    for row in sorted(rows, key=lambda r: (r.weekday, r.opens)):
        groups.setdefault((row.opens, row.closes), []).append(row.weekday)
    notes = _("Local time in Finland (%(zone)s).") % {"zone": TIME_NOTE}
    if not holidays_open:
        notes += " " + _("Closed on Finnish public holidays.")
    schedules = []
    for (opens, closes), days in groups.items():
        byday = ",".join(WEEKDAYS[d] for d in days)
        schedules.append(
            {
                "id": child_id(owner_id, f"hours/{byday}/{opens}-{closes}"),
                key: owner_id,
                "freq": "WEEKLY",
                "byday": byday,
                "opens_at": hhmm(opens),
                "closes_at": hhmm(closes),
                "notes": notes,
            }
        )
    return schedules


def address(location_id: str, street: str, postcode: str, city: str, area_name: str) -> dict:
    return clean(
        {
            "id": child_id(location_id, "address"),
            "location_id": location_id,
            "address_1": street,
            "city": city,
            "state_province": area_name,
            "postal_code": postcode,
            "country": "FI",
            "address_type": "physical",
        },
        keep=("address_1", "city", "state_province", "postal_code", "country", "address_type"),
    )
