"""One occurrence as an iCalendar (RFC 5545) event, attached to reminders.

Written by the portal's one iCalendar writer (meetingplaces/ical.py): the same escaping and
folding, and the same UID as the activity's "add to calendar" file and feeds, so a reminder's
event and a subscribed feed's event are one event in a calendar."""

from __future__ import annotations

from django.utils.translation import gettext as _

from meetingplaces import ical
from notifications.services import absolute_url


def occurrence_ics(signup, occurrence) -> str:
    """A sensitive group's event is called "Meeting" only (no group name in calendars)."""
    activity = signup.activity
    occurrence.activity = activity  # no query per message
    private = activity.is_sensitive
    return ical.calendar(
        [occurrence],
        name=_("Meeting") if private else activity.title(),
        page_url_of=lambda activity: absolute_url(activity.get_absolute_url()),
        private=private,
    )
