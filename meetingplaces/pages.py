"""What the public pages list of activities and places: coming activities with their next
dates (one query), an organisation's section on its page, and that section's cache generation.

The organisation page (organisations/views/public.py) keeps its rendered article in Django's
cache. Its meeting places and activities section (registered as a page section from
MeetingplacesConfig.ready(), organisations/extensions.py) is stored with it together with the
generation it was rendered at; `organisation_pages_changed` (called by meetingplaces.services
after an activity, a place or an occurrence changes, once the transaction commits) gives the
organisation a new generation, so the next request renders the section again. The page asks
the cache for the article and the generation in one round trip (get_many).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from typing import TYPE_CHECKING, TypedDict

from django.contrib.postgres.expressions import ArraySubquery
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, OuterRef, QuerySet, Subquery, Window
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from .models import Activity, MeetingPlace, Occurrence, Venue
from .models.activities import NextDate

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

NEXT_DATES_IN_LISTS = 3
ORGANISATION_SECTION_LIMIT = 50
GENERATION_SECONDS = 3600  # longer than any cached page entry lives


def _coming(now: dt.datetime) -> QuerySet[Occurrence]:
    return Occurrence.objects.filter(activity=OuterRef("pk"), ends_at__gte=now).order_by(
        "starts_at"
    )


class ComingDates(TypedDict):
    """What coming_activities annotates on each activity."""

    next_start: dt.datetime
    next_starts: list[dt.datetime]
    next_ends: list[dt.datetime]
    next_statuses: list[str]
    total: int


def coming_activities(
    activities: QuerySet[Activity], *, now: dt.datetime | None = None, dates: int = 3
) -> QuerySet[WithAnnotations[Activity, ComingDates]]:
    """Published activities with a coming date, soonest first, each with `next_starts`,
    `next_ends`, `next_statuses` (parallel lists of its next `dates` occurrences) and `total`
    (how many activities the query found before any slicing): one query."""
    now = now or timezone.now()
    coming = _coming(now)
    return (
        activities.filter(status="published")
        .filter(organisation__status="published", organisation__merged_into__isnull=True)
        .select_related("organisation", "place", "place__municipality", "municipality")
        .annotate(
            next_start=Subquery(coming.values("starts_at")[:1]),
            next_starts=ArraySubquery(coming.values("starts_at")[:dates]),
            next_ends=ArraySubquery(coming.values("ends_at")[:dates]),
            next_statuses=ArraySubquery(coming.values("status")[:dates]),
            total=Window(Count("pk")),
        )
        .filter(next_start__isnull=False)
        .order_by("next_start", "title_fi")
    )


def found_total(activities: list[WithAnnotations[Activity, ComingDates]]) -> int:
    """How many activities coming_activities found before the list was sliced (its window
    count `total`, on every row): 0 for none."""
    return activities[0].total if activities else 0


def with_next_dates(
    activities: Iterable[WithAnnotations[Activity, ComingDates]],
) -> list[WithAnnotations[Activity, ComingDates]]:
    rows = list(activities)
    for activity in rows:
        activity.next_dates = [
            NextDate(start, end, status)
            for start, end, status in zip(
                activity.next_starts, activity.next_ends, activity.next_statuses, strict=False
            )
        ]
        activity.where_label = where_label(activity)
        activity.fee = fee_text(activity)
    return rows


def fee_text(activity: Activity) -> str:
    if activity.is_free:
        return _("Free of charge")
    if activity.fee_amount is not None:
        amount = formats.number_format(activity.fee_amount, 2, use_l10n=True)
        return _("%(amount)s €") % {"amount": amount}
    return _("Subject to a fee")


def where_label(activity: Activity) -> str:
    if activity.venue == Venue.PLACE:
        place = activity.public_place()
        return place.localised_name() if place else ""
    if activity.venue == Venue.ADDRESS:
        municipality = str(activity.municipality) if activity.municipality_id else ""
        return ", ".join(part for part in (activity.street_address, municipality) if part)
    return str(Venue.ONLINE.label)


# --- The organisation page's section ----------------------------------------------------


def generation_key(organisation_id: int) -> str:
    return f"meetingplaces:organisation-section:{organisation_id}"


def organisation_pages_changed(organisation_ids: Iterable[int]) -> None:
    """After commit: the organisations' pages render their section anew."""
    ids = sorted(set(organisation_ids))
    if not ids:
        return

    def bump() -> None:
        generation = uuid.uuid4().hex  # never repeats (a frozen clock included)
        cache.set_many({generation_key(pk): generation for pk in ids}, GENERATION_SECONDS)

    transaction.on_commit(bump)


def organisation_section(
    organisation_id: int, organisation_slug: str, *, now: dt.datetime | None = None
) -> str:
    """The rendered section (two queries): the organisation's coming activities with their
    next dates, place and cost, and the published places it runs."""
    activities = with_next_dates(
        coming_activities(Activity.objects.filter(organisation_id=organisation_id), now=now)[
            :ORGANISATION_SECTION_LIMIT
        ]
    )
    places = list(
        MeetingPlace.objects.published()
        .filter(organisations=organisation_id)
        .select_related("municipality")
        .annotate(total=Window(Count("pk")))
        .order_by("name_fi")[:ORGANISATION_SECTION_LIMIT]
    )
    total = found_total(activities)
    return render_to_string(
        "meetingplaces/_partials/organisation_section.html",
        {
            "activities": activities,
            "places": places,
            "more_activities": max(0, total - len(activities)),
            "feed_url": reverse(
                "meetingplaces:organisation-feed", kwargs={"slug": organisation_slug}
            ),
            "more_places": max(0, (places[0].total if places else 0) - len(places)),
        },
    )
