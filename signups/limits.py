"""How far an anonymous "every coming date" sign-up reaches, and how many seats a sign-up asks
for (what the anonymous rate limits count: signups/ratelimit.py).

Without an account, "every coming date" signs a person up for the next
`settings.SIGNUPS_ANONYMOUS_SERIES_DATES` dates (8 by default, about two months of a weekly
group), said next to the checkbox; such a series does not grow with the dates stored later
(services.series_extend). Signed-in people, whose address is verified and who hold one sign-up
per date at most, sign up for every coming date as before.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone

from meetingplaces.models import Occurrence

DEFAULT_ANONYMOUS_SERIES_DATES = 8


def anonymous_series_dates() -> int:
    value = getattr(settings, "SIGNUPS_ANONYMOUS_SERIES_DATES", DEFAULT_ANONYMOUS_SERIES_DATES)
    return max(1, int(value))


def seats_requested(occurrence: Occurrence, *, whole_series: bool) -> int:
    """The dates an anonymous sign-up from this date would take (services.signup_create takes
    the same: the bookable dates from this one on, at most anonymous_series_dates())."""
    activity = occurrence.activity
    if not (whole_series and activity.is_recurring):
        return 1
    coming = (
        Occurrence.objects.filter(
            activity=activity, starts_at__gte=occurrence.starts_at, starts_at__gt=timezone.now()
        )
        .exclude(status=Occurrence.Status.CANCELLED)
        .values("pk")[: anonymous_series_dates()]
    )
    return max(1, coming.count())
