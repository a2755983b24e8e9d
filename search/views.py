"""The residents' search page (public): one box over activities, places and organisations."""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from portal.lib.http import HtmxHttpRequest
from portal.lib.translation import fallback_chain, localised

from . import registry
from .forms import SORT_CHOICES, ResidentsSearchForm, municipality_choices, residents_query
from .residents import ResidentsQuery, residents_search


def municipality_options(form: ResidentsSearchForm) -> str:
    """The municipality select's options, the chosen one selected, as one escaped string: the
    300-odd options are joined once per language and kept in the cache for an hour."""
    language = fallback_chain()[0]

    def join() -> str:
        return "".join(
            f'<option value="{escape(value)}">{escape(label)}</option>'
            for value, label in municipality_choices()
        )

    options = cache.get_or_set(f"residents:municipality-options:{language}", join, 3600)
    if not isinstance(options, str):  # not what join() makes: make the options afresh
        options = join()
    chosen = form["municipality"].value() or ""
    if chosen:  # a code of three digits, else it matches no option
        selected = f'<option value="{escape(chosen)}">'
        options = options.replace(selected, f"{selected[:-1]} selected>", 1)
    return mark_safe(options)  # noqa: S308 (every value and label escaped in join())


def counted(request: HttpRequest, query: ResidentsQuery) -> bool:
    """A search residents' demand counts: words, a theme or a place asked, and not only another
    page or order of a search already counted."""
    asked = bool(query.q or query.selected.get("theme") or query.location)
    return asked and query.page <= 1 and "sort" not in request.GET


@require_safe
def search(request: HtmxHttpRequest) -> HttpResponse:
    form = ResidentsSearchForm(request.GET or None)
    query = residents_query(form) if form.is_bound else ResidentsQuery()
    page = residents_search(query)
    if form.is_bound and counted(request, query):
        registry.search_done(
            registry.SearchDone(
                words=query.q,
                themes=tuple(query.selected.get("theme", ())),
                municipality=query.location.municipality_code if query.location else "",
                areas=tuple(query.selected.get("area", ())),
                total=page.total,
            )
        )
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "form": form,
        "query": query,
        "result": page,
        "page_query": params.urlencode(),
        "result_action": registry.result_action(request),
        "map_enabled": bool(settings.MAP_TILE_URL),
        "map_tile_url": settings.MAP_TILE_URL,
        "map_tile_attribution": settings.MAP_TILE_ATTRIBUTION,
        "everywhere_params": query.params(drop_location=True),
        "area_names": [
            (area.slug, localised(area, "name"))
            for area in apps.get_model("areas", "WelfareArea").objects.filter(
                slug__in=query.selected.get("area", [])
            )
        ]
        if query.selected.get("area")
        else [],
        "without_area_params": query.params(area=None),
        # Called by the template only when it renders the body (not on a cached body).
        "municipality_options": lambda: municipality_options(form),
        "filters_in_use": bool(query.selected or query.weekdays or query.times or query.when),
        "filters_open": bool(form.is_bound and ({"date_from", "date_to"} & set(form.errors))),
        "sort_links": [
            {"label": label, "params": query.params(sort=value), "current": value == query.sort}
            for value, label in SORT_CHOICES
            if value != "distance" or query.location
        ],
    }
    template = "search/search.html"
    if request.htmx and not request.htmx.boosted:
        template += "#results"
    return render(request, template, context)
