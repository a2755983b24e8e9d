"""iCalendar (RFC 5545) for activities' occurrences: one date's "add to calendar" file and the
feeds of an activity, a meeting place and an organisation.

Written by hand (a few dozen lines; no extra dependency): times are UTC ("20261201T110000Z"),
which every calendar shows in its own zone, so a weekly 13:00 group reads 13:00 in Helsinki in
winter and in summer. Text values are escaped (backslash, semicolon, comma, newline) and lines
folded at 75 octets without splitting a UTF-8 character. An event's UID is the activity and the
occurrence's date in the schedule (its stable key), so a moved or cancelled date updates the
same event in a subscribed calendar; SEQUENCE grows with each change. The one iCalendar writer of
the portal: sign-up reminders attach the same event (same UID) through `calendar(private=...)`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from .hours import occurrence_note
from .models import Occurrence, Venue

PRODID = "-//Yhdessä//Meeting places and activities//FI"
CONTENT_TYPE = "text/calendar; charset=utf-8"


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 3.3.11)."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\r", "\\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Lines of at most 75 octets, continued with CRLF and a space (RFC 5545 3.1)."""
    encoded = line.encode()
    if len(encoded) <= 75:
        return line
    parts: list[str] = []
    current = ""
    limit = 75
    for char in line:
        if len((current + char).encode()) > limit:
            parts.append(current)
            current = char
            limit = 74  # the leading space of a continuation line counts
        else:
            current += char
    parts.append(current)
    return "\r\n ".join(parts)


def utc(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def _host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "yhdessa.example"


def occurrence_uid(occurrence: Occurrence) -> str:
    return f"activity-{occurrence.activity_id}-{occurrence.date:%Y%m%d}@{_host()}"


def _location(occurrence: Occurrence) -> str:
    activity = occurrence.activity
    place = occurrence.public_place()
    if occurrence.at_hidden_place:
        return ""
    if place is not None:
        name = place.localised_name()
        return f"{name}, {place.street_address}, {place.postcode} {place.municipality}"
    if activity.venue == Venue.ADDRESS:
        municipality = str(activity.municipality) if activity.municipality_id else ""
        return ", ".join(p for p in (activity.street_address, activity.postcode) if p) + (
            f" {municipality}" if municipality else ""
        )
    if activity.venue == Venue.ONLINE:
        if activity.online_url_public and activity.online_url:
            return activity.online_url
        return _("Online")
    return ""


def event_lines(
    occurrence: Occurrence, *, page_url: str, stamp: dt.datetime, private: bool = False
) -> list[str]:
    """One VEVENT. `private`: for a participant of a sensitive group (a sign-up reminder), the
    event is called "Meeting" and has no description or link, so nothing in their calendar
    names the group."""
    activity = occurrence.activity
    description_parts = [activity.summary() or activity.description()]
    if note := occurrence_note(occurrence):
        description_parts.insert(0, note)
    if activity.venue == Venue.ONLINE and not (activity.online_url_public and activity.online_url):
        description_parts.append(_("The link is sent to those who sign up."))
    description_parts.append(page_url)
    changed = occurrence.changed_at
    lines = [
        "BEGIN:VEVENT",
        f"UID:{occurrence_uid(occurrence)}",
        f"DTSTAMP:{utc(stamp)}",
        f"DTSTART:{utc(occurrence.starts_at)}",
        f"DTEND:{utc(occurrence.ends_at)}",
        f"SEQUENCE:{int(changed.timestamp()) // 60 % 1_000_000_000 if changed else 0}",
    ]
    if private:
        lines.append(f"SUMMARY:{escape_text(_('Meeting'))}")
    else:
        lines += [
            f"SUMMARY:{escape_text(activity.title())}",
            "DESCRIPTION:" + escape_text("\n\n".join(part for part in description_parts if part)),
            f"URL:{page_url}",
        ]
    lines.append("STATUS:" + ("CANCELLED" if occurrence.is_cancelled else "CONFIRMED"))
    location = _location(occurrence)
    if location:
        lines.append(f"LOCATION:{escape_text(location)}")
    point = None
    place = occurrence.public_place()
    if place is not None:
        point = (place.latitude, place.longitude)
    elif occurrence.at_hidden_place:
        point = None
    elif (
        activity.venue == Venue.ADDRESS
        and activity.latitude is not None
        and activity.longitude is not None
    ):
        point = (activity.latitude, activity.longitude)
    if point:
        lines.append(f"GEO:{point[0]:.6f};{point[1]:.6f}")
    if changed:
        lines.append(f"LAST-MODIFIED:{utc(changed)}")
    lines.append("END:VEVENT")
    return lines


def calendar(
    occurrences: Iterable[Occurrence],
    *,
    name: str,
    page_url_of,
    method: str = "PUBLISH",
    stamp: dt.datetime | None = None,
    private: bool = False,
) -> str:
    """The VCALENDAR text (CRLF line ends). `page_url_of(activity)`: the absolute page URL;
    `private`: see event_lines."""
    stamp = stamp or timezone.now()
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        f"METHOD:{method}",
        f"X-WR-CALNAME:{escape_text(name)}",
        "X-WR-TIMEZONE:Europe/Helsinki",
    ]
    for occurrence in occurrences:
        lines.extend(
            event_lines(
                occurrence, page_url=page_url_of(occurrence.activity), stamp=stamp, private=private
            )
        )
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
