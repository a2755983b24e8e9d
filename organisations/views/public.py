"""The public directory: search with facets, and one organisation's page."""

from __future__ import annotations

import hashlib
from functools import cached_property
from typing import TYPE_CHECKING, TypedDict

from django.conf import settings
from django.contrib.postgres.expressions import ArraySubquery
from django.core.cache import cache
from django.db.models import OuterRef, QuerySet
from django.db.models.functions import JSONObject
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from areas.models import Municipality
from portal.lib.http import HtmxHttpRequest
from portal.lib.jsonld import json_ld
from portal.lib.translation import (
    language_codes,
    localised_columns,
    localised_with_language,
    pick,
)
from portal.lib.urls import same_site_back_url
from taxonomy.models import Category, Network, Role, ServiceKind, ServiceLanguage, Term

from .. import access
from ..extensions import PAGE_SECTIONS
from ..filters import directory_query
from ..models import Organisation
from ..search import directory_search
from ..validators import format_phone

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

MAX_MERGE_HOPS = 5


@require_safe
def organisation_list(request: HtmxHttpRequest) -> HttpResponse:
    query = directory_query(request.GET)
    result = directory_search(query)

    params = request.GET.copy()
    params.pop("page", None)
    context = {
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


# --- One organisation's page --------------------------------------------------------------
#
# Plain ORM and templates. A narrow query (KEY_FIELDS: what the access check, the cache key and
# the page title need) through access.py; then the page's article and JSON-LD from Django's
# shared cache (Redis in production), one entry keyed by `page_cache_key`. Only on
# a miss is the page's query made (shown columns, welfare area, parent and the names of the
# related rows) and the partial rendered. Measured (bench/README.md): the wide query's ORM
# compilation alone cost more than the rest of a cached page.

PAGE_CACHE_SECONDS = 600  # bounds how long a renamed term, network or parent shows its old name

KEY_FIELDS = (
    "id", "slug", "name", "display_name", "status", "merged_into", "welfare_area", "parent",
    "version", "updated_at", "last_confirmed_at", "last_reviewed_at",
)  # fmt: skip

PAGE_FIELDS = (
    "id", "name", "display_name", "slug", "kind", "business_id", "register_number",
    "is_national", "categories", "roles", "languages", "other_languages", "produces_services",
    "service_kinds", "staffing", "email", "phone", "website", "social_links", "logo",
    "street_address", "postcode",
    *localised_columns("description"), *localised_columns("summary"),
    "status", "merged_into", "last_confirmed_at", "last_reviewed_at", "version", "updated_at",
    "welfare_area__slug", *(f"welfare_area__{name}" for name in localised_columns("name")),
    "parent__name", "parent__display_name", "parent__slug", "parent__status",
    "parent__merged_into",
)  # fmt: skip


class PageNames(TypedDict):
    """The related rows' names organisation_page_queryset annotates, each {"fi": ..., ...}."""

    municipality_names: list[dict[str, str]]
    network_names: list[dict[str, str]]
    target_group_names: list[dict[str, str]]
    theme_names: list[dict[str, str]]


if TYPE_CHECKING:
    OrganisationOnPage = WithAnnotations[Organisation, PageNames]


def _names_in_every_language(
    model: type[Municipality | Network | Term], relation: str
) -> ArraySubquery:
    """The names ({"fi": ..., "sv": ..., "en": ...}) of an organisation's related rows, in the
    related model's order: one subquery of the page's query instead of one query each."""
    columns = {code: f"name_{code}" for code in language_codes() if hasattr(model, f"name_{code}")}
    rows = (
        model.objects.filter(**{relation: OuterRef("pk")})
        .order_by(*(model._meta.ordering or ()))
        .values(names=JSONObject(**columns))
    )
    return ArraySubquery(rows)


def organisation_page_queryset() -> QuerySet[OrganisationOnPage]:
    """The shown columns, the welfare area and parent, and the names of the municipalities,
    networks, target groups and themes: one query (measured: each query of the page cost a
    round trip of 2-7 ms on a busy machine, more than compiling the subqueries)."""
    return (
        Organisation.objects.select_related("welfare_area", "parent")
        .only(*PAGE_FIELDS)
        .annotate(
            municipality_names=_names_in_every_language(Municipality, "organisations"),
            network_names=_names_in_every_language(Network, "organisations"),
            target_group_names=_names_in_every_language(Term, "organisations_as_target_group"),
            theme_names=_names_in_every_language(Term, "organisations_as_theme"),
        )
    )


CATEGORY_LABELS = dict(Category.choices)
ROLE_LABELS = dict(Role.choices)
LANGUAGE_LABELS = dict(ServiceLanguage.choices)
SERVICE_KIND_LABELS = dict(ServiceKind.choices)
# "The organisation's own texts are only available in Finnish."
IN_LANGUAGE = {"fi": _("in Finnish"), "sv": _("in Swedish"), "en": _("in English")}


def page_cache_key(
    organisation: Organisation, *, language: str, page_url: str, can_edit: bool
) -> str:
    """Changes whenever the organisation's own data changes; the names of its parent and of
    related terms, networks and municipalities expire with PAGE_CACHE_SECONDS."""
    checked = organisation.last_checked_at
    parts = (
        organisation.pk,
        organisation.version,
        organisation.updated_at.timestamp(),
        # Confirming is an UPDATE of this column alone (services.freshness).
        checked.timestamp() if checked else "",
        organisation.parent_id or "",
        language,
        page_url,
        int(can_edit),
    )
    digest = hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()
    return f"organisation-page:{digest}"


class OrganisationPage:
    """What the page shows besides the organisation's own columns, computed on first use."""

    def __init__(self, organisation: OrganisationOnPage, *, language: str, page_url: str) -> None:
        self.organisation = organisation
        self.language = language
        self.page_url = page_url

    @cached_property
    def municipality_names(self) -> list[str]:
        return [pick(names) for names in self.organisation.municipality_names]

    @cached_property
    def networks(self) -> list[str]:
        return [pick(names) for names in self.organisation.network_names]

    @cached_property
    def target_groups(self) -> list[str]:
        return [pick(names) for names in self.organisation.target_group_names]

    @cached_property
    def themes(self) -> list[str]:
        return [pick(names) for names in self.organisation.theme_names]

    @cached_property
    def texts(self) -> dict[str, str]:
        description, description_lang = localised_with_language(self.organisation, "description")
        summary, summary_lang = localised_with_language(self.organisation, "summary")
        # Texts shown in another language than the page's (the fallback) are said so.
        shown = ((description, description_lang), (summary, summary_lang))
        other = sorted({lang for text, lang in shown if text and lang != self.language})
        return {
            "description": description,
            "description_lang": description_lang,
            "summary": summary,
            "summary_lang": summary_lang,
            "only_in": str(IN_LANGUAGE.get(other[0], "")) if len(other) == 1 else "",
        }

    @cached_property
    def labels(self) -> dict[str, list[str]]:
        def labels(values: list[str], choices: dict) -> list[str]:
            return [choices[value] for value in values if value in choices]

        organisation = self.organisation
        return {
            "categories": labels(organisation.categories, CATEGORY_LABELS),
            "roles": labels(organisation.roles, ROLE_LABELS),
            "languages": labels(organisation.languages, LANGUAGE_LABELS),
            "service_kinds": labels(organisation.service_kinds, SERVICE_KIND_LABELS),
        }

    @cached_property
    def phone(self) -> str:
        return format_phone(self.organisation.phone) if self.organisation.phone else ""

    @cached_property
    def json_ld(self) -> SafeString:
        return organisation_json_ld(
            self.organisation,
            page_url=self.page_url,
            municipalities=[names["fi"] for names in self.organisation.municipality_names],
        )


def organisation_json_ld(
    organisation: Organisation, *, page_url: str, municipalities: list[str]
) -> SafeString:
    """schema.org Organization, escaped for a <script> element like json_script does.

    `municipalities`: the Finnish names of the organisation's municipalities.
    """
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
            {"@type": "PostalAddress", "addressLocality": name, "addressCountry": "FI"}
            for name in municipalities
        ],
        "areaServed": [{"@type": "AdministrativeArea", "name": name} for name in municipalities]
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
    return json_ld(data)


def directory_back_url(request: HttpRequest) -> str:
    """Where "Back to the directory" leads: the search and filters the visitor came from in this
    site's directory in the page's language, or else the plain directory."""
    return same_site_back_url(request, reverse("organisations:list"))


@require_safe
def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        organisation = access.get_organisation_for_view(
            request.user, slug, queryset=Organisation.objects.only(*KEY_FIELDS), ask_for_totp=False
        )
    except Http404:
        redirect = _survivor_redirect(slug)
        if redirect is None:
            raise
        return redirect
    if organisation.merged_into_id is not None:
        redirect = _survivor_redirect(slug)
        if redirect is not None:
            return redirect

    can_edit = access.can_edit(request.user, organisation)
    language = (get_language() or settings.LANGUAGE_CODE)[:2]
    page_url = settings.SITE_URL + request.path
    key = page_cache_key(organisation, language=language, page_url=page_url, can_edit=can_edit)
    # The article and the generations of the sections other apps add (its activities and
    # places, organisations/extensions.py): one round trip.
    section_keys = [section.generation_key(organisation.pk) for section in PAGE_SECTIONS]
    found = cache.get_many([key, *section_keys])
    cached, generations = found.get(key), [found.get(k) for k in section_keys]
    if cached is None or cached.get("section_generations") != generations:
        shown = organisation_page_queryset().get(pk=organisation.pk)
        page = OrganisationPage(shown, language=language, page_url=page_url)
        # Rendered, autoescaped, by the apps' partials.
        sections = "".join(s.render(organisation.pk, organisation.slug) for s in PAGE_SECTIONS)
        context = {
            "organisation": shown,
            "page": page,
            "can_edit": can_edit,
            "places_section": mark_safe(sections),  # noqa: S308
        }
        article = render_to_string("organisations/_partials/organisation_article.html", context)
        # Kept as the SafeStrings the template engine and organisation_json_ld made (pickled
        # with their type, as the {% cache %} tag keeps a rendered fragment): nothing read back
        # from the cache is marked safe here.
        cached = {
            "article": article,
            "json_ld": page.json_ld,
            "section_generations": generations,
        }
        cache.set(key, cached, PAGE_CACHE_SECONDS)
    context = {
        "organisation": organisation,
        # Rendered (autoescaped) by the partial and escaped by organisation_json_ld.
        "article": cached["article"],
        "json_ld": cached["json_ld"],
        "page_url": page_url,
        "back_url": directory_back_url(request),
    }
    return render(request, "organisations/organisation_detail.html", context)
