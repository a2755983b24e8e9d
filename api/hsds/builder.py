"""The nested JSON form of a welfare area's HSDS export (`build`): its organisations and their
lasting offer of services, and the locations (meeting places and units). Activities are in
`activities.py`."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from areas.models import Municipality, WelfareArea
from meetingplaces.models import Activity, MeetingPlace, OpeningHours
from organisations.models import Organisation, OrganisationKind
from taxonomy.models import ServiceKind, Term
from units.models import Unit, UnitOpeningHours

from ..common import LICENCE, api_path, attribution
from .activities import activity_service
from .parts import (
    HSDS_VERSION,
    PageUrl,
    address,
    child_id,
    clean,
    hours_schedules,
    languages,
    phones,
    text,
    uid,
)
from .taxonomy import attributes, taxonomies, taxonomy_terms, term_links


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
                    "phones": phones(oid, "organization_id", org.phone),
                    "attributes": attributes(
                        oid,
                        "organization",
                        term_links(org.themes.all(), org.target_groups.all()),
                    ),
                },
                keep=("description",),
            )
        )
        # The organisation's lasting offer: each kind of service it produces.
        if org.produces_services:
            for kind in org.service_kinds:
                sid = child_id(oid, f"service_kind/{kind}")
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
                            "languages": languages(
                                sid, "service_id", org.languages, org.other_languages
                            ),
                            "phones": phones(sid, "service_id", org.phone),
                            "service_areas": _service_areas(
                                sid, list(org.municipalities.all()), area_name, lang
                            ),
                            "attributes": attributes(
                                sid,
                                "service",
                                [
                                    ("service_type", "service_kind", kind),
                                    *term_links(org.themes.all(), org.target_groups.all()),
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
                        address(
                            lid,
                            place.street_address,
                            place.postcode,
                            text(place.municipality, "name", lang),
                            text(place.welfare_area, "name", lang),
                        )
                    ],
                    "phones": phones(lid, "location_id", place.phone),
                    "schedules": hours_schedules(
                        lid, "location_id", place.opening_hours.all(), place.open_on_public_holidays
                    ),
                    "languages": languages(lid, "location_id", place.languages),
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
                        address(
                            lid,
                            unit.street_address,
                            unit.postcode,
                            text(unit.municipality, "name", lang),
                            area_name,
                        )
                    ],
                    "phones": phones(lid, "location_id", unit.phone),
                    "schedules": hours_schedules(
                        lid, "location_id", unit.opening_hours.all(), unit.open_on_public_holidays
                    ),
                    "contacts": _unit_contacts(lid, unit),
                }
            )
        )

    for activity in activities:
        services.append(
            activity_service(activity, lang, org_ids, location_of_place, locations, activity_url)
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
        "taxonomies": taxonomies(lang),
        "taxonomy_terms": taxonomy_terms(terms, lang),
    }


def _service_areas(
    service_id: str, municipalities: list[Municipality], area_name: str, lang: str
) -> list[dict]:
    """Where an organisation's lasting offer is available: the municipalities it names, or its
    welfare area."""
    if not municipalities:
        return [
            {
                "id": child_id(service_id, "area"),
                "service_id": service_id,
                "name": area_name,
            }
        ]
    return [
        {
            "id": child_id(service_id, f"area/{m.code}"),
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
                        "id": child_id(organization_id, f"identifier/{kind}"),
                        "organization_id": organization_id,
                        "identifier_scheme": scheme,
                        "identifier_type": kind,
                        "identifier": value,
                    }
                )
            )
    return rows


def _unit_of(place: MeetingPlace) -> Unit | None:
    try:
        return place.unit
    except Unit.DoesNotExist:
        return None


def _unit_contacts(location_id: str, unit: Unit) -> list[dict]:
    """The association contact of a unit: only with the person's consent."""
    if not unit.shows_contact:
        return []
    cid = child_id(location_id, "contact")
    return [
        clean(
            {
                "id": cid,
                "location_id": location_id,
                "name": unit.contact_name,
                "title": unit.contact_title,
                "email": unit.contact_email,
                "phones": phones(cid, "contact_id", unit.contact_phone),
            }
        )
    ]


def _accessibility(location_id: str, flags: list[str], details: str, url: str) -> list[dict]:
    rows = [
        {
            "id": child_id(location_id, f"accessibility/{flag}"),
            "location_id": location_id,
            "description": flag,
            "url": url,
        }
        for flag in flags
    ]
    if details:
        rows.append(
            {
                "id": child_id(location_id, "accessibility/details"),
                "location_id": location_id,
                "description": _("More about accessibility"),
                "details": details,
                "url": url,
            }
        )
    return rows
