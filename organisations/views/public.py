"""The public directory: search with facets, and one organisation's page."""

from __future__ import annotations

import json

from django.conf import settings
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from .. import access
from ..filters import DirectoryFilter
from ..models import (
    Category,
    Organisation,
    Role,
    ServiceKind,
    ServiceLanguage,
    Term,
)
from ..search import directory_search
from ..validators import format_phone

MAX_MERGE_HOPS = 5


@require_safe
def organisation_list(request: HttpRequest) -> HttpResponse:
    filterset = DirectoryFilter(request.GET)
    query = filterset.to_query()
    result = directory_search(query)

    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "filterset": filterset,
        "query": query,
        "result": result,
        "page_obj": result.page,
        "page_query": params.urlencode(),
    }
    template = "organisations/organisation_list.html"
    if request.htmx and not request.htmx.boosted:
        template += "#results"
    return render(request, template, context)


def _survivor_redirect(slug: str) -> HttpResponsePermanentRedirect | None:
    """The page of the organisation a merged one now lives on, following chains of merges."""
    target = slug
    for _hop in range(MAX_MERGE_HOPS):
        survivor = (
            Organisation.objects.filter(slug=target, merged_into__isnull=False)
            .values_list("merged_into__slug", flat=True)
            .first()
        )
        if survivor is None:
            break
        target = survivor
    if target == slug:
        return None
    return HttpResponsePermanentRedirect(Organisation(slug=target).get_absolute_url())


def _in_language(obj, field: str) -> tuple[str, str]:
    """(text, language code) in the active language, falling back fi → sv → en."""
    language = (get_language() or "fi")[:2]
    for code in dict.fromkeys([language, "fi", "sv", "en"]):
        value = getattr(obj, f"{field}_{code}", "")
        if value:
            return value, code
    return "", language


def organisation_json_ld(organisation: Organisation, *, page_url: str) -> SafeString:
    """schema.org Organization, escaped for a <script> element like json_script does."""
    municipalities = list(organisation.municipalities.all())
    description = organisation.summary or organisation.description
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "@id": page_url,
        "name": organisation.name,
        "url": organisation.website or page_url,
    }
    optional: dict[str, object] = {
        "alternateName": organisation.display_name,
        "email": organisation.email,
        "telephone": organisation.phone,
        "taxID": organisation.business_id,
        "description": description,
        "logo": organisation.logo.url if organisation.logo else "",
        "address": [
            {"@type": "PostalAddress", "addressLocality": m.name_fi, "addressCountry": "FI"}
            for m in municipalities
        ],
        "areaServed": [{"@type": "AdministrativeArea", "name": m.name_fi} for m in municipalities]
        + (
            [{"@type": "AdministrativeArea", "name": organisation.welfare_area.name_fi}]
            if organisation.welfare_area
            else []
        ),
        "sameAs": list(organisation.social_links),
        "knowsLanguage": [code for code in organisation.languages if code in ("fi", "sv", "en")],
        "parentOrganization": (
            {"@type": "Organization", "name": organisation.parent.name}
            if organisation.parent
            else None
        ),
    }
    data.update({key: value for key, value in optional.items() if value})
    text = json.dumps(data, ensure_ascii=False, indent=1)
    escaped = text.replace("&", "\\u0026").replace("<", "\\u003C").replace(">", "\\u003E")
    return mark_safe(escaped)  # noqa: S308 (escaped above, like django.utils.html.json_script)


@require_safe
def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        found = access.get_organisation_for_view(request.user, slug)
    except Http404:
        redirect = _survivor_redirect(slug)
        if redirect is None:
            raise
        return redirect
    if found.merged_into_id is not None:
        redirect = _survivor_redirect(slug)
        if redirect is not None:
            return redirect

    organisation = (
        Organisation.objects.select_related("welfare_area", "parent")
        .prefetch_related(
            "municipalities",
            "networks",
            Prefetch("target_groups", queryset=Term.objects.all()),
            Prefetch("themes", queryset=Term.objects.all()),
        )
        .get(pk=found.pk)
    )
    description, description_lang = _in_language(organisation, "description")
    summary, summary_lang = _in_language(organisation, "summary")
    page_url = settings.SITE_URL + request.path
    labels = {
        "categories": [Category(c).label for c in organisation.categories if c in Category],
        "roles": [Role(r).label for r in organisation.roles if r in Role],
        "languages": [
            ServiceLanguage(code).label
            for code in organisation.languages
            if code in ServiceLanguage
        ],
        "service_kinds": [
            ServiceKind(k).label for k in organisation.service_kinds if k in ServiceKind
        ],
    }
    context = {
        "organisation": organisation,
        "labels": labels,
        "description": description,
        "description_lang": description_lang,
        "summary": summary,
        "summary_lang": summary_lang,
        "page_language": (get_language() or "fi")[:2],
        "phone": format_phone(organisation.phone) if organisation.phone else "",
        "can_edit": access.can_edit(request.user, organisation),
        "json_ld": organisation_json_ld(organisation, page_url=page_url),
    }
    return render(request, "organisations/organisation_detail.html", context)
