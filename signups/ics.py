"""One occurrence as an iCalendar (RFC 5545) event, attached to reminders."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.lib.translation import localised


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _utc(value) -> str:
    return value.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def occurrence_ics(signup, occurrence) -> str:
    """A sensitive group's event is called "Meeting" only (no group name in calendars)."""
    from .services import where_text

    activity = signup.activity
    summary = _("Meeting") if activity.is_sensitive else localised(activity, "title")
    domain = settings.SITE_URL.split("//")[-1].split("/")[0].split(":")[0] or "yhdessa"
    status = "CANCELLED" if occurrence.status == "cancelled" else "CONFIRMED"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Yhdessa//signups//FI",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:occurrence-{occurrence.pk}-signup-{signup.pk}@{domain}",
        f"DTSTAMP:{_utc(timezone.now())}",
        f"DTSTART:{_utc(occurrence.starts_at)}",
        f"DTEND:{_utc(occurrence.ends_at)}",
        f"SUMMARY:{_escape(summary)}",
        f"LOCATION:{_escape(where_text(occurrence))}",
        f"STATUS:{status}",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "\r\n".join(lines) + "\r\n"
