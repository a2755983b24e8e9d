"""Organisations of the registry: the published ones."""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router

from areas.models import Municipality
from organisations.models import Organisation
from taxonomy.models import Term

from ..common import LIST_ERRORS, ONE_ERRORS, Out, Texts, answers, api_url, meta, texts
from ..filters import OrganisationFilter
from ..models import Kind
from ..params import OrganisationParams
from .shared import MunicipalityOut, TermOut, UrlMaker, filtered_list_page, municipality, term

router = Router(tags=["organisations"])


class OrganisationOut(Out):
    id: int
    api_url: str
    web_url: str
    name: str
    display_name: str
    kind: str
    business_id: str
    register_number: str
    parent: int | None
    is_national: bool
    welfare_area: str | None
    municipalities: list[MunicipalityOut]
    categories: list[str]
    roles: list[str]
    themes: list[TermOut]
    target_groups: list[TermOut]
    languages: list[str]
    other_languages: str
    produces_services: bool
    service_kinds: list[str]
    description: Texts
    summary: Texts
    email: str
    phone: str
    website: str
    social_links: list[str]
    last_checked_at: dt.datetime | None
    modified: dt.datetime


OrganisationPage, OrganisationOne = answers(OrganisationOut, "Organisation")


def organisations_queryset():
    terms = Term.objects.only("slug", "name_fi", "name_sv", "name_en", "yso_id")
    return (
        Organisation.objects.published()
        .select_related("welfare_area")
        .prefetch_related(
            Prefetch(
                "municipalities", queryset=Municipality.objects.only("code", "name_fi", "name_sv")
            ),
            Prefetch("themes", queryset=terms),
            Prefetch("target_groups", queryset=terms),
        )
    )


def organisation_out(org: Organisation, web_url: UrlMaker) -> dict:
    return {
        "id": org.pk,
        "api_url": api_url("organisations", org.pk),
        "web_url": web_url(org.slug),
        "name": org.name,
        "display_name": org.display_name,
        "kind": org.kind,
        "business_id": org.business_id,
        "register_number": org.register_number,
        "parent": org.parent_id,
        "is_national": org.is_national,
        "welfare_area": org.welfare_area.slug if org.welfare_area else None,
        "municipalities": [municipality(m) for m in org.municipalities.all()],
        "categories": org.categories,
        "roles": org.roles,
        "themes": [term(t) for t in org.themes.all()],
        "target_groups": [term(t) for t in org.target_groups.all()],
        "languages": org.languages,
        "other_languages": org.other_languages,
        "produces_services": org.produces_services,
        "service_kinds": org.service_kinds,
        "description": texts(org, "description"),
        "summary": texts(org, "summary"),
        "email": org.email,
        "phone": org.phone,
        "website": org.website,
        "social_links": org.social_links,
        "last_checked_at": org.last_checked_at,
        "modified": org.updated_at,
    }


@router.get(
    "/organisations",
    response={200: OrganisationPage, **LIST_ERRORS},
    summary="Published organisations",
)
def organisation_list(request: HttpRequest, params: Query[OrganisationParams]):
    web_url = UrlMaker("organisations:detail")
    return filtered_list_page(
        request,
        params,
        OrganisationFilter,
        organisations_queryset(),
        kind=Kind.ORGANISATION,
        visible=Organisation.objects.published(),
        build=lambda rows: [organisation_out(row, web_url) for row in rows],
    )


@router.get(
    "/organisations/{organisation_id}",
    response={200: OrganisationOne, **ONE_ERRORS},
    summary="One published organisation",
)
def organisation_detail(request: HttpRequest, organisation_id: int):
    org = get_object_or_404(organisations_queryset(), pk=organisation_id)
    return {"meta": meta(), "data": organisation_out(org, UrlMaker("organisations:detail"))}
