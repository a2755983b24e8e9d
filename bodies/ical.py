"""A meeting as an iCalendar file (the invitation's .ics), written with the escaping, folding
and UTC times of meetingplaces.ical (RFC 5545)."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone

from meetingplaces.ical import CONTENT_TYPE, escape_text, fold, utc

from .models import Meeting

PRODID = "-//Yhdessä//Partnership bodies//FI"
__all__ = ["CONTENT_TYPE", "meeting_attachment", "meeting_calendar"]


def meeting_calendar(meeting: Meeting, *, page_url: str) -> str:
    """One VEVENT; its UID stays the meeting's and its SEQUENCE grows when the meeting moves,
    so a changed time or place updates the same event."""
    host = urlsplit(settings.SITE_URL).hostname or "yhdessa.example"
    ends = meeting.ends_at or meeting.starts_at + timedelta(hours=2)
    location = ", ".join(filter(None, [meeting.place, meeting.online_url]))
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:body-meeting-{meeting.pk}@{host}",
        f"SEQUENCE:{meeting.sequence}",
        f"DTSTAMP:{utc(timezone.now())}",
        f"DTSTART:{utc(meeting.starts_at)}",
        f"DTEND:{utc(ends)}",
        f"SUMMARY:{escape_text(meeting.body.name)}",
        f"URL:{page_url}",
        f"DESCRIPTION:{escape_text(page_url)}",
    ]
    if location:
        lines.append(f"LOCATION:{escape_text(location)}")
    lines += ["STATUS:CONFIRMED", "END:VEVENT", "END:VCALENDAR"]
    return "".join(fold(line) + "\r\n" for line in lines)


def meeting_attachment(meeting: Meeting, *, page_url: str) -> dict:
    """The meeting's .ics as JSON for an e-mail's context (the outbox attaches it)."""
    return {
        "filename": "kokous.ics",
        "content": meeting_calendar(meeting, page_url=page_url),
        "mimetype": "text/calendar",
    }
