"""Public pages of meeting places and activities, "add to calendar" files and iCalendar feeds.

Every object comes through meetingplaces.access (a draft is 404 to everyone but those who may
edit it, who see it with a notice). Feeds and calendar files carry only published things: a
draft's feed is 404 to everyone, since calendar programs fetch it without a login.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Model, Prefetch, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from organisations import access as organisation_access
from organisations.models import Organisation
from organisations.validators import format_phone
from portal.lib.translation import localised_with_language
from portal.lib.urls import same_site_back_url
from taxonomy.models import ServiceLanguage

from .. import ical
from ..access import get_activity_for_view, get_occurrence_for_view, get_place_for_view
from ..extensions import place_host
from ..hours import (
    EXCEPTIONS_DAYS,
    LOOKAHEAD_DAYS,
    coming_exceptions,
    has_hours,
    hours_prefetch,
    occurrence_note,
    open_status,
    week_hours,
)
from ..jsonld import activity_json_ld, place_json_ld
from ..models import (
    Activity,
    ActivityBreak,
    MeetingPlace,
    Occurrence,
    PlacePhoto,
    PublishStatus,
    Venue,
)
from ..pages import coming_activities, fee_text, found_total, with_next_dates
from ..schedule import HELSINKI, Schedule, describe

LANGUAGE_LABELS = dict(ServiceLanguage.choices)
NEXT_DATES = 8  # on an activity's page
PLACE_ACTIVITIES = 30  # on a place's page
FEED_LIMIT = 1000  # events in one feed
# The residents' search (the search app's page), tried in this order; else the home page.
SEARCH_URL_NAMES = ("search:search",)


def search_url() -> str:
    for name in SEARCH_URL_NAMES:
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return reverse("home")


def search_back_url(request: HttpRequest) -> str:
    """Where the breadcrumb's "Search" leads: the search (with its words and filters) the
    visitor came from, or else the plain search page."""
    return same_site_back_url(request, search_url())


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _language() -> str:
    return (get_language() or settings.LANGUAGE_CODE)[:2]


def _text(obj: Model, field: str) -> dict[str, str | bool]:
    """{"text", "lang", "other"}: the text along the fi→sv→en chain, and whether it is in
    another language than the page (then the template marks it with lang=)."""
    text, lang = localised_with_language(obj, field)
    return {"text": text, "lang": lang, "other": bool(text) and lang != _language()}


def _flags(obj, names) -> list[str]:
    return [
        capfirst(str(obj._meta.get_field(name).verbose_name))
        for name in names
        if getattr(obj, name)
    ]


def _languages(codes: list[str]) -> list[str]:
    return [str(LANGUAGE_LABELS[code]) for code in codes if code in LANGUAGE_LABELS]


def _published_organisations() -> QuerySet[Organisation]:
    return Organisation.objects.filter(status="published", merged_into__isnull=True).only(
        "pk", "slug", "name", "display_name", "status", "merged_into"
    )


# --- Meeting place ---------------------------------------------------------------------


@require_safe
def place_detail(request: HttpRequest, slug: str) -> HttpResponse:
    now = timezone.now()
    today = now.astimezone(HELSINKI).date()
    places = MeetingPlace.objects.select_related("municipality").prefetch_related(
        *hours_prefetch(today, today + dt.timedelta(days=max(LOOKAHEAD_DAYS, EXCEPTIONS_DAYS))),
        "photos",
        Prefetch("organisations", queryset=_published_organisations()),
    )
    place = get_place_for_view(request.user, slug, queryset=places)
    runners = list(place.organisations.all())  # the published ones, prefetched
    activities = with_next_dates(
        coming_activities(Activity.objects.filter(place=place), now=now)[:PLACE_ACTIVITIES]
    )
    # The activities' breaks of the coming weeks, beside the place's own exceptions.
    breaks = list(
        ActivityBreak.objects.filter(
            activity__in=Activity.objects.published().filter(place=place, venue=Venue.PLACE),
            ends_on__gte=today,
            starts_on__lte=today + dt.timedelta(days=EXCEPTIONS_DAYS),
        )
        .select_related("activity")
        .order_by("starts_on", "pk")
    )
    page_url = _absolute(request.path)
    photos = list(place.photos.all())
    context = {
        "place": place,
        "runners": runners,
        "host": place_host(place) if not runners else None,
        "name": _text(place, "name"),
        "description": _text(place, "description"),
        "directions": _text(place, "directions"),
        "accessibility_text": _text(place, "accessibility"),
        "low_threshold": _flags(place, MeetingPlace.LOW_THRESHOLD_FLAGS),
        "presence": _flags(place, MeetingPlace.PRESENCE_FLAGS),
        "accessibility": _flags(place, MeetingPlace.ACCESSIBILITY_FLAGS),
        "languages": _languages(place.languages),
        "phone": format_phone(place.phone) if place.phone else "",
        "has_hours": has_hours(place),
        "status": open_status(place, now),
        "today": today,
        "week": week_hours(place, today),
        "exceptions": coming_exceptions(place, today),
        "breaks": breaks,
        "exceptions_days": EXCEPTIONS_DAYS,
        "photos": photos,
        "activities": activities,
        "more_activities": max(0, found_total(activities) - len(activities)),
        "page_url": page_url,
        "search_url": search_back_url(request),
        "map_url": _map_link(place.latitude, place.longitude),
        # The in-page map only with a tile server; no tiles before the visitor asks.
        "map_tiles": settings.MAP_TILE_URL,
        "map_attribution": settings.MAP_TILE_ATTRIBUTION,
        "feed_url": reverse("meetingplaces:place-feed", kwargs={"slug": place.slug}),
        "json_ld": place_json_ld(
            place, url=page_url, photo_urls=[_absolute(photo.url("full")) for photo in photos]
        ),
    }
    return render(request, "meetingplaces/place_detail.html", context)


PHOTO_MAX_AGE_SECONDS = 600


@require_safe
def place_photo(request: HttpRequest, slug: str, pk: int, size: str) -> FileResponse:
    """A place's photo, only while the place is public (or to those who may edit it); a deleted
    photo's address is 404 at once. Cached by the browser only: a place made a draft is not
    served from a shared cache."""
    if size not in ("page", "full"):
        raise Http404
    place = get_place_for_view(request.user, slug)
    photo = PlacePhoto.objects.filter(place=place, pk=pk).first()
    # A photo stored before uploads were re-encoded (no page size yet) may still carry its
    # metadata: not served until `manage.py photos_reencode` has cleaned it.
    if photo is None or not photo.page_image:
        raise Http404
    field = photo.page_image if size == "page" else photo.image
    try:
        file = field.open("rb")
    except (FileNotFoundError, ValueError) as error:
        raise Http404 from error
    response = FileResponse(file, content_type="image/jpeg")
    response["Content-Security-Policy"] = "default-src 'none'; frame-ancestors 'none'; sandbox"
    response["Cache-Control"] = f"private, max-age={PHOTO_MAX_AGE_SECONDS}"
    return response


def _map_link(latitude: float, longitude: float) -> str:
    """A plain link to the point on OpenStreetMap: no tiles are loaded on our page."""
    return (
        f"https://www.openstreetmap.org/?mlat={latitude:.5f}&mlon={longitude:.5f}"
        f"#map=16/{latitude:.5f}/{longitude:.5f}"
    )


# --- Activity --------------------------------------------------------------------------


def _activity_queryset() -> QuerySet[Activity]:
    return Activity.objects.select_related(
        "organisation", "place", "place__municipality", "municipality"
    ).prefetch_related("target_groups", "themes")


class DateRow:
    """One coming date of an activity as its page shows it."""

    def __init__(self, occurrence: Occurrence, schedule: Schedule) -> None:
        self.occurrence = occurrence
        self.starts_at = occurrence.starts_at
        self.ends_at = occurrence.ends_at
        self.status = occurrence.status
        self.note = occurrence_note(occurrence)
        self.place = occurrence.place
        self.is_cancelled = occurrence.status == Occurrence.Status.CANCELLED
        self.is_moved = occurrence.status == Occurrence.Status.MOVED
        self.original_start = schedule.instants(occurrence.date)[0] if self.is_moved else None


@require_safe
def activity_detail(request: HttpRequest, slug: str) -> HttpResponse:
    activity = get_activity_for_view(request.user, slug, queryset=_activity_queryset())
    now = timezone.now()
    occurrences = list(
        activity.occurrences.filter(ends_at__gte=now)
        .select_related("place", "place__municipality")
        .order_by("starts_at")[:NEXT_DATES]
    )
    schedule = Schedule.of(activity)
    today = now.astimezone(HELSINKI).date()
    breaks = list(activity.breaks.filter(ends_on__gte=today))
    place = activity.place if activity.venue == Venue.PLACE else None
    page_url = _absolute(request.path)
    organisation = activity.organisation
    organisation_url = _absolute(organisation.get_absolute_url())

    def place_url_of(target: MeetingPlace) -> str:
        return _absolute(target.get_absolute_url())

    context = {
        "activity": activity,
        "title": _text(activity, "title"),
        "summary": _text(activity, "summary"),
        "description": _text(activity, "description"),
        "accessibility_text": _text(activity, "accessibility"),
        "place": place,
        "place_public": place is not None and place.is_published,
        "host": place_host(place) if place is not None and place.is_published else None,
        "organisation_public": organisation.is_published,
        "schedule_text": describe(schedule),
        "breaks": breaks,
        "dates": [DateRow(occurrence, schedule) for occurrence in occurrences],
        # The sign-up box (signups/) offers the next date that is not cancelled.
        "signup_occurrence": next(
            (o for o in occurrences if o.status != Occurrence.Status.CANCELLED), None
        ),
        "fee": fee_text(activity),
        "languages": _languages(activity.languages),
        "target_groups": [str(term) for term in activity.target_groups.all()],
        "themes": [str(term) for term in activity.themes.all()],
        "phone": format_phone(activity.contact_phone) if activity.contact_phone else "",
        "show_online_link": activity.venue == Venue.ONLINE
        and activity.online_url_public
        and bool(activity.online_url),
        "page_url": page_url,
        "search_url": search_back_url(request),
        "feed_url": reverse("meetingplaces:activity-feed", kwargs={"slug": activity.slug}),
        "json_ld": activity_json_ld(
            activity,
            occurrences,
            url=page_url,
            organisation_url=organisation_url,
            place_url_of=place_url_of,
        ),
    }
    return render(request, "meetingplaces/activity_detail.html", context)


# --- Calendars -------------------------------------------------------------------------


def _calendar_response(text: str, *, filename: str, attachment: bool) -> HttpResponse:
    response = HttpResponse(text, content_type=ical.CONTENT_TYPE)
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "public, max-age=900" if not attachment else "private"
    return response


def _page_url_of(activity: Activity) -> str:
    return _absolute(activity.get_absolute_url())


def _feed_occurrences(**filters) -> QuerySet[Occurrence]:
    published = Activity.objects.published()
    return (
        Occurrence.objects.filter(activity__in=published, ends_at__gte=timezone.now(), **filters)
        .select_related(
            "activity",
            "activity__organisation",
            "activity__place",
            "activity__place__municipality",
            "activity__municipality",
            "place",
            "place__municipality",
        )
        .order_by("starts_at")[:FEED_LIMIT]
    )


def _published_activity(request: HttpRequest, slug: str) -> Activity:
    activity = get_activity_for_view(request.user, slug)
    if not (activity.is_published and activity.organisation.is_published):
        raise Http404
    return activity


@require_safe
def occurrence_ics(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """One date as a calendar file ("add to calendar")."""
    occurrence = get_occurrence_for_view(request.user, slug, pk)
    activity = occurrence.activity
    if not (activity.is_published and activity.organisation.is_published):
        raise Http404
    occurrence = _feed_occurrences(pk=occurrence.pk).first() or occurrence
    text = ical.calendar(
        [occurrence], name=activity.title(), page_url_of=_page_url_of, method="PUBLISH"
    )
    local = occurrence.starts_at.astimezone(HELSINKI)
    return _calendar_response(
        text, filename=f"{activity.slug}-{local:%Y-%m-%d}.ics", attachment=True
    )


@require_safe
def activity_feed(request: HttpRequest, slug: str) -> HttpResponse:
    activity = _published_activity(request, slug)
    text = ical.calendar(
        _feed_occurrences(activity=activity), name=activity.title(), page_url_of=_page_url_of
    )
    return _calendar_response(text, filename=f"{activity.slug}.ics", attachment=False)


@require_safe
def place_feed(request: HttpRequest, slug: str) -> HttpResponse:
    place = get_place_for_view(request.user, slug)
    if place.status != PublishStatus.PUBLISHED:
        raise Http404
    text = ical.calendar(
        _feed_occurrences(activity__place=place, activity__venue=Venue.PLACE),
        name=place.localised_name(),
        page_url_of=_page_url_of,
    )
    return _calendar_response(text, filename=f"{place.slug}.ics", attachment=False)


@require_safe
def organisation_feed(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = organisation_access.get_organisation_for_view(
        request.user, slug, ask_for_totp=False
    )
    if not organisation.is_published:
        raise Http404
    text = ical.calendar(
        _feed_occurrences(activity__organisation=organisation),
        name=organisation.public_name,
        page_url_of=_page_url_of,
    )
    return _calendar_response(text, filename=f"{organisation.slug}.ics", attachment=False)
