"""A person's own sign-ups as a calendar: the secret subscription address (webcal) and the .ics
attached to the confirmation e-mail. The iCalendar text comes from the project's one writer
(meetingplaces/ical.py); nothing here writes iCalendar by hand.

- The address carries a random per-user token (`CalendarFeed`); resetting it makes a new one
  and the old address answers 404 at once.
- A sensitive group's dates are left out of the subscription: a calendar service would keep the
  group's name. Their confirmation e-mail still carries a file that names only "a meeting".
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from meetingplaces import ical
from notifications.services import absolute_url

from .models import CalendarFeed, Signup

# Dates already past stay in the feed for a while, so a calendar does not drop them at once.
FEED_PAST_DAYS = 30


def calendar_feed_of(user) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=user).first()


@transaction.atomic
def calendar_feed_reset(*, user) -> CalendarFeed:
    """Create the person's calendar address, or replace it (the old one stops working)."""
    feed, _created = CalendarFeed.objects.update_or_create(
        user=user, defaults={"token": secrets.token_urlsafe(32), "created_at": timezone.now()}
    )
    return feed


def calendar_feed_by_token(token: str) -> CalendarFeed | None:
    if not token or len(token) > 64:
        return None
    return CalendarFeed.objects.select_related("user").filter(token=token).first()


def feed_urls(feed: CalendarFeed) -> dict[str, str]:
    """The https address and the same as webcal:// (calendar apps subscribe to that)."""
    https = absolute_url(reverse("signups:feed", kwargs={"token": feed.token}))
    return {"https": https, "webcal": "webcal://" + https.split("://", 1)[-1]}


def _page_url_of(activity) -> str:
    return absolute_url(activity.get_absolute_url())


def calendar_feed_text(feed: CalendarFeed) -> str:
    """The dates the person has a place on (not the waiting list's: a calendar entry would read
    as a place held), cancelled dates marked cancelled; sensitive groups left out."""
    user = feed.user
    since = timezone.now() - dt.timedelta(days=FEED_PAST_DAYS)
    signups = (
        Signup.objects.filter(
            user=user,
            status=Signup.Status.CONFIRMED,
            occurrence__ends_at__gte=since,
            activity__is_sensitive=False,
        )
        .select_related(
            "occurrence",
            "occurrence__place",
            "occurrence__activity",
            "occurrence__activity__place",
            "occurrence__activity__municipality",
        )
        .order_by("occurrence__starts_at")
    )
    with translation.override(getattr(user, "language", "") or "fi"):
        return ical.calendar(
            [signup.occurrence for signup in signups],
            name=_("My sign-ups"),
            page_url_of=_page_url_of,
        )


def signup_attachments(signups: list[Signup]) -> list[dict]:
    """The .ics of the dates with a place (confirmed), as JSON for the e-mail's context
    (notifications.services.email_render attaches them). Call under the person's language."""
    confirmed = [s for s in signups if s.status == Signup.Status.CONFIRMED]
    if not confirmed:
        return []
    activity = confirmed[0].activity
    if activity.is_sensitive:
        from .ics import occurrence_ics  # the event names only "a meeting"

        text = occurrence_ics(confirmed[0], confirmed[0].occurrence)
    else:
        occurrences = []
        for signup in sorted(confirmed, key=lambda s: s.occurrence.starts_at):
            occurrence = signup.occurrence
            occurrence.activity = activity
            occurrences.append(occurrence)
        text = ical.calendar(occurrences, name=str(activity.title()), page_url_of=_page_url_of)
    return [{"filename": "ilmoittautuminen.ics", "content": text, "mimetype": "text/calendar"}]
