"""Activities and their dates: the published ones (their organisation published too)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db.models import F, Prefetch, Window
from django.db.models.functions import RowNumber
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from meetingplaces.models import Activity, Occurrence, Venue
from taxonomy.models import Term

from ..common import (
    LIST_ERRORS,
    ONE_ERRORS,
    Meta,
    RemovedObject,
    Texts,
    absolute,
    cursor_page,
    meta,
    page_size_of,
    texts,
    tombstones_since,
)
from ..filters import ActivityFilter, local_day_start
from ..models import Kind
from ..params import ActivityParams
from .shared import TermOut, UrlMaker, area_id_of, filtered, term

router = Router(tags=["activities"])
DATES_PER_ACTIVITY = 10


class ScheduleOut(Schema):
    start_date: dt.date
    end_date: dt.date | None
    start_time: str
    end_time: str
    recurrence: str = Field(description="An RFC 5545 rule in Europe/Helsinki local time.")
    extra_dates: list[dt.date]
    skipped_dates: list[dt.date]


class AddressOut(Schema):
    street_address: str
    postcode: str
    municipality: str | None


class ContactOut(Schema):
    role: str
    email: str
    phone: str


class DateOut(Schema):
    id: int
    activity: int
    date: dt.date
    starts_at: dt.datetime
    ends_at: dt.datetime
    status: str = Field(description="scheduled, moved or cancelled")
    place: int | None
    note: str


class ActivityOut(Schema):
    id: int
    api_url: str
    web_url: str
    title: Texts
    description: Texts
    summary: Texts
    kind: str
    organisation: int
    welfare_area: str
    venue: str
    place: int | None
    address: AddressOut | None
    latitude: float | None
    longitude: float | None
    distance_km: float | None = None
    online_url: str
    schedule: ScheduleOut
    is_free: bool
    fee_amount: Decimal | None
    fee_note: str
    signup_required: bool
    capacity: int | None
    languages: list[str]
    accessibility_description: Texts
    themes: list[TermOut]
    target_groups: list[TermOut]
    contact: ContactOut
    modified: dt.datetime
    dates: list[DateOut] | None = None


class ActivityPage(Schema):
    meta: Meta
    results: list[ActivityOut]
    removed: list[RemovedObject] | None = None


class ActivityOne(Schema):
    meta: Meta
    data: ActivityOut


class DatePage(Schema):
    meta: Meta
    results: list[DateOut]


def activities_queryset():
    terms = Term.objects.only("slug", "name_fi", "name_sv", "name_en", "yso_id")
    return (
        Activity.objects.published()
        .select_related("welfare_area", "place", "municipality")
        .prefetch_related(
            Prefetch("themes", queryset=terms), Prefetch("target_groups", queryset=terms)
        )
    )


def date_out(row: Occurrence) -> dict:
    return {
        "id": row.pk,
        "activity": row.activity_id,
        "date": row.date,
        "starts_at": row.starts_at,
        "ends_at": row.ends_at,
        "status": row.status,
        # A date moved to a place that is not public says nothing of where.
        "place": row.place_id if row.place_id and row.place.is_published else None,
        "note": row.note,
    }


def activity_out(activity: Activity, web_url: UrlMaker) -> dict:
    place = activity.public_place()
    point = activity.point() if (place or activity.venue == Venue.ADDRESS) else None
    address = None
    if activity.venue == Venue.ADDRESS:
        address = {
            "street_address": activity.street_address,
            "postcode": activity.postcode,
            "municipality": activity.municipality.code if activity.municipality_id else None,
        }
    data = {
        "id": activity.pk,
        "api_url": absolute(f"/api/v1/activities/{activity.pk}"),
        "web_url": web_url(activity.slug),
        "title": texts(activity, "title"),
        "description": texts(activity, "description"),
        "summary": texts(activity, "summary"),
        "kind": activity.kind,
        "organisation": activity.organisation_id,
        "welfare_area": activity.welfare_area.slug,
        "venue": activity.venue,
        "place": place.pk if place else None,
        "address": address,
        "latitude": point[0] if point else None,
        "longitude": point[1] if point else None,
        "distance_km": getattr(activity, "distance_km", None),
        "online_url": activity.online_url if activity.online_url_public else "",
        "schedule": {
            "start_date": activity.start_date,
            "end_date": activity.end_date,
            "start_time": activity.start_time.strftime("%H:%M"),
            "end_time": activity.end_time.strftime("%H:%M"),
            "recurrence": activity.recurrence,
            "extra_dates": activity.extra_dates,
            "skipped_dates": activity.skipped_dates,
        },
        "is_free": activity.is_free,
        "fee_amount": activity.fee_amount,
        "fee_note": activity.fee_note,
        "signup_required": activity.signup_required,
        "capacity": activity.capacity,
        "languages": activity.languages,
        "accessibility_description": texts(activity, "accessibility"),
        "themes": [term(t) for t in activity.themes.all()],
        "target_groups": [term(t) for t in activity.target_groups.all()],
        "contact": {
            "role": activity.contact_role,
            "email": activity.contact_email,
            "phone": activity.contact_phone,
        },
        "modified": activity.updated_at,
    }
    return data


def dates_of(activity_ids: list[int], window: tuple[dt.datetime, dt.datetime]) -> dict:
    """The first dates of each activity in the window: one query for a page of activities."""
    rows = (
        Occurrence.objects.filter(
            activity_id__in=activity_ids, starts_at__lt=window[1], ends_at__gt=window[0]
        )
        .select_related("place")
        .annotate(
            position=Window(RowNumber(), partition_by=[F("activity_id")], order_by=[F("starts_at")])
        )
        .filter(position__lte=DATES_PER_ACTIVITY)
        .order_by("activity_id", "starts_at")
    )
    dates: dict[int, list[dict]] = defaultdict(list)
    for row in rows:
        dates[row.activity_id].append(date_out(row))
    return dates


@router.get(
    "/activities",
    response={200: ActivityPage, **LIST_ERRORS},
    summary="Published activities, with their dates in a window",
)
def activity_list(request: HttpRequest, params: Query[ActivityParams]):
    filterset, queryset = filtered(ActivityFilter, request, activities_queryset())
    window = filterset.dates_window()
    web_url = UrlMaker("meetingplaces:activity")

    def build(rows: list[Activity]) -> list[dict]:
        items = [activity_out(row, web_url) for row in rows]
        if window:
            dates = dates_of([row.pk for row in rows], window)
            for item in items:
                item["dates"] = dates.get(item["id"], [])
        return items

    return cursor_page(
        request,
        queryset,
        build=build,
        page_size=page_size_of(params.page_size),
        tombstones=tombstones_since(
            Kind.ACTIVITY,
            params.modified_since,
            visible=Activity.objects.published(),
            area_id=area_id_of(filterset.form.cleaned_data.get("welfare_area")),
        ),
    )


@router.get(
    "/activities/{activity_id}",
    response={200: ActivityOne, **ONE_ERRORS},
    summary="One activity",
)
def activity_detail(request: HttpRequest, activity_id: int):
    activity = get_object_or_404(activities_queryset(), pk=activity_id)
    return {"meta": meta(), "data": activity_out(activity, UrlMaker("meetingplaces:activity"))}


class DateParams(Schema):
    dates_from: dt.date | None = Field(None, description="First day (default today).")
    dates_to: dt.date | None = Field(None, description="Last day (default a year on).")


@router.get(
    "/activities/{activity_id}/dates",
    response={200: DatePage, **ONE_ERRORS},
    summary="An activity's dates (the next 12 months are stored)",
)
def activity_dates(request: HttpRequest, activity_id: int, params: Query[DateParams]):
    activity = get_object_or_404(Activity.objects.published().only("pk", "status"), pk=activity_id)
    start = params.dates_from or dt.date.today()
    end = params.dates_to or start + dt.timedelta(days=366)
    rows = (
        Occurrence.objects.filter(
            activity=activity,
            starts_at__lt=local_day_start(end + dt.timedelta(days=1)),
            ends_at__gt=local_day_start(start),
        )
        .select_related("place")
        .order_by("starts_at")[:400]
    )
    return {"meta": meta(), "results": [date_out(row) for row in rows]}
