"""What the messages to a person say, and telling them (e-mail, else SMS, queued after commit)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _

from meetingplaces.models import Occurrence, Venue
from meetingplaces.schedule import HELSINKI, time_range
from notifications.models import OutgoingEmail
from notifications.services import absolute_url, email_queue
from portal.lib.translation import localised

from .models import Signup
from .tokens import link_token


def when_text(occurrence: Occurrence) -> str:
    start = occurrence.starts_at.astimezone(HELSINKI)
    end = occurrence.ends_at.astimezone(HELSINKI)
    day = formats.date_format(start.date(), "l j.n.Y")
    return _("%(day)s at %(times)s") % {"day": day, "times": time_range(start.time(), end.time())}


def where_text(occurrence: Occurrence) -> str:
    activity = occurrence.activity
    place = occurrence.place or (activity.place if activity.venue == Venue.PLACE else None)
    if place is not None:
        parts = [place.localised_name(), place.street_address]
        return ", ".join(part for part in parts if part)
    if activity.venue == Venue.ONLINE:
        return _("Online")
    return activity.street_address


def message_context(signup: Signup, **extra) -> dict:
    """Plain JSON values in the participant's language (call under translation.override)."""
    occurrence = signup.occurrence
    activity = signup.activity
    sensitive = activity.is_sensitive
    context = {
        "sensitive": sensitive,
        # A sensitive group is never named in messages (GDPR: a peer group reveals health data).
        "title": "" if sensitive else localised(activity, "title"),
        "when": when_text(occurrence),
        "where": where_text(occurrence),
        # Never echoed to an address nobody has confirmed (names.py).
        "name": signup.name if signup.user_id or signup.status != Signup.Status.PENDING else "",
        "status": signup.status,
        "series": bool(signup.series),
        "link_url": absolute_url(reverse("signups:link", kwargs={"token": link_token(signup)})),
        "activity_url": "" if sensitive else absolute_url(activity.get_absolute_url()),
    }
    context.update(extra)
    return context


def tell(signup: Signup, template: str, **extra) -> None:
    """Queue a message to the person: e-mail, else SMS (both after commit)."""
    with translation.override(signup.language):
        context = message_context(signup, **extra)
        if signup.email:
            channel, to = OutgoingEmail.Channel.EMAIL, signup.email
        elif signup.phone:
            channel, to = OutgoingEmail.Channel.SMS, signup.phone
        else:
            return
        email_queue(
            channel=channel,
            to=to,
            template=f"signups/{channel}/{template}",
            context=context,
            language=signup.language,
        )


def tell_signed_up(signups: list[Signup]) -> None:
    """The confirmation: the first date's details, the .ics of every confirmed date."""
    from .feeds import signup_attachments

    with translation.override(signups[0].language):
        attachments = signup_attachments(signups)
    tell(signups[0], "signed_up", count=len(signups), attachments=attachments)


def tell_promoted(signup: Signup) -> None:
    """A place freed up: as the confirmation, with the date's .ics and the activity's link."""
    from .feeds import signup_attachments

    with translation.override(signup.language):
        attachments = signup_attachments([signup])
    tell(signup, "promoted", attachments=attachments)
