"""Activity dates as Linked Events-shaped events: one schema.org Event (JSON-LD) per date, in a
Linked Events-style envelope ({"meta": …, "data": [...]}), so a city's event calendar can take
them without a converter. The Event itself is meetingplaces/jsonld.py's, the same the
activity pages carry."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Prefetch
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router

from meetingplaces.jsonld import event_base, occurrence_event
from meetingplaces.models import Activity, Occurrence
from taxonomy.models import Term

from ..common import LIST_ERRORS, ONE_ERRORS, Meta, Out, api_url, cursor_page, meta, page_size_of
from ..filters import ActivityFilter, local_day_start
from ..params import ActivityParams
from .shared import UrlMaker, filtered

router = Router(tags=["events (Linked Events, schema.org)"])
DEFAULT_DAYS = 31


class EventPage(Out):
    meta: Meta
    data: list[dict[str, Any]]


class EventOne(Out):
    meta: Meta
    data: dict[str, Any]


def _events(rows: list[Occurrence]) -> list[dict]:
    activity_url = UrlMaker("meetingplaces:activity")
    organisation_url = UrlMaker("organisations:detail")
    place_url = UrlMaker("meetingplaces:place")
    bases: dict[int, dict] = {}
    events = []
    for row in rows:
        activity = row.activity
        if activity.pk not in bases:
            bases[activity.pk] = event_base(
                activity,
                url=activity_url(activity.slug),
                organisation_url=organisation_url(activity.organisation.slug),
            )
        data = occurrence_event(
            activity, row, base=bases[activity.pk], place_url_of=lambda p: place_url(p.slug)
        )
        keywords = [*activity.themes.all(), *activity.target_groups.all()]
        events.append(
            {
                "@context": "https://schema.org",
                "@id": api_url("events", row.pk),
                **data,
                # Linked Events' keywords are YSO concepts: the terms that have one.
                "keywords": [term.yso_url for term in keywords if term.yso_id],
                "superEvent": api_url("activities", activity.pk),
            }
        )
    return events


def _occurrences():
    terms = Term.objects.only("slug", "yso_id")
    return Occurrence.objects.select_related(
        "place",
        "place__municipality",
        "activity",
        "activity__organisation",
        "activity__place",
        "activity__place__municipality",
        "activity__municipality",
    ).prefetch_related(
        Prefetch("activity__themes", queryset=terms),
        Prefetch("activity__target_groups", queryset=terms),
    )


@router.get(
    "/events",
    response={200: EventPage, **LIST_ERRORS},
    summary="Dates of activities as schema.org Events (Linked Events style)",
    description=(
        "The activity filters apply to the events' activities; dates_from and dates_to "
        f"choose the dates (default: today and the next {DEFAULT_DAYS - 1} days). Cancelled "
        "dates stay, with eventStatus EventCancelled."
    ),
)
def event_list(request: HttpRequest, params: Query[ActivityParams]):
    filterset, activities = filtered(ActivityFilter, request, Activity.objects.published())
    window = filterset.dates_window()
    if window is None:
        today = dt.date.today()
        window = (local_day_start(today), local_day_start(today + dt.timedelta(DEFAULT_DAYS)))
    rows = _occurrences().filter(
        activity__in=activities.values("pk"), starts_at__lt=window[1], ends_at__gt=window[0]
    )
    page = cursor_page(
        request, rows, build=_events, page_size=page_size_of(params.page_size), tombstones=None
    )
    return {"meta": page["meta"], "data": page["results"]}


@router.get("/events/{event_id}", response={200: EventOne, **ONE_ERRORS}, summary="One event")
def event_detail(request: HttpRequest, event_id: int):
    row = get_object_or_404(
        _occurrences().filter(activity__in=Activity.objects.published().values("pk")),
        pk=event_id,
    )
    return {"meta": meta(), "data": _events([row])[0]}
