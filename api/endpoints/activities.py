"""Activities and their dates: the published ones (their organisation published too)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from meetingplaces.models import Activity, Occurrence

from ..common import (
    LIST_ERRORS,
    ONE_ERRORS,
    Meta,
    Out,
    RawJson,
    Texts,
    answers,
    json_response,
    meta,
)
from ..filters import ActivityFilter, local_day_start
from ..models import Kind
from ..params import ActivityParams, PageParams
from .activity_sql import activity_rows, queryset_ids
from .shared import TermOut, api_errors, list_page, valid_filterset

router = Router(tags=["activities"])


class ScheduleOut(Out):
    start_date: dt.date
    end_date: dt.date | None
    start_time: str
    end_time: str
    recurrence: str = Field(description="An RFC 5545 rule in Europe/Helsinki local time.")
    extra_dates: list[dt.date]
    skipped_dates: list[dt.date]


class AddressOut(Out):
    street_address: str
    postcode: str
    municipality: str | None


class ContactOut(Out):
    role: str
    email: str
    phone: str


class DateOut(Out):
    id: int
    activity: int
    date: dt.date
    starts_at: dt.datetime
    ends_at: dt.datetime
    status: str = Field(description="scheduled, moved or cancelled")
    place: int | None
    note: str


class ActivityOut(Out):
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


ActivityPage, ActivityOne = answers(ActivityOut, "Activity")


class DatePage(Out):
    meta: Meta
    results: list[DateOut]


def date_out(row: Occurrence) -> dict:
    return {
        "id": row.pk,
        "activity": row.activity_id,
        "date": row.date,
        "starts_at": row.starts_at,
        "ends_at": row.ends_at,
        "status": row.status,
        # A date moved to a place that is not public says nothing of where.
        "place": row.place_id if row.place and row.place.is_published else None,
        "note": row.note,
    }


def activity_page(request: HttpRequest, params: PageParams) -> HttpResponse:
    """A list page: the FilterSet's ids query (ActivityFilter.ids_sql), the activities' JSON
    from one statement
    (activity_sql.py) and, with modified_since, the tombstones; the body is written here, the
    activities' JSON passed on as PostgreSQL wrote it (the schema: ActivityPage)."""
    filterset = valid_filterset(ActivityFilter, request)
    with api_errors():
        filterset.check()
    window = filterset.dates_window()
    page = list_page(
        request,
        filterset,
        params=params,
        kind=Kind.ACTIVITY,
        visible=Activity.objects.published(),
        area=filterset.form.cleaned_data.get("welfare_area"),
        rows=lambda filterset, after, limit: activity_rows(
            filterset.ids_sql(after=after, limit=limit), window=window
        ),
        build=lambda rows: [row.json for row in rows],
    )
    return json_response(
        {
            "meta": page["meta"],
            "results": RawJson("[" + ",".join(page["results"]) + "]"),
            "removed": page.get("removed"),
        }
    )


@router.get(
    "/activities",
    response={200: ActivityPage, **LIST_ERRORS},
    summary="Published activities, with their dates in a window",
)
def activity_list(request: HttpRequest, params: Query[ActivityParams]):
    return activity_page(request, params)


@router.get(
    "/activities/{activity_id}",
    response={200: ActivityOne, **ONE_ERRORS},
    summary="One activity",
)
def activity_detail(request: HttpRequest, activity_id: int):
    found = Activity.objects.published().filter(pk=activity_id)
    rows = activity_rows(queryset_ids(found, after=0, limit=1), window=None)
    if not rows:
        raise Http404
    return json_response({"meta": meta(), "data": RawJson(rows[0].json)})


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
