"""The public directory: search with facets, and one organisation's page."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import secrets
from collections import OrderedDict
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.middleware.csp import get_nonce
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from areas.models import Municipality, WelfareArea

from .. import access
from ..filters import directory_query
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


def _in_language(obj, field: str) -> tuple[str, str]:
    """(text, language code) in the active language, falling back fi → sv → en."""
    language = (get_language() or "fi")[:2]
    for code in dict.fromkeys([language, "fi", "sv", "en"]):
        value = getattr(obj, f"{field}_{code}", "")
        if value:
            return value, code
    return "", language


# --- One organisation's page: one query -------------------------------------------------------
#
# The page, its welfare area, its parent and the names of its municipalities, networks, target
# groups and themes come from one SQL statement composed once per process: no ORM compilation per
# request, and none of the columns the page does not show (search_vector, search_extra,
# facet_keys, the workflow fields).

DETAIL_FIELDS = (
    "id", "name", "display_name", "slug", "kind", "business_id", "register_number", "parent",
    "is_national", "welfare_area", "categories", "roles", "languages", "other_languages",
    "produces_services", "service_kinds", "staffing", "email", "phone", "website",
    "social_links", "logo", "description_fi", "description_sv", "description_en",
    "summary_fi", "summary_sv", "summary_en", "status", "merged_into", "last_confirmed_at",
    "last_reviewed_at",
)  # fmt: skip
PARENT_FIELDS = ("id", "name", "display_name", "slug", "status", "merged_into")
AREA_FIELDS = ("id", "slug", "name_fi", "name_sv", "name_en")


def _columns(model, names: tuple[str, ...]) -> list[str]:
    return [model._meta.get_field(name).column for name in names]


def _names_subquery(through, source: str, target_model, target: str, name_en: str) -> str:
    """A JSON array of [name_fi, name_sv, name_en] of one many-to-many relation, in the
    related model's order (name_fi; terms by kind first)."""
    table = target_model._meta.db_table
    order = "t.kind, t.name_fi" if target_model is Term else "t.name_fi"
    return (
        "(SELECT coalesce(json_agg(json_build_array(t.name_fi, t.name_sv, "  # noqa: S608
        f"{name_en}) ORDER BY {order}), '[]') FROM {table} t JOIN {through} r "
        f"ON r.{target} = t.id WHERE r.{source} = o.id)"
    )


@functools.cache
def _detail_sql() -> str:
    meta = Organisation._meta
    related = []
    for field_name in ("municipalities", "networks", "target_groups", "themes"):
        m2m = meta.get_field(field_name)
        through = m2m.remote_field.through._meta
        name_en = "t.name_en" if m2m.related_model is not Municipality else "''"
        related.append(
            _names_subquery(
                through.db_table,
                m2m.m2m_column_name(),
                m2m.related_model,
                m2m.m2m_reverse_name(),
                name_en,
            )
        )
    columns = (
        [f"o.{c}" for c in _columns(Organisation, DETAIL_FIELDS)]
        + [f"a.{c}" for c in _columns(WelfareArea, AREA_FIELDS)]
        + [f"p.{c}" for c in _columns(Organisation, PARENT_FIELDS)]
        + related
    )
    return (
        f"SELECT {', '.join(columns)} FROM {meta.db_table} o "  # noqa: S608 (our own names)
        f"LEFT JOIN {WelfareArea._meta.db_table} a ON a.id = o.welfare_area_id "
        f"LEFT JOIN {meta.db_table} p ON p.id = o.parent_id WHERE o.slug = %s"
    )


def _field_names(names: tuple[str, ...]) -> list[str]:
    return [Organisation._meta.get_field(name).attname for name in names]


def _localised_names(rows: list[list[str]]) -> list[str]:
    """Names in the active language, falling back fi → sv → en (like the models' __str__)."""
    language = (get_language() or "fi")[:2]
    order = list(dict.fromkeys([language, "fi", "sv", "en"]))
    index = {"fi": 0, "sv": 1, "en": 2}
    result = []
    for row in rows:
        result.append(next((row[index[code]] for code in order if row[index[code]]), ""))
    return result


@dataclass
class OrganisationPage:
    row: tuple  # as fetched: everything the page shows
    organisation: Organisation
    municipalities: list[str]  # fi names, for JSON-LD
    municipality_names: list[str]
    networks: list[str]
    target_groups: list[str]
    themes: list[str]


def load_organisation_page(slug: str) -> OrganisationPage | None:
    with connection.cursor() as cursor:
        cursor.execute(_detail_sql(), [slug])
        row = cursor.fetchone()
    if row is None:
        return None
    n_org, n_area, n_parent = len(DETAIL_FIELDS), len(AREA_FIELDS), len(PARENT_FIELDS)
    org_values = row[:n_org]
    area_values = row[n_org : n_org + n_area]
    parent_values = row[n_org + n_area : n_org + n_area + n_parent]
    municipalities, networks, target_groups, themes = row[n_org + n_area + n_parent :]
    organisation = Organisation.from_db(connection.alias, _field_names(DETAIL_FIELDS), org_values)
    if area_values[0] is not None:
        organisation.welfare_area = WelfareArea.from_db(
            connection.alias, list(AREA_FIELDS), area_values
        )
    else:
        Organisation.welfare_area.field.set_cached_value(organisation, None)
    if parent_values[0] is not None:
        organisation.parent = Organisation.from_db(
            connection.alias, _field_names(PARENT_FIELDS), parent_values
        )
    else:
        Organisation.parent.field.set_cached_value(organisation, None)
    return OrganisationPage(
        row=row,
        organisation=organisation,
        municipalities=[names[0] for names in municipalities],
        municipality_names=_localised_names(municipalities),
        networks=_localised_names(networks),
        target_groups=_localised_names(target_groups),
        themes=_localised_names(themes),
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
    text = json.dumps(data, ensure_ascii=False, indent=1)
    escaped = text.replace("&", "\\u0026").replace("<", "\\u003C").replace(">", "\\u003E")
    return mark_safe(escaped)  # noqa: S308 (escaped above, like django.utils.html.json_script)


CATEGORY_LABELS = dict(Category.choices)
ROLE_LABELS = dict(Role.choices)
LANGUAGE_LABELS = dict(ServiceLanguage.choices)
SERVICE_KIND_LABELS = dict(ServiceKind.choices)


class SmallLRU:
    """A small in-process LRU of rendered organisation pages and articles.

    Their keys are digests of everything they show (the page's whole row, as fetched, with its
    parent, welfare area and related names), the language and the edit right, so an entry can
    never be stale: a changed row is a different key, and old ones fall out of the LRU. The
    suppressed KeyErrors are races between threads of a threaded server.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self.entries: OrderedDict[bytes, object] = OrderedDict()

    def get(self, key: bytes):
        value = self.entries.get(key)
        if value is not None:
            with contextlib.suppress(KeyError):
                self.entries.move_to_end(key)
        return value

    def put(self, key: bytes, value) -> None:
        self.entries[key] = value
        while len(self.entries) > self.size:
            with contextlib.suppress(KeyError, StopIteration):
                self.entries.popitem(last=False)


# (article, JSON-LD) per page row, language and edit right.
ARTICLES = SmallLRU(size=2000)
# Whole pages for visitors who are not logged in, rendered with placeholders for the two values
# that differ per request (the CSRF token and the CSP nonce) and filled in per response.
ANONYMOUS_PAGES = SmallLRU(size=1000)
_SENTINEL = secrets.token_hex(12)
CSRF_PLACEHOLDER = f"csrf{_SENTINEL}"
NONCE_PLACEHOLDER = f"nonce{_SENTINEL}"


def _whole_page_cacheable(request: HttpRequest) -> bool:
    """Not logged in and no messages to show: nothing else on the page depends on the visitor."""
    if request.user.is_authenticated:
        return False
    storage = getattr(request, "_messages", None)
    return storage is None or len(storage) == 0


def _fill_placeholders(request: HttpRequest, html: str) -> HttpResponse:
    html = html.replace(CSRF_PLACEHOLDER, get_token(request) or "NOTPROVIDED")
    if NONCE_PLACEHOLDER in html:
        html = html.replace(NONCE_PLACEHOLDER, str(get_nonce(request)))
    return HttpResponse(html)


# "The organisation's own texts are only available in Finnish."
IN_LANGUAGE = {"fi": _("in Finnish"), "sv": _("in Swedish"), "en": _("in English")}


def _article_context(organisation: Organisation, page: OrganisationPage, language: str) -> dict:
    description, description_lang = _in_language(organisation, "description")
    summary, summary_lang = _in_language(organisation, "summary")
    # Texts shown in another language than the page's (the fallback fi → sv → en) are said so.
    texts = ((description, description_lang), (summary, summary_lang))
    other = sorted({lang for text, lang in texts if text and lang != language})
    labels = {
        "categories": [CATEGORY_LABELS[c] for c in organisation.categories if c in CATEGORY_LABELS],
        "roles": [ROLE_LABELS[r] for r in organisation.roles if r in ROLE_LABELS],
        "languages": [LANGUAGE_LABELS[c] for c in organisation.languages if c in LANGUAGE_LABELS],
        "service_kinds": [
            SERVICE_KIND_LABELS[k] for k in organisation.service_kinds if k in SERVICE_KIND_LABELS
        ],
    }
    return {
        "organisation": organisation,
        "municipalities": page.municipality_names,
        "networks": page.networks,
        "target_groups": page.target_groups,
        "themes": page.themes,
        "labels": labels,
        "description": description,
        "description_lang": description_lang,
        "summary": summary,
        "summary_lang": summary_lang,
        "page_language": language,
        "texts_only_in": IN_LANGUAGE.get(other[0], "") if len(other) == 1 else "",
        "phone": format_phone(organisation.phone) if organisation.phone else "",
    }


@require_safe
def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    page = load_organisation_page(slug)
    if page is None or not access.can_view(request.user, page.organisation):
        redirect = _survivor_redirect(slug)
        if redirect is None:
            raise Http404
        return redirect
    organisation = page.organisation
    if organisation.merged_into_id is not None:
        redirect = _survivor_redirect(slug)
        if redirect is not None:
            return redirect

    language = get_language() or "fi"
    can_edit = access.can_edit(request.user, organisation)
    page_url = settings.SITE_URL + request.path
    key = hashlib.blake2b(
        repr((page.row, language, can_edit, page_url)).encode(), digest_size=16
    ).digest()
    whole_page = not can_edit and _whole_page_cacheable(request)
    if whole_page:
        page_key = hashlib.blake2b(key + request.get_full_path().encode(), digest_size=16).digest()
        html = ANONYMOUS_PAGES.get(page_key)
        if html is not None:
            return _fill_placeholders(request, html)
    cached = ARTICLES.get(key)
    if cached is None:
        context = _article_context(organisation, page, language[:2])
        context["can_edit"] = can_edit
        article = mark_safe(  # noqa: S308 (a rendered, autoescaped template)
            render_to_string("organisations/_partials/organisation_article.html", context)
        )
        json_ld = organisation_json_ld(
            organisation, page_url=page_url, municipalities=page.municipalities
        )
        cached = (article, json_ld)
        ARTICLES.put(key, cached)
    article, json_ld = cached
    context = {
        "organisation": organisation,
        "article": article,
        "json_ld": json_ld,
        "page_url": page_url,
    }
    if not whole_page:
        return render(request, "organisations/organisation_detail.html", context)
    context.update({"csrf_token": CSRF_PLACEHOLDER, "csp_nonce": NONCE_PLACEHOLDER})
    html = render_to_string("organisations/organisation_detail.html", context, request)
    ANONYMOUS_PAGES.put(page_key, html)
    return _fill_placeholders(request, html)
