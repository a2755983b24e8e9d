"""schema.org JSON-LD of a meeting place (Place) and an activity (Event), escaped for a
<script type="application/ld+json"> element by portal.lib.jsonld."""

from __future__ import annotations

import datetime as dt

from django.utils.safestring import SafeString

from portal.lib.fields import field_label
from portal.lib.jsonld import json_ld

from .models import Activity, MeetingPlace, Occurrence, Venue
from .schedule import HELSINKI, WEEKDAY_CODES, Schedule

SCHEMA_DAYS = [
    "https://schema.org/Monday",
    "https://schema.org/Tuesday",
    "https://schema.org/Wednesday",
    "https://schema.org/Thursday",
    "https://schema.org/Friday",
    "https://schema.org/Saturday",
    "https://schema.org/Sunday",
]
EVENT_STATUS: dict[str, str] = {
    Occurrence.Status.SCHEDULED: "https://schema.org/EventScheduled",
    Occurrence.Status.MOVED: "https://schema.org/EventRescheduled",
    Occurrence.Status.CANCELLED: "https://schema.org/EventCancelled",
}


def _clean(data: dict) -> dict:
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def postal_address(street: str, postcode: str, municipality) -> dict:
    return _clean(
        {
            "@type": "PostalAddress",
            "streetAddress": street,
            "postalCode": postcode,
            "addressLocality": str(municipality) if municipality else "",
            "addressCountry": "FI",
        }
    )


def geo(latitude: float | None, longitude: float | None) -> dict | None:
    if latitude is None or longitude is None:
        return None
    return {"@type": "GeoCoordinates", "latitude": latitude, "longitude": longitude}


def place_data(place: MeetingPlace, *, url: str) -> dict:
    return _clean(
        {
            "@type": "Place",
            "@id": url,
            "name": place.localised_name(),
            "url": url,
            "address": postal_address(place.street_address, place.postcode, place.municipality),
            "geo": geo(place.latitude, place.longitude),
        }
    )


def place_json_ld(place: MeetingPlace, *, url: str, photo_urls: list[str]) -> SafeString:
    data = {"@context": "https://schema.org", **place_data(place, url=url)}
    hours = [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": SCHEMA_DAYS[row.weekday],
            "opens": row.opens.strftime("%H:%M"),
            "closes": row.closes.strftime("%H:%M"),
        }
        for row in place.opening_hours.all()
    ]
    for row in place.opening_exceptions.all():
        special = {"@type": "OpeningHoursSpecification", "validFrom": row.date.isoformat()}
        special["validThrough"] = row.date.isoformat()
        if row.closed or row.opens is None or row.closes is None:
            special.update({"opens": "00:00", "closes": "00:00"})
        else:
            special.update(
                {"opens": row.opens.strftime("%H:%M"), "closes": row.closes.strftime("%H:%M")}
            )
        hours.append(special)
    optional = {
        "description": _localised(place, "description"),
        "telephone": place.phone,
        "email": place.email,
        "sameAs": place.website,
        "openingHoursSpecification": hours,
        "isAccessibleForFree": place.is_free,
        "publicAccess": True,
        "photo": [{"@type": "ImageObject", "contentUrl": photo} for photo in photo_urls],
        "amenityFeature": [
            {
                "@type": "LocationFeatureSpecification",
                "name": field_label(MeetingPlace, flag),
                "value": True,
            }
            for flag in MeetingPlace.ACCESSIBILITY_FLAGS
            if getattr(place, flag)
        ],
    }
    data.update(_clean(optional))
    return json_ld(data)


def _localised(obj, field: str) -> str:
    from portal.lib.translation import localised

    return localised(obj, field)


def _iso(value: dt.datetime) -> str:
    return value.astimezone(HELSINKI).isoformat(timespec="minutes")


def _location(activity: Activity, place: MeetingPlace | None, *, place_url: str) -> dict | None:
    """`place` is a published place or None: a place that is not public is not described."""
    if activity.venue == Venue.ONLINE:
        location = {"@type": "VirtualLocation"}
        if activity.online_url_public and activity.online_url:
            location["url"] = activity.online_url
        return location
    if place is not None:
        return place_data(place, url=place_url)
    if activity.venue == Venue.PLACE:
        return None
    return _clean(
        {
            "@type": "Place",
            "address": postal_address(
                activity.street_address, activity.postcode, activity.municipality
            ),
            "geo": geo(activity.latitude, activity.longitude),
        }
    )


def _schedule(activity: Activity) -> dict | None:
    """schema.org Schedule of a weekly rule; None for rules it cannot say."""
    schedule = Schedule.of(activity)
    parts = schedule.rule_parts()
    if parts.get("FREQ") != "WEEKLY" or "COUNT" in parts:
        return None
    codes = [code for code in parts.get("BYDAY", "").split(",") if code] or [
        WEEKDAY_CODES[activity.start_date.weekday()]
    ]
    if not all(code in WEEKDAY_CODES for code in codes):
        return None
    return _clean(
        {
            "@type": "Schedule",
            "repeatFrequency": f"P{int(parts.get('INTERVAL', '1'))}W",
            "byDay": [SCHEMA_DAYS[WEEKDAY_CODES.index(code)] for code in codes],
            "startDate": activity.start_date.isoformat(),
            "endDate": activity.end_date.isoformat() if activity.end_date else "",
            "startTime": activity.start_time.strftime("%H:%M"),
            "endTime": activity.end_time.strftime("%H:%M"),
            "scheduleTimezone": "Europe/Helsinki",
            "exceptDate": [day.isoformat() for day in activity.skipped_dates],
        }
    )


def event_base(activity: Activity, *, url: str, organisation_url: str) -> dict:
    """What every Event of the activity says, whatever its date."""
    offer = _clean(
        {
            "@type": "Offer",
            "price": "0" if activity.is_free else str(activity.fee_amount or ""),
            "priceCurrency": "EUR",
            "url": url,
            "description": activity.fee_note,
        }
    )
    return _clean(
        {
            "name": activity.title(),
            "description": activity.summary() or activity.description(),
            "url": url,
            "eventAttendanceMode": (
                "https://schema.org/OnlineEventAttendanceMode"
                if activity.venue == Venue.ONLINE
                else "https://schema.org/OfflineEventAttendanceMode"
            ),
            "organizer": {
                "@type": "Organization",
                "name": activity.organisation.public_name,
                "url": organisation_url,
            },
            "isAccessibleForFree": activity.is_free,
            "offers": offer,
            "inLanguage": [code for code in activity.languages if code in ("fi", "sv", "en")],
            "maximumAttendeeCapacity": activity.capacity,
        }
    )


def occurrence_event(
    activity: Activity, occurrence: Occurrence, *, base: dict, place_url_of
) -> dict:
    """One date of the activity as a schema.org Event (without @context)."""
    occurrence.activity = activity
    where = occurrence.public_place()
    location = _location(activity, where, place_url=place_url_of(where) if where else "")
    if occurrence.at_hidden_place:
        location = None
    data = {
        "@type": "Event",
        **base,
        "startDate": _iso(occurrence.starts_at),
        "endDate": _iso(occurrence.ends_at),
        "eventStatus": EVENT_STATUS[occurrence.status],
    }
    if location:
        data["location"] = location
    if occurrence.status == Occurrence.Status.MOVED:
        original, _end = Schedule.of(activity).instants(occurrence.date)
        data["previousStartDate"] = _iso(original)
    return data


def activity_json_ld(
    activity: Activity,
    occurrences: list[Occurrence],
    *,
    url: str,
    organisation_url: str,
    place_url_of,
) -> SafeString:
    """One Event with eventSchedule for a weekly activity (its next dates as subEvents, each
    with its status), otherwise one Event per coming date; "" without coming dates."""
    place = activity.public_place()
    base = event_base(activity, url=url, organisation_url=organisation_url)

    def event(occurrence: Occurrence) -> dict:
        return occurrence_event(activity, occurrence, base=base, place_url_of=place_url_of)

    schedule = _schedule(activity) if activity.is_recurring else None
    if schedule is not None:
        data = {
            "@context": "https://schema.org",
            "@type": "Event",
            "@id": url,
            **base,
            "eventSchedule": schedule,
            "eventStatus": "https://schema.org/EventScheduled",
        }
        location = _location(activity, place, place_url=place_url_of(place) if place else "")
        if location:
            data["location"] = location
        if occurrences:
            data["startDate"] = _iso(occurrences[0].starts_at)
            data["endDate"] = _iso(occurrences[0].ends_at)
            data["subEvent"] = [event(occurrence) for occurrence in occurrences]
        return json_ld(data)
    events = [{"@context": "https://schema.org", **event(o)} for o in occurrences]
    if not events:
        return SafeString("")  # an Event needs a date: nothing to say
    return json_ld(events[0] if len(events) == 1 else events)
