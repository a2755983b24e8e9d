"""The residents' search page (public): one box over activities, places and organisations."""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from portal.lib.http import HtmxHttpRequest
from portal.lib.translation import localised

from . import registry
from .forms import SORT_CHOICES, ResidentsSearchForm, municipality_choices, residents_query
from .residents import ResidentsQuery, residents_search


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
        # Called by the template only when it renders the options (not from the cache).
        "municipality_choices": municipality_choices,
        # A valid code only (the options' fragment is kept per chosen municipality).
        "chosen_municipality": getattr(form, "cleaned_data", {}).get("municipality") or "",
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
