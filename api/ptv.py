"""A meeting place in the shape of a PTV (Palvelutietovaranto, the Finnish Service Catalogue)
service location channel: Open API v11's `V11VmOpenApiServiceLocationChannel`.

Names and descriptions are lists of {value, type, language}; addresses a street address with
its municipality code and WGS84 point; phone numbers, e-mails and web pages per language;
weekly service hours as `DaysOfTheWeek` entries; the area is the municipality (its code). PTV's
own identifiers (the channel's and its organisation's) belong to PTV: the place's id goes in
`sourceId`, and an organisation that has a PTV id adds it when it sends the channel to PTV.

api/schemas/ptv/ holds the JSON Schema the tests validate against and says where it comes from.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

from meetingplaces.models import MeetingPlace

from .endpoints.shared import UrlMaker

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
# PTV's limits: a summary at most 150 characters, a description 2500, a name 100.
SUMMARY_MAX, DESCRIPTION_MAX, NAME_MAX = 150, 2500, 100


def _codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def _localized(obj: object, field: str, kind: str, limit: int) -> list[dict[str, str]]:
    """One item per language the text was written in (PTV lists only real language versions)."""
    items = []
    for code in _codes():
        value = (getattr(obj, f"{field}_{code}", "") or "").strip()
        if value:
            items.append({"value": value[:limit], "type": kind, "language": code})
    return items


def _summary(description: list[dict[str, str]]) -> list[dict[str, str]]:
    out = []
    for item in description:
        text = item["value"].split("\n", 1)[0]
        if len(text) > SUMMARY_MAX:
            text = text[: SUMMARY_MAX - 1].rsplit(" ", 1)[0] + "…"
        out.append({"value": text, "type": "Summary", "language": item["language"]})
    return out


def _municipality(place: MeetingPlace) -> dict[str, Any]:
    municipality = place.municipality
    names = [{"value": municipality.name_fi, "language": "fi"}]
    if municipality.name_sv:
        names.append({"value": municipality.name_sv, "language": "sv"})
    return {"code": municipality.code, "name": names}


def _exceptions(place: MeetingPlace) -> list[dict[str, Any]]:
    """The coming dates when the weekly hours do not apply, as PTV's exceptional hours."""
    hours = []
    for index, row in enumerate(place.opening_exceptions.all(), start=1):
        day = row.date.isoformat()
        entry: dict[str, Any] = {
            "serviceHourType": "Exceptional",
            "validFrom": f"{day}T00:00:00",
            "validTo": f"{day}T23:59:59",
            "isClosed": row.closed,
            "isAlwaysOpen": False,
            "isReservation": False,
            "validForNow": False,
            "additionalInformation": [{"value": row.note[:150], "language": "fi"}]
            if row.note
            else [],
            "orderNumber": index,
        }
        if not row.closed and row.opens and row.closes:
            entry["openingHour"] = [
                {"from": row.opens.strftime("%H:%M:%S"), "to": row.closes.strftime("%H:%M:%S")}
            ]
        hours.append(entry)
    return hours


def _service_hours(place: MeetingPlace) -> list[dict[str, Any]]:
    rows = list(place.opening_hours.all())
    if not rows:
        return _exceptions(place)
    return [
        *_exceptions(place),
        {
            "serviceHourType": "DaysOfTheWeek",
            "validForNow": True,
            "isClosed": False,
            "isAlwaysOpen": False,
            "isReservation": False,
            "additionalInformation": []
            if place.open_on_public_holidays
            else [
                {"value": "Suljettu arkipyhinä.", "language": "fi"},
                {"value": "Stängt på helgdagar.", "language": "sv"},
                {"value": "Closed on public holidays.", "language": "en"},
            ],
            "openingHour": [
                {
                    "dayFrom": WEEKDAYS[row.weekday],
                    "from": row.opens.strftime("%H:%M:%S"),
                    "to": row.closes.strftime("%H:%M:%S"),
                    "order": index,
                }
                for index, row in enumerate(sorted(rows, key=lambda r: (r.weekday, r.opens)))
            ],
            "orderNumber": 0,
        },
    ]


def _phone(number: str) -> dict[str, str]:
    """E.164 as PTV keeps it: the country prefix apart from the number."""
    if number.startswith("+358"):
        return {"prefixNumber": "+358", "number": number[4:]}
    return {"number": number}


def service_location_channel(place: MeetingPlace) -> dict[str, Any]:
    """The place as PTV's V11 service location channel (what GET /api/v11/ServiceChannel/{id}
    answers for a channel of type ServiceLocation)."""
    languages = [code for code in place.languages if code in ("fi", "sv", "en")] or ["fi"]
    names = _localized(place, "name", "Name", NAME_MAX)
    descriptions = _localized(place, "description", "Description", DESCRIPTION_MAX)
    # PTV requires a summary and a description in each language of the name.
    if not descriptions:
        descriptions = [
            {"value": n["value"], "type": "Description", "language": n["language"]} for n in names
        ]
    descriptions = descriptions + _summary(descriptions)
    page = UrlMaker("meetingplaces:place")(place.slug)
    web_pages = [
        {"url": page, "value": item["value"][:NAME_MAX], "language": item["language"]}
        for item in names
    ]
    if place.website:
        web_pages.append({"url": place.website, "language": "fi"})
    street, _sep, number = place.street_address.rpartition(" ")
    if not street or not any(ch.isdigit() for ch in number):
        street, number = place.street_address, ""
    municipality = _municipality(place)
    address = {
        "type": "Location",
        "subType": "Single",
        "country": "FI",
        "streetAddress": {
            "street": [{"value": street, "language": "fi"}],
            "streetNumber": number,
            "postalCode": place.postcode,
            "municipality": municipality,
            "additionalInformation": [
                {"value": item["value"][:150], "language": item["language"]}
                for item in _localized(place, "directions", "AdditionalInformation", 150)
            ],
            "latitude": str(place.latitude),
            "longitude": str(place.longitude),
            "coordinateState": "EnteredByUser",
        },
    }
    return {
        "sourceId": f"yhdessa-place-{place.pk}",
        "serviceChannelType": "ServiceLocation",
        "serviceChannelNames": names,
        "serviceChannelDescriptions": descriptions,
        "areaType": "LimitedType",
        "areas": [
            {
                "type": "Municipality",
                "code": municipality["code"],
                "name": municipality["name"],
                "municipalities": [municipality],
            }
        ],
        "areaMunicipalities": [municipality],
        "languages": languages,
        "webPages": web_pages,
        "phoneNumbers": [
            {
                **_phone(place.phone),
                "isFinnishServiceNumber": False,
                "serviceChargeType": "FreeOfCharge",
                "type": "Phone",
                "language": "fi",
            }
        ]
        if place.phone
        else [],
        "supportEmails": [{"value": place.email, "language": "fi"}] if place.email else [],
        "addresses": [address],
        "serviceHours": _service_hours(place),
        "publishingStatus": "Published",
        "isVisibleForAll": True,
        "modified": place.updated_at.isoformat(),
    }
