"""Exports in others' standards: a whole welfare area as Open Referral HSDS 3.0 (JSON and the
tabular data package) and a meeting place as a PTV v11 service location channel."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from areas.models import WelfareArea
from meetingplaces.models import MeetingPlace, OpeningException, OpeningHours

from .. import hsds, ptv
from ..common import ONE_ERRORS, Out

router = Router(tags=["standard exports"])


class ExportParams(Schema):
    lang: Literal["fi", "sv", "en"] = Field(
        "fi",
        description="The language of the texts (HSDS holds one language; a text missing in it "
        "falls back fi → sv → en).",
    )


class HsdsMeta(Out):
    hsds_version: str
    welfare_area: str
    language: str
    licence: dict[str, str]
    attribution: str
    generated_at: dt.datetime


class HsdsExport(Out):
    """HSDS 3.0 objects: each list's objects follow the HSDS schema of their kind
    (organization, service, location, taxonomy, taxonomy_term), with nested schedules,
    service_at_locations, addresss, phones, contacts, languages, accessibilitys and attributes."""

    meta: HsdsMeta
    organizations: list[dict[str, Any]]
    services: list[dict[str, Any]]
    locations: list[dict[str, Any]]
    taxonomies: list[dict[str, Any]]
    taxonomy_terms: list[dict[str, Any]]


def _area(slug: str) -> WelfareArea:
    return get_object_or_404(WelfareArea, slug=slug)


@router.get(
    "/hsds/{welfare_area}",
    response={200: HsdsExport, **ONE_ERRORS},
    summary="A welfare area as Open Referral HSDS 3.0 (JSON)",
    description="Every published organisation, activity (a service), the organisations' kinds "
    "of services, meeting place and unit (locations) of the welfare area with schedules, "
    "addresses, phones, public contacts, languages and the taxonomy (YSO ids where known). "
    "Identifiers are stable UUIDs. Cached until the area's data changes.",
)
def hsds_json(request: HttpRequest, welfare_area: str, params: Query[ExportParams]):
    body = hsds.export_json(_area(welfare_area), params.lang)
    return HttpResponse(body, content_type="application/json")


@router.get(
    "/hsds/{welfare_area}/datapackage.zip",
    response={200: None, **ONE_ERRORS},
    summary="A welfare area as HSDS 3.0's tabular data package (zip of CSVs)",
    description="`datapackage.json` (Frictionless tabular data package, fields from the HSDS "
    "3.0 schema files) and one CSV per HSDS table, the same data as the JSON export.",
    openapi_extra={
        "responses": {
            200: {
                "description": "The zip file.",
                "content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def hsds_zip(request: HttpRequest, welfare_area: str, params: Query[ExportParams]):
    area = _area(welfare_area)
    response = HttpResponse(hsds.export_zip(area, params.lang), content_type="application/zip")
    response["Content-Disposition"] = (
        f'attachment; filename="yhdessa-{area.slug}-hsds-{params.lang}.zip"'
    )
    return response


class PtvChannel(Out):
    """PTV Open API v11 `V11VmOpenApiServiceLocationChannel` (api/schemas/ptv/)."""

    sourceId: str
    serviceChannelType: str
    serviceChannelNames: list[dict[str, Any]]
    serviceChannelDescriptions: list[dict[str, Any]]
    areaType: str
    areas: list[dict[str, Any]]
    areaMunicipalities: list[dict[str, Any]]
    languages: list[str]
    webPages: list[dict[str, Any]]
    phoneNumbers: list[dict[str, Any]]
    supportEmails: list[dict[str, Any]]
    addresses: list[dict[str, Any]]
    serviceHours: list[dict[str, Any]]
    publishingStatus: str
    isVisibleForAll: bool
    modified: str


@router.get(
    "/places/{place_id}/ptv",
    response={200: PtvChannel, **ONE_ERRORS},
    summary="A meeting place as a PTV v11 service location channel",
    description="The shape of PTV's (Palvelutietovaranto) Open API v11 ServiceChannel of type "
    "ServiceLocation: names and descriptions per language, the street address with its "
    "municipality code and point, phone, e-mail, web pages, weekly service hours and the "
    "municipality as the area. PTV's own ids are not known here: the place's id is `sourceId`.",
)
def place_ptv(request: HttpRequest, place_id: int):
    place = get_object_or_404(
        MeetingPlace.objects.published()
        .select_related("municipality")
        .prefetch_related(
            Prefetch("opening_hours", OpeningHours.objects.order_by("weekday", "opens")),
            Prefetch(
                "opening_exceptions",
                OpeningException.objects.filter(date__gte=dt.date.today()).order_by("date"),
            ),
        ),
        pk=place_id,
    )
    return ptv.service_location_channel(place)
