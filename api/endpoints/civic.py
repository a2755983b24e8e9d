"""Consultations of the participation forums, the bodies' published minutes and decisions, and
the reference lists (welfare areas, municipalities, taxonomy terms)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, TypedDict

from django.db.models import F, OuterRef, Q, Subquery
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router

from areas.models import WelfareArea
from bodies.models import Meeting, MinutesVersion
from forums.models import Consultation
from taxonomy.models import Term

from ..common import (
    LIST_ERRORS,
    ONE_ERRORS,
    Meta,
    Out,
    Texts,
    absolute,
    answers,
    api_url,
    meta,
    texts,
    utc,
)
from ..models import Kind
from ..params import PageParams
from .shared import TermOut, list_page, municipality, term, web_path

if TYPE_CHECKING:
    from django.db.models import QuerySet
    from django_stubs_ext import WithAnnotations

router = Router(tags=["participation and decisions"])
reference = Router(tags=["reference lists"])


class AreaPageParams(PageParams):
    welfare_area: str | None = Field(None, description="A welfare area's identifier (slug).")


class SectionOut(Out):
    id: int
    title: Texts
    body: Texts


class ConsultationOut(Out):
    id: int
    api_url: str
    web_url: str
    title: Texts
    intro: Texts
    welfare_area: str
    forum: str
    opens_at: dt.datetime
    closes_at: dt.datetime
    state: str = Field(description="upcoming, open or closed")
    sections: list[SectionOut]
    summary: Texts | None = Field(
        description="The published summary (“you said, we did”), or null before it is published."
    )
    summary_published_at: dt.datetime | None
    modified: dt.datetime


ConsultationPage, ConsultationOne = answers(ConsultationOut, "Consultation")


def consultations_queryset():
    return (
        Consultation.objects.filter(is_published=True, forum__is_published=True)
        .select_related("forum", "forum__welfare_area")
        .prefetch_related("sections")
    )


def _consultation_out(row: Consultation) -> dict:
    published = row.summary_published_at is not None
    return {
        "id": row.pk,
        "api_url": api_url("consultations", row.pk),
        "web_url": absolute(web_path("forums:consultation", pk=row.pk)),
        "title": texts(row, "title"),
        "intro": texts(row, "intro"),
        "welfare_area": row.forum.welfare_area.slug,
        "forum": row.forum.slug,
        "opens_at": row.opens_at,
        "closes_at": row.closes_at,
        "state": row.state(),
        "sections": [
            {"id": s.pk, "title": texts(s, "title"), "body": texts(s, "body")}
            for s in sorted(row.sections.all(), key=lambda s: (s.order, s.pk))
        ],
        "summary": texts(row, "summary") if published else None,
        "summary_published_at": row.summary_published_at,
        "modified": row.updated_at,
    }


@router.get(
    "/consultations",
    response={200: ConsultationPage, **LIST_ERRORS},
    summary="Published consultations with their published summaries",
)
def consultation_list(request: HttpRequest, params: Query[AreaPageParams]):
    queryset = consultations_queryset()
    if params.welfare_area:
        queryset = queryset.filter(forum__welfare_area__slug=params.welfare_area)
    since = utc(params.modified_since)
    if since:
        queryset = queryset.filter(Q(updated_at__gte=since) | Q(forum__updated_at__gte=since))
    return list_page(
        request,
        queryset,
        params=params,
        kind=Kind.CONSULTATION,
        visible=consultations_queryset(),
        build=lambda rows: [_consultation_out(row) for row in rows],
    )


@router.get(
    "/consultations/{consultation_id}",
    response={200: ConsultationOne, **ONE_ERRORS},
    summary="One consultation",
)
def consultation_detail(request: HttpRequest, consultation_id: int):
    row = get_object_or_404(consultations_queryset(), pk=consultation_id)
    return {"meta": meta(), "data": _consultation_out(row)}


class DecisionOut(Out):
    position: int
    section: int | None
    title: str
    proposed_decision: str
    discussion: str
    decision: str
    outcome: str = Field(
        description="approved, amended, rejected, tabled, noted, returned or empty"
    )


class MinutesOut(Out):
    id: int = Field(description="The meeting's id.")
    api_url: str
    web_url: str
    body: str
    body_name: Texts
    welfare_area: str
    starts_at: dt.datetime
    version: int
    published_at: dt.datetime
    correction_note: str
    attending_organisations: list[str]
    items: list[DecisionOut]


MinutesPage, MinutesOne = answers(MinutesOut, "Minutes")


class PublishedMinutes(TypedDict):
    """The published version of a meeting's minutes, annotated by minutes_queryset."""

    minutes_snapshot: dict[str, Any] | None
    minutes_published_at: dt.datetime | None
    minutes_note: str | None


def minutes_queryset() -> QuerySet[WithAnnotations[Meeting, PublishedMinutes]]:
    latest = MinutesVersion.objects.filter(
        meeting=OuterRef("pk"), number=OuterRef("published_version")
    )
    return (
        Meeting.objects.filter(published_version__gt=0)
        .select_related("body", "body__welfare_area")
        .annotate(
            minutes_snapshot=Subquery(latest.values("snapshot")),
            minutes_published_at=Subquery(latest.values("published_at")),
            minutes_note=Subquery(latest.values("note")),
        )
    )


def _minutes_out(meeting: WithAnnotations[Meeting, PublishedMinutes]) -> dict:
    snapshot = meeting.minutes_snapshot or {}
    # Members' names stay on the portal's page; the data names the organisations present.
    organisations = sorted(
        {a["organisation"] for a in snapshot.get("attendees", []) if a.get("organisation")}
    )
    return {
        "id": meeting.pk,
        "api_url": api_url("minutes", meeting.pk),
        "web_url": absolute(web_path("bodies:meeting", pk=meeting.pk)),
        "body": meeting.body.slug,
        "body_name": texts(meeting.body, "name"),
        "welfare_area": meeting.body.welfare_area.slug,
        "starts_at": meeting.starts_at,
        "version": meeting.published_version,
        "published_at": meeting.minutes_published_at,
        "correction_note": meeting.minutes_note or "",
        "attending_organisations": organisations,
        "items": [
            {
                "position": item.get("position") or 0,
                "section": item.get("section"),
                "title": item.get("title", ""),
                "proposed_decision": item.get("proposed_decision", ""),
                "discussion": item.get("discussion", ""),
                "decision": item.get("decision", ""),
                "outcome": item.get("outcome", ""),
            }
            for item in snapshot.get("items", [])
        ],
    }


@router.get(
    "/minutes",
    response={200: MinutesPage, **LIST_ERRORS},
    summary="The bodies' published minutes with their decisions",
)
def minutes_list(request: HttpRequest, params: Query[AreaPageParams]):
    queryset = minutes_queryset()
    if params.welfare_area:
        queryset = queryset.filter(body__welfare_area__slug=params.welfare_area)
    since = utc(params.modified_since)
    if since:
        queryset = queryset.filter(
            versions__number=F("published_version"), versions__published_at__gte=since
        )
    return list_page(
        request,
        queryset,
        params=params,
        kind=Kind.MEETING,
        visible=Meeting.objects.filter(published_version__gt=0),
        build=lambda rows: [_minutes_out(row) for row in rows],
    )


@router.get(
    "/minutes/{meeting_id}",
    response={200: MinutesOne, **ONE_ERRORS},
    summary="One meeting's published minutes",
)
def minutes_detail(request: HttpRequest, meeting_id: int):
    meeting = get_object_or_404(minutes_queryset(), pk=meeting_id)
    return {"meta": meta(), "data": _minutes_out(meeting)}


class TermsOut(Out):
    meta: Meta
    target_groups: list[TermOut]
    themes: list[TermOut]


@reference.get(
    "/terms", response={200: TermsOut, **LIST_ERRORS}, summary="Target groups and themes (YSO ids)"
)
def term_list(request: HttpRequest):
    rows = list(Term.objects.order_by("kind", "name_fi"))
    return {
        "meta": meta(),
        "target_groups": [term(t) for t in rows if t.kind == Term.Kind.TARGET_GROUP],
        "themes": [term(t) for t in rows if t.kind == Term.Kind.THEME],
    }


class MunicipalityRef(Out):
    code: str
    name: Texts


class AreaOut(Out):
    slug: str
    name: Texts
    region_code: str
    municipalities: list[MunicipalityRef]


class AreasOut(Out):
    meta: Meta
    results: list[AreaOut]


@reference.get(
    "/welfare-areas",
    response={200: AreasOut, **LIST_ERRORS},
    summary="Welfare areas and municipalities",
)
def area_list(request: HttpRequest):
    areas = WelfareArea.objects.prefetch_related("municipalities").order_by("name_fi")
    return {
        "meta": meta(),
        "results": [
            {
                "slug": area.slug,
                "name": texts(area, "name"),
                "region_code": area.region_code,
                "municipalities": [municipality(m) for m in area.municipalities.all()],
            }
            for area in areas
        ],
    }
