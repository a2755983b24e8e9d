"""The welfare area's units (health and social services centres and other service points) that
associations can contact: the active ones. The association contact's name and work channels only
with the person's consent, as on the unit's page."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router

from units.models import Unit

from ..common import LIST_ERRORS, ONE_ERRORS, Out, Texts, answers, api_url, meta, texts
from ..filters import GeoFilter
from ..models import Kind
from ..params import PageParams
from .places import HoursOut, hours_out
from .shared import MunicipalityOut, UrlMaker, filtered_list_page, municipality

router = Router(tags=["welfare area's units"])


class UnitParams(PageParams):
    welfare_area: str | None = Field(None, description="A welfare area's identifier (slug).")
    municipality: str | None = Field(None, description="Municipality codes, comma-separated.")
    kind: str | None = Field(None, description="Kinds of unit, comma-separated.")
    near: str | None = Field(
        None,
        description="A point `latitude,longitude` (WGS84 degrees).",
        pattern=r"^-?\d+(\.\d+)?,-?\d+(\.\d+)?$",
    )
    radius: float | None = Field(None, gt=0, le=200, description="Kilometres around `near`.")
    bbox: str | None = Field(
        None,
        description="A box `west,south,east,north` in degrees.",
        pattern=r"^-?\d+(\.\d+)?(,-?\d+(\.\d+)?){3}$",
    )


class UnitFilter(GeoFilter):
    class Meta:
        model = Unit
        fields: list[str] = []

    def filter_language(self, queryset, name, value):
        return queryset  # a unit has no service languages


class UnitContactOut(Out):
    name: str
    title: str
    email: str
    phone: str


class UnitOut(Out):
    id: int
    api_url: str
    web_url: str
    name: Texts
    kind: str
    welfare_area: str
    municipality: MunicipalityOut
    street_address: str
    postcode: str
    latitude: float
    longitude: float
    distance_km: float | None = None
    description: Texts
    email: str
    phone: str
    website: str
    association_contact: UnitContactOut | None
    meeting_place: int | None
    opening_hours: list[HoursOut]
    modified: dt.datetime


UnitPage, UnitOne = answers(UnitOut, "Unit")


def units_queryset():
    return (
        Unit.objects.active()
        .select_related("welfare_area", "municipality", "place")
        .prefetch_related("opening_hours")
    )


def unit_out(unit: Unit, web_url: UrlMaker) -> dict:
    contact = None
    if unit.shows_contact:
        contact = {
            "name": unit.contact_name,
            "title": unit.contact_title,
            "email": unit.contact_email,
            "phone": unit.contact_phone,
        }
    place = unit.place if unit.place is not None and unit.place.is_published else None
    return {
        "id": unit.pk,
        "api_url": api_url("units", unit.pk),
        "web_url": web_url(unit.slug),
        "name": texts(unit, "name"),
        "kind": unit.kind,
        "welfare_area": unit.welfare_area.slug,
        "municipality": municipality(unit.municipality),
        "street_address": unit.street_address,
        "postcode": unit.postcode,
        "latitude": unit.latitude,
        "longitude": unit.longitude,
        "distance_km": getattr(unit, "distance_km", None),
        "description": texts(unit, "description"),
        "email": unit.email,
        "phone": unit.phone,
        "website": unit.website,
        "association_contact": contact,
        "meeting_place": place.pk if place else None,
        "opening_hours": hours_out(
            sorted(unit.opening_hours.all(), key=lambda r: (r.weekday, r.opens))
        ),
        "modified": unit.updated_at,
    }


@router.get("/units", response={200: UnitPage, **LIST_ERRORS}, summary="The welfare areas' units")
def unit_list(request: HttpRequest, params: Query[UnitParams]):
    web_url = UrlMaker("units:unit")
    return filtered_list_page(
        request,
        params,
        UnitFilter,
        units_queryset(),
        kind=Kind.UNIT,
        visible=Unit.objects.active(),
        build=lambda rows: [unit_out(row, web_url) for row in rows],
    )


@router.get("/units/{unit_id}", response={200: UnitOne, **ONE_ERRORS}, summary="One unit")
def unit_detail(request: HttpRequest, unit_id: int):
    unit = get_object_or_404(units_queryset(), pk=unit_id)
    return {"meta": meta(), "data": unit_out(unit, UrlMaker("units:unit"))}
