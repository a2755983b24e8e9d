"""A whole welfare area as Open Referral HSDS 3.0: organisations, services (activities and the
organisations' lasting offer), locations (meeting places, activities' own addresses, online
meetings, the welfare area's units), services at locations, schedules, addresses, phones,
contacts, languages, accessibility and the taxonomy (target groups and themes with their YSO
ids, kinds of activity and of service).

One builder (`build`) gives the nested JSON form; `tables` flattens it into HSDS's tabular data
package (one CSV per table, `datapackage.json` made from the shipped schema files in
api/schemas/hsds-3.0/). Only published data; texts in one language per export (`lang`), with the
portal's fallback (fi → sv → en). Built with a constant number of queries and cached per area,
language and the data's last change (`export_json`, `export_zip`).

Identifiers are UUIDs derived (uuid5) from each object's address in the open data API, so the
same object keeps its identifier from one export to the next.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import uuid
import zipfile
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import cache as django_cache
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Count, Max, Prefetch, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from areas.models import Municipality, WelfareArea
from meetingplaces.models import Activity, MeetingPlace, OpeningHours
from meetingplaces.models.activities import ActivityKind, Venue
from meetingplaces.schedule import Schedule, describe, parse_rule
from organisations.models import Organisation, OrganisationKind
from portal.lib.translation import pick
from taxonomy.models import ServiceKind, ServiceLanguage, Term
from units.models import Unit, UnitOpeningHours

from .common import LICENCE, absolute, api_path, api_url, attribution
from .models import Tombstone

HSDS_VERSION = "3.0"
SCHEMA_DIR = Path(__file__).resolve().parent / "schemas" / "hsds-3.0"
CACHE_SECONDS = 6 * 60 * 60
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


# --- taxonomy -----------------------------------------------------------------------------------


def _taxonomies(lang: str) -> list[dict[str, Any]]:
    terms_url = api_url("terms")
    return [
        {
            "id": uid(api_path("terms"), "taxonomy/target_group"),
            "name": _("Yhdessä target groups"),
            "description": _("The portal's target groups, linked to YSO concepts where known."),
            "uri": terms_url,
        },
        {
            "id": uid(api_path("terms"), "taxonomy/theme"),
            "name": _("Yhdessä themes"),
            "description": _("The portal's themes, linked to YSO concepts where known."),
            "uri": terms_url,
        },
        {
            "id": uid(api_path("terms"), "taxonomy/activity_kind"),
            "name": _("Kinds of activity"),
            "description": _("What kind of activity an association offers."),
            "uri": terms_url,
        },
        {
            "id": uid(api_path("terms"), "taxonomy/service_kind"),
            "name": _("Kinds of social and health services"),
            "description": _("Social and health services that associations produce."),
            "uri": terms_url,
        },
    ]


def _term_id(kind: str, code: str) -> str:
    return uid(api_path("terms"), f"{kind}/{code}")


def _taxonomy_terms(terms: list[Term], lang: str) -> list[dict[str, Any]]:
    rows = []
    for term in terms:
        name = text(term, "name", lang)
        description = str(term.Kind(term.kind).label) + ": " + name
        if term.yso_id:
            description += f" (YSO {term.yso_id})"
        rows.append(
            clean(
                {
                    "id": _term_id(term.kind, term.slug),
                    "code": term.slug,
                    "name": name,
                    "description": description,
                    "taxonomy_id": uid(api_path("terms"), f"taxonomy/{term.kind}"),
                    "language": lang,
                    "term_uri": term.yso_url,
                }
            )
        )
    for kind, choices in (("activity_kind", ActivityKind), ("service_kind", ServiceKind)):
        for value, label in choices.choices:
            rows.append(
                {
                    "id": _term_id(kind, value),
                    "code": value,
                    "name": str(label),
                    "description": str(label),
                    "taxonomy_id": uid(api_path("terms"), f"taxonomy/{kind}"),
                    "language": lang,
                }
            )
    return rows


def _attributes(owner_id: str, entity: str, links: list[tuple[str, str, str]]) -> list[dict]:
    """`links`: (link_type, taxonomy kind, term code)."""
    return [
        {
            "id": str(uuid.uuid5(uuid.UUID(owner_id), f"attribute/{link_type}/{code}")),
            "link_id": owner_id,
            "link_type": link_type,
            "link_entity": entity,
            "taxonomy_term_id": _term_id(kind, code),
        }
        for link_type, kind, code in links
    ]


def _term_links(themes, groups) -> list[tuple[str, str, str]]:
    return [("theme", "theme", t.slug) for t in themes] + [
        ("target_group", "target_group", t.slug) for t in groups
    ]


# --- shared parts -------------------------------------------------------------------------------


def _languages(owner_id: str, key: str, codes: list[str], note: str = "") -> list[dict]:
    rows = []
    for code in codes:
        label = str(ServiceLanguage(code).label) if code in ServiceLanguage.values else code
        iso = {"selko": "fi"}.get(code, code)
        rows.append(
            clean(
                {
                    "id": str(uuid.uuid5(uuid.UUID(owner_id), f"language/{code}")),
                    key: owner_id,
                    "name": label,
                    "code": iso if iso in ("fi", "sv", "en") else "",
                    "note": note if code == "other" else "",
                }
            )
        )
    return rows


def _phones(owner_id: str, key: str, number: str, description: str = "") -> list[dict]:
    if not number:
        return []
    return [
        clean(
            {
                "id": str(uuid.uuid5(uuid.UUID(owner_id), f"phone/{number}")),
                key: owner_id,
                "number": number,
                "type": "voice",
                "description": description,
            }
        )
    ]


def _hours_schedules(owner_id: str, key: str, rows, holidays_open: bool) -> list[dict]:
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
                "id": str(uuid.uuid5(uuid.UUID(owner_id), f"hours/{byday}/{opens}-{closes}")),
                key: owner_id,
                "freq": "WEEKLY",
                "byday": byday,
                "opens_at": hhmm(opens),
                "closes_at": hhmm(closes),
                "notes": notes,
            }
        )
    return schedules


def _address(location_id: str, street: str, postcode: str, city: str, area_name: str) -> dict:
    return clean(
        {
            "id": str(uuid.uuid5(uuid.UUID(location_id), "address")),
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


# --- the builder --------------------------------------------------------------------------------


def _queries(area: WelfareArea):
    terms = Term.objects.only("kind", "slug", "name_fi", "name_sv", "name_en", "yso_id")
    activities = list(
        Activity.objects.published()
        .filter(welfare_area=area)
        .select_related("place", "municipality", "welfare_area")
        .prefetch_related(Prefetch("themes", terms), Prefetch("target_groups", terms))
        .order_by("pk")
    )
    org_ids = {a.organisation_id for a in activities}
    organisations = list(
        Organisation.objects.published()
        .filter(Q(welfare_area=area) | Q(pk__in=org_ids))
        .prefetch_related(
            Prefetch("themes", terms),
            Prefetch("target_groups", terms),
            Prefetch("municipalities", Municipality.objects.order_by("name_fi")),
        )
        .order_by("pk")
    )
    place_ids = {a.place_id for a in activities if a.place_id}
    places = list(
        MeetingPlace.objects.published()
        .filter(Q(welfare_area=area) | Q(pk__in=place_ids))
        .select_related("municipality", "unit", "welfare_area")
        .prefetch_related(
            Prefetch("opening_hours", OpeningHours.objects.order_by("weekday", "opens")),
            Prefetch("organisations", Organisation.objects.only("pk")),
        )
        .order_by("pk")
    )
    units = list(
        Unit.objects.active()
        .filter(welfare_area=area)
        .exclude(place__status="published")
        .select_related("municipality")
        .prefetch_related(
            Prefetch("opening_hours", UnitOpeningHours.objects.order_by("weekday", "opens"))
        )
        .order_by("pk")
    )
    return organisations, activities, places, units, list(terms.order_by("kind", "slug"))


def build(area: WelfareArea, lang: str) -> dict[str, Any]:
    """The area's HSDS 3.0 export in `lang` (nested JSON form)."""
    with translation.override(lang):
        return _build(area, lang)


def _build(area: WelfareArea, lang: str) -> dict[str, Any]:
    organisations, activities, places, units, terms = _queries(area)
    area_name = text(area, "name", lang)
    org_url = PageUrl("organisations:detail", lang)
    place_url = PageUrl("meetingplaces:place", lang)
    activity_url = PageUrl("meetingplaces:activity", lang)
    unit_url = PageUrl("units:unit", lang)

    # The welfare area itself: the organisation of its units' locations.
    area_org_id = uid(api_path("welfare-areas", area.slug))
    result_orgs: list[dict] = [
        {
            "id": area_org_id,
            "name": area_name,
            "description": _("The welfare area: its units are the locations it runs."),
            "legal_status": _("Welfare area"),
            "uri": PageUrl("units:area", lang)(area.slug),
        }
    ]
    org_ids: dict[int, str] = {}
    for org in organisations:
        org_ids[org.pk] = uid(api_path("organisations", org.pk))
    services: list[dict] = []
    for org in organisations:
        oid = org_ids[org.pk]
        description = text(org, "description", lang) or text(org, "summary", lang)
        result_orgs.append(
            clean(
                {
                    "id": oid,
                    "name": org.name,
                    "alternate_name": org.display_name,
                    "description": description,
                    "email": org.email,
                    "website": org.website,
                    "legal_status": str(OrganisationKind(org.kind).label),
                    "uri": org_url(org.slug),
                    "parent_organization_id": org_ids.get(org.parent_id or 0, ""),
                    "organization_identifiers": _identifiers(oid, org),
                    "phones": _phones(oid, "organization_id", org.phone),
                    "attributes": _attributes(
                        oid,
                        "organization",
                        _term_links(org.themes.all(), org.target_groups.all()),
                    ),
                },
                keep=("description",),
            )
        )
        # The organisation's lasting offer: each kind of service it produces.
        if org.produces_services:
            for kind in org.service_kinds:
                sid = str(uuid.uuid5(uuid.UUID(oid), f"service_kind/{kind}"))
                services.append(
                    clean(
                        {
                            "id": sid,
                            "organization_id": oid,
                            "name": f"{ServiceKind(kind).label} – {org.public_name}",
                            "description": text(org, "summary", lang) or description,
                            "url": org_url(org.slug),
                            "email": org.email,
                            "status": "active",
                            "languages": _languages(
                                sid, "service_id", org.languages, org.other_languages
                            ),
                            "phones": _phones(sid, "service_id", org.phone),
                            "service_areas": _service_areas(
                                sid, list(org.municipalities.all()), area_name, lang
                            ),
                            "attributes": _attributes(
                                sid,
                                "service",
                                [
                                    ("service_type", "service_kind", kind),
                                    *_term_links(org.themes.all(), org.target_groups.all()),
                                ],
                            ),
                        }
                    )
                )

    locations: list[dict] = []
    location_of_place: dict[int, str] = {}
    for place in places:
        lid = uid(api_path("places", place.pk))
        location_of_place[place.pk] = lid
        runners = [org_ids[o.pk] for o in place.organisations.all() if o.pk in org_ids]
        unit = _unit_of(place)
        flags = [
            str(getattr(MeetingPlace._meta.get_field(name), "verbose_name", name))
            for name in MeetingPlace.ACCESSIBILITY_FLAGS
            if getattr(place, name)
        ]
        transport = text(place, "directions", lang)
        locations.append(
            clean(
                {
                    "id": lid,
                    "location_type": "physical",
                    "organization_id": runners[0] if runners else area_org_id,
                    "name": text(place, "name", lang),
                    "description": text(place, "description", lang),
                    "transportation": transport,
                    "latitude": place.latitude,
                    "longitude": place.longitude,
                    "external_identifier": place_url(place.slug),
                    "external_identifier_type": "url",
                    "addresss": [
                        _address(
                            lid,
                            place.street_address,
                            place.postcode,
                            text(place.municipality, "name", lang),
                            text(place.welfare_area, "name", lang),
                        )
                    ],
                    "phones": _phones(lid, "location_id", place.phone),
                    "schedules": _hours_schedules(
                        lid, "location_id", place.opening_hours.all(), place.open_on_public_holidays
                    ),
                    "languages": _languages(lid, "location_id", place.languages),
                    "accessibilitys": _accessibility(
                        lid, flags, text(place, "accessibility", lang), place_url(place.slug)
                    ),
                    "contacts": _unit_contacts(lid, unit) if unit is not None else [],
                }
            )
        )
    for unit in units:
        lid = uid(api_path("units", unit.pk))
        locations.append(
            clean(
                {
                    "id": lid,
                    "location_type": "physical",
                    "organization_id": area_org_id,
                    "name": text(unit, "name", lang),
                    "description": text(unit, "description", lang),
                    "latitude": unit.latitude,
                    "longitude": unit.longitude,
                    "external_identifier": unit_url(unit.slug),
                    "external_identifier_type": "url",
                    "addresss": [
                        _address(
                            lid,
                            unit.street_address,
                            unit.postcode,
                            text(unit.municipality, "name", lang),
                            area_name,
                        )
                    ],
                    "phones": _phones(lid, "location_id", unit.phone),
                    "schedules": _hours_schedules(
                        lid, "location_id", unit.opening_hours.all(), unit.open_on_public_holidays
                    ),
                    "contacts": _unit_contacts(lid, unit),
                }
            )
        )

    for activity in activities:
        services.append(
            _activity_service(activity, lang, org_ids, location_of_place, locations, activity_url)
        )

    return {
        "meta": {
            "hsds_version": HSDS_VERSION,
            "welfare_area": area.slug,
            "language": lang,
            "licence": LICENCE,
            "attribution": attribution(),
            "generated_at": timezone.now(),
        },
        "organizations": result_orgs,
        "services": services,
        "locations": locations,
        "taxonomies": _taxonomies(lang),
        "taxonomy_terms": _taxonomy_terms(terms, lang),
    }


def _service_areas(
    service_id: str, municipalities: list[Municipality], area_name: str, lang: str
) -> list[dict]:
    """Where an organisation's lasting offer is available: the municipalities it names, or its
    welfare area."""
    if not municipalities:
        return [
            {
                "id": str(uuid.uuid5(uuid.UUID(service_id), "area")),
                "service_id": service_id,
                "name": area_name,
            }
        ]
    return [
        {
            "id": str(uuid.uuid5(uuid.UUID(service_id), f"area/{m.code}")),
            "service_id": service_id,
            "name": text(m, "name", lang),
            "description": _("Municipality code %(code)s") % {"code": m.code},
        }
        for m in municipalities
    ]


def _identifiers(organization_id: str, org: Organisation) -> list[dict]:
    """The business ID (org-id.guide's FI-PRO: the Finnish Patent and Registration Office's
    register) and the association register number."""
    rows = []
    for kind, scheme, value in (
        ("business_id", "FI-PRO", org.business_id),
        ("association_register_number", "", org.register_number),
    ):
        if value:
            rows.append(
                clean(
                    {
                        "id": str(uuid.uuid5(uuid.UUID(organization_id), f"identifier/{kind}")),
                        "organization_id": organization_id,
                        "identifier_scheme": scheme,
                        "identifier_type": kind,
                        "identifier": value,
                    }
                )
            )
    return rows


def _cost_options(service_id: str, activity: Activity) -> list[dict]:
    """The fee in euros (0 when free), from the activity's first date."""
    if not activity.is_free and activity.fee_amount is None:
        return []
    return [
        clean(
            {
                "id": str(uuid.uuid5(uuid.UUID(service_id), "cost")),
                "service_id": service_id,
                "valid_from": activity.start_date.isoformat(),
                "currency": "EUR",
                "amount": 0 if activity.is_free else float(activity.fee_amount or 0),
                "amount_description": activity.fee_note,
            },
            keep=("amount",),
        )
    ]


def _unit_of(place: MeetingPlace) -> Unit | None:
    try:
        return place.unit
    except Unit.DoesNotExist:
        return None


def _unit_contacts(location_id: str, unit: Unit) -> list[dict]:
    """The association contact of a unit: only with the person's consent."""
    if not unit.shows_contact:
        return []
    cid = str(uuid.uuid5(uuid.UUID(location_id), "contact"))
    return [
        clean(
            {
                "id": cid,
                "location_id": location_id,
                "name": unit.contact_name,
                "title": unit.contact_title,
                "email": unit.contact_email,
                "phones": _phones(cid, "contact_id", unit.contact_phone),
            }
        )
    ]


def _accessibility(location_id: str, flags: list[str], details: str, url: str) -> list[dict]:
    rows = [
        {
            "id": str(uuid.uuid5(uuid.UUID(location_id), f"accessibility/{flag}")),
            "location_id": location_id,
            "description": flag,
            "url": url,
        }
        for flag in flags
    ]
    if details:
        rows.append(
            {
                "id": str(uuid.uuid5(uuid.UUID(location_id), "accessibility/details")),
                "location_id": location_id,
                "description": _("More about accessibility"),
                "details": details,
                "url": url,
            }
        )
    return rows


def _activity_schedule(activity: Activity, sid: str, lang: str, page: str) -> dict:
    schedule = Schedule.of(activity)
    data: dict[str, Any] = {
        "id": str(uuid.uuid5(uuid.UUID(sid), "schedule")),
        "service_id": sid,
        "valid_from": activity.start_date.isoformat(),
        "valid_to": activity.end_date.isoformat() if activity.end_date else "",
        "dtstart": activity.start_date.isoformat(),
        "opens_at": hhmm(activity.start_time),
        "closes_at": hhmm(activity.end_time),
        "description": describe(schedule),
        "schedule_link": page,
    }
    if not activity.recurrence:
        data["valid_to"] = max([activity.start_date, *activity.extra_dates]).isoformat()
    else:
        try:
            parts = parse_rule(activity.recurrence)
        except ValueError:
            parts = {}
        if parts.get("FREQ") in ("WEEKLY", "MONTHLY"):
            # HSDS 3.0 names weekly and monthly rules; others are said in the description.
            data["freq"] = parts["FREQ"]
            data["interval"] = int(parts.get("INTERVAL", "1"))
            data["byday"] = parts.get("BYDAY", "")
            if parts.get("BYMONTHDAY", "").lstrip("-").isdigit():
                data["bymonthday"] = int(parts["BYMONTHDAY"])
        if parts.get("UNTIL"):
            data["until"] = f"{parts['UNTIL'][:4]}-{parts['UNTIL'][4:6]}-{parts['UNTIL'][6:8]}"
        elif activity.end_date:
            data["until"] = activity.end_date.isoformat()
        if parts.get("COUNT"):
            data["count"] = parts["COUNT"]
    notes = [_("Local time in Finland (%(zone)s).") % {"zone": TIME_NOTE}]
    if activity.recurrence and activity.extra_dates:
        notes.append(
            _("Also on %(dates)s.")
            % {"dates": ", ".join(d.isoformat() for d in sorted(activity.extra_dates))}
        )
    if activity.skipped_dates:
        notes.append(
            _("Not on %(dates)s.")
            % {"dates": ", ".join(d.isoformat() for d in sorted(activity.skipped_dates))}
        )
    data["notes"] = " ".join(notes)
    return clean(data)


def _activity_service(
    activity: Activity,
    lang: str,
    org_ids: dict[int, str],
    location_of_place: dict[int, str],
    locations: list[dict],
    activity_url: PageUrl,
) -> dict:
    path = api_path("activities", activity.pk)
    sid = uid(path)
    page = activity_url(activity.slug)
    oid = org_ids[activity.organisation_id]
    # Where: a published meeting place, its own address or online (a location of its own).
    location_id = ""
    if activity.venue == Venue.PLACE:
        place = activity.public_place()
        if place is not None:
            location_id = location_of_place.get(place.pk, "")
    elif activity.venue == Venue.ADDRESS and activity.street_address:
        location_id = uid(path, "location")
        point = activity.point()
        locations.append(
            clean(
                {
                    "id": location_id,
                    "location_type": "physical",
                    "organization_id": oid,
                    "name": activity.street_address,
                    "latitude": point[0] if point else None,
                    "longitude": point[1] if point else None,
                    "addresss": [
                        _address(
                            location_id,
                            activity.street_address,
                            activity.postcode,
                            text(activity.municipality, "name", lang)
                            if activity.municipality_id
                            else "",
                            text(activity.welfare_area, "name", lang),
                        )
                    ],
                }
            )
        )
    elif activity.venue == Venue.ONLINE:
        location_id = uid(path, "location")
        locations.append(
            clean(
                {
                    "id": location_id,
                    "location_type": "virtual",
                    "organization_id": oid,
                    "name": _("Online"),
                    "url": activity.online_url if activity.online_url_public else "",
                }
            )
        )
    if activity.is_free:
        fees = _("Free of charge.")
    else:
        amount = f"{activity.fee_amount} €" if activity.fee_amount is not None else ""
        fees = " ".join(part for part in (amount, activity.fee_note) if part)
    contact = []
    if activity.contact_role or activity.contact_email:
        contact = [
            clean(
                {
                    "id": uid(path, "contact"),
                    "service_id": sid,
                    "title": activity.contact_role,
                    "email": activity.contact_email,
                }
            )
        ]
    groups = list(activity.target_groups.all())
    return clean(
        {
            "id": sid,
            "organization_id": oid,
            "name": text(activity, "title", lang),
            "description": text(activity, "description", lang) or text(activity, "summary", lang),
            "url": page,
            "email": activity.contact_email,
            "status": "active",
            "fees_description": fees,
            "application_process": _("Sign-up needed.")
            if activity.signup_required
            else _("No sign-up needed."),
            "eligibility_description": ", ".join(text(g, "name", lang) for g in groups),
            "schedules": [_activity_schedule(activity, sid, lang, page)],
            "cost_options": _cost_options(sid, activity),
            "languages": _languages(sid, "service_id", activity.languages),
            "phones": _phones(sid, "service_id", activity.contact_phone, activity.contact_role),
            "contacts": contact,
            "service_at_locations": [
                {
                    "id": str(uuid.uuid5(uuid.UUID(sid), f"at/{location_id}")),
                    "service_id": sid,
                    "location_id": location_id,
                }
            ]
            if location_id
            else [],
            "attributes": _attributes(
                sid,
                "service",
                [
                    ("service_type", "activity_kind", activity.kind),
                    *_term_links(activity.themes.all(), groups),
                ],
            ),
        }
    )


# --- tabular data package -----------------------------------------------------------------------


@cache
def hsds_schema(name: str) -> dict[str, Any]:
    return json.loads((SCHEMA_DIR / f"{name}.json").read_text(encoding="utf-8"))


def _child_tables(name: str) -> dict[str, str]:
    """{property: table} of a schema's nested lists of other HSDS objects."""
    children = {}
    for key, prop in hsds_schema(name)["properties"].items():
        ref = (prop.get("items") or {}).get("$ref", "")
        if prop.get("type") == "array" and ref and (SCHEMA_DIR / ref).exists():
            children[key] = ref.removesuffix(".json")
    return children


def scalar_fields(name: str) -> list[str]:
    """The table's columns: the schema's properties that are not nested objects or lists."""
    return [
        key
        for key, prop in hsds_schema(name)["properties"].items()
        if prop.get("type") not in ("array", "object") and "$ref" not in prop
    ]


def tables(export: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """The nested export flattened into HSDS tables ({table: rows})."""
    out: dict[str, list[dict[str, Any]]] = {}

    def walk(name: str, obj: dict[str, Any]) -> None:
        out.setdefault(name, []).append({k: obj[k] for k in scalar_fields(name) if k in obj})
        for key, child in _child_tables(name).items():
            for item in obj.get(key, []):
                walk(child, item)

    for key, name in TOP_LEVEL.items():
        for obj in export[key]:
            walk(name, obj)
    return out


def _field(name: str, key: str) -> dict[str, Any]:
    schema = hsds_schema(name)
    prop = schema["properties"][key]
    field = {
        "name": key,
        "type": prop.get("datapackage_type", prop["type"]),
        "description": prop.get("description", ""),
        "constraints": {
            "required": key in schema.get("required", [])
            or key in schema.get("tabular_required", []),
            "unique": prop.get("constraints", {}).get("unique", False),
        },
    }
    if prop.get("format") in ("email", "uri"):
        field["format"] = prop["format"]
    if "enum" in prop:
        field["constraints"]["enum"] = prop["enum"]
    return clean(field, keep=("description",))


FOREIGN_KEYS = {
    "organization_id": "organization",
    "service_id": "service",
    "location_id": "location",
    "service_at_location_id": "service_at_location",
    "contact_id": "contact",
    "taxonomy_id": "taxonomy",
}


def datapackage(export: dict[str, Any], names: Iterable[str]) -> dict[str, Any]:
    """HSDS's datapackage.json for the tables `names`, from the shipped schema files."""
    meta = export["meta"]
    present = set(names)
    resources = []
    for name in sorted(present, key=lambda n: hsds_schema(n).get("order", 99)):
        schema = hsds_schema(name)
        fields = scalar_fields(name)
        keys = [
            {"fields": key, "reference": {"resource": FOREIGN_KEYS[key], "fields": "id"}}
            for key in fields
            if key in FOREIGN_KEYS and FOREIGN_KEYS[key] in present and FOREIGN_KEYS[key] != name
        ]
        resources.append(
            {
                "name": name,
                "path": schema["path"],
                "description": schema.get("description", ""),
                "format": "csv",
                "mediatype": "text/csv",
                "profile": "tabular-data-resource",
                "encoding": "utf-8",
                "schema": {
                    "primaryKey": "id",
                    "fields": [_field(name, key) for key in fields],
                    **({"foreignKeys": keys} if keys else {}),
                },
            }
        )
    return {
        "name": f"yhdessa-{meta['welfare_area']}-{meta['language']}",
        "title": f"Yhdessä: {meta['welfare_area']} ({meta['language']})",
        "description": "Human Services Data Specification (HSDS) 3.0 export of Yhdessä.",
        "profile": "tabular-data-package",
        "version": "3.0.0",
        "homepage": settings.SITE_URL,
        "licenses": [
            {"name": "CC-BY-4.0", "path": LICENCE["url"], "title": "Creative Commons BY 4.0"}
        ],
        "sources": [{"title": meta["attribution"], "path": settings.SITE_URL}],
        "created": meta["generated_at"],
        "resources": resources,
    }


def _csv(name: str, rows: list[dict[str, Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=scalar_fields(name), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def zip_package(export: dict[str, Any], stamp: dt.datetime) -> bytes:
    """The tabular data package: datapackage.json and a CSV per table, in a zip whose entries
    carry the data's last change (the same data gives the same bytes)."""
    rows = tables(export)
    names = [name for name in rows if rows[name]]
    when = timezone.localtime(stamp).timetuple()[:6]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        package = datapackage(export, names)
        entries = [("datapackage.json", _json_bytes(package))]
        entries += [(hsds_schema(n)["path"], _csv(n, rows[n])) for n in names]
        for path, data in entries:
            info = zipfile.ZipInfo(path, date_time=when)  # type: ignore[arg-type]
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return buffer.getvalue()


# --- cache --------------------------------------------------------------------------------------


def _json_bytes(data: Any) -> bytes:
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).encode("utf-8")


def data_version(area: WelfareArea) -> tuple[str, dt.datetime]:
    """A digest of the area's data's last changes, counts and removals (five small queries),
    and the last change. Changes that touch no `updated_at` (a term renamed) wait for the
    cache's time-out (CACHE_SECONDS)."""
    stamps: dict[str, Any] = {}
    for name, queryset in (
        ("organisations", Organisation.objects.filter(welfare_area=area)),
        ("places", MeetingPlace.objects.filter(welfare_area=area)),
        ("activities", Activity.objects.filter(welfare_area=area)),
        ("units", Unit.objects.filter(welfare_area=area)),
    ):
        row = queryset.aggregate(latest=Max("updated_at"), count=Count("pk"))
        stamps[name], stamps[f"{name}_count"] = row["latest"], row["count"]
    # What was removed from the open data (unpublished, archived, merged) since.
    stamps["removed"] = Tombstone.objects.filter(welfare_area_id=area.pk).aggregate(
        latest=Max("removed_at")
    )["latest"]
    latest = max(
        [v for k, v in stamps.items() if isinstance(v, dt.datetime)],
        default=dt.datetime(2020, 1, 1, tzinfo=dt.UTC),
    )
    digest = hashlib.sha256(repr(sorted(stamps.items())).encode()).hexdigest()[:16]
    return digest, latest


def _key(area: WelfareArea, lang: str, kind: str, digest: str) -> str:
    return f"hsds:{HSDS_VERSION}:{area.slug}:{lang}:{kind}:{digest}"


def export_json(area: WelfareArea, lang: str) -> bytes:
    digest, _latest = data_version(area)
    key = _key(area, lang, "json", digest)
    body = django_cache.get(key)
    if body is None:
        body = _json_bytes(build(area, lang))
        django_cache.set(key, body, CACHE_SECONDS)
    return body


def export_zip(area: WelfareArea, lang: str) -> bytes:
    digest, latest = data_version(area)
    key = _key(area, lang, "zip", digest)
    body = django_cache.get(key)
    if body is None:
        cached = django_cache.get(_key(area, lang, "json", digest))
        export = json.loads(cached) if cached is not None else build(area, lang)
        body = zip_package(export, latest)
        django_cache.set(key, body, CACHE_SECONDS)
    return body
