"""Meeting places: the published ones, with their opening hours."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Prefetch
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router

from meetingplaces.models import MeetingPlace, OpeningHours, WeeklyHours
from organisations.models import Organisation

from ..common import LIST_ERRORS, ONE_ERRORS, Out, Texts, answers, api_url, meta, texts
from ..filters import PlaceFilter
from ..models import Kind
from ..params import PlaceParams
from .shared import MunicipalityOut, UrlMaker, filtered_list_page, municipality

router = Router(tags=["meeting places"])


class HoursOut(Out):
    weekday: int
    opens: str
    closes: str


def hours_out(rows: Iterable[WeeklyHours]) -> list[dict]:
    """Weekly opening hours (a place's or a unit's) in their order: HoursOut."""
    return [
        {
            "weekday": row.weekday,
            "opens": row.opens.strftime("%H:%M"),
            "closes": row.closes.strftime("%H:%M"),
        }
        for row in rows
    ]


class PlaceOut(Out):
    id: int
    api_url: str
    web_url: str
    name: Texts
    kind: str
    organisations: list[int]
    welfare_area: str
    municipality: MunicipalityOut
    street_address: str
    postcode: str
    latitude: float
    longitude: float
    distance_km: float | None = None
    directions: Texts
    description: Texts
    low_threshold: dict[str, bool]
    presence: dict[str, bool]
    accessibility: dict[str, bool]
    accessibility_description: Texts
    languages: list[str]
    email: str
    phone: str
    website: str
    open_on_public_holidays: bool
    opening_hours: list[HoursOut]
    modified: dt.datetime


PlacePage, PlaceOne = answers(PlaceOut, "Place")


def places_queryset():
    return (
        MeetingPlace.objects.published()
        .select_related("welfare_area", "municipality")
        .prefetch_related(
            Prefetch("opening_hours", queryset=OpeningHours.objects.order_by("weekday", "opens")),
            Prefetch("organisations", queryset=Organisation.objects.only("pk")),
        )
    )


def _flags(place: MeetingPlace, names) -> dict[str, bool]:
    return {name: getattr(place, name) for name in names}


def place_out(place: MeetingPlace, web_url: UrlMaker) -> dict:
    return {
        "id": place.pk,
        "api_url": api_url("places", place.pk),
        "web_url": web_url(place.slug),
        "name": texts(place, "name"),
        "kind": place.kind,
        "organisations": [org.pk for org in place.organisations.all()],
        "welfare_area": place.welfare_area.slug,
        "municipality": municipality(place.municipality),
        "street_address": place.street_address,
        "postcode": place.postcode,
        "latitude": place.latitude,
        "longitude": place.longitude,
        "distance_km": getattr(place, "distance_km", None),
        "directions": texts(place, "directions"),
        "description": texts(place, "description"),
        "low_threshold": _flags(place, MeetingPlace.LOW_THRESHOLD_FLAGS),
        "presence": _flags(place, MeetingPlace.PRESENCE_FLAGS),
        "accessibility": _flags(place, MeetingPlace.ACCESSIBILITY_FLAGS),
        "accessibility_description": texts(place, "accessibility"),
        "languages": place.languages,
        "email": place.email,
        "phone": place.phone,
        "website": place.website,
        "open_on_public_holidays": place.open_on_public_holidays,
        "opening_hours": hours_out(place.opening_hours.all()),
        "modified": place.updated_at,
    }


@router.get("/places", response={200: PlacePage, **LIST_ERRORS}, summary="Published meeting places")
def place_list(request: HttpRequest, params: Query[PlaceParams]):
    web_url = UrlMaker("meetingplaces:place")
    return filtered_list_page(
        request,
        params,
        PlaceFilter,
        places_queryset(),
        kind=Kind.PLACE,
        visible=MeetingPlace.objects.published(),
        build=lambda rows: [place_out(row, web_url) for row in rows],
    )


@router.get(
    "/places/{place_id}", response={200: PlaceOne, **ONE_ERRORS}, summary="One meeting place"
)
def place_detail(request: HttpRequest, place_id: int):
    place = get_object_or_404(places_queryset(), pk=place_id)
    return {"meta": meta(), "data": place_out(place, UrlMaker("meetingplaces:place"))}
