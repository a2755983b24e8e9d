"""Benchmark baseline pages, served by the same process, settings and middleware as the portal.

`fortunes` is TechEmpower's fortunes test in our own stack: one query of twelve rows, one row
added in Python, sorted, rendered through an escaped template. bench/run.py compares the
directory pages against it (performance-anchors.md §7–8). The pages answer 404 unless the
environment sets YHDESSA_BENCH_PAGES=1, so they never exist in a normal deployment.
"""

from __future__ import annotations

import os

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_safe

from areas.models import Municipality

# A row added at request time, with markup that the template must escape.
ADDED_MESSAGE = '<script>alert("Lisätty pyynnön aikana & escaped")</script>'


def bench_pages_enabled() -> bool:
    return os.environ.get("YHDESSA_BENCH_PAGES") == "1"


@require_safe
def fortunes(request: HttpRequest) -> HttpResponse:
    if not bench_pages_enabled():
        raise Http404
    rows = list(Municipality.objects.order_by("code").values("id", "name_fi")[:12])
    rows.append({"id": 0, "name_fi": ADDED_MESSAGE})
    rows.sort(key=lambda row: row["name_fi"])
    return render(request, "bench/fortunes.html", {"fortunes": rows})


@require_safe
def api_activities_plain(request: HttpRequest) -> HttpResponse:
    """The open data API's activity list built by the same code, answered by plain Django
    instead of Django Ninja (no parameters' schema): bench/api_run.py measures what the library
    costs."""
    if not bench_pages_enabled():
        raise Http404
    from api.endpoints import activities
    from api.params import PageParams

    return activities.activity_page(
        request, PageParams(cursor=None, page_size=50, modified_since=None)
    )


# Mounted by portal/urls.py: path("bench/", include("portal.bench_views")).
urlpatterns = [
    path("fortunes/", fortunes, name="bench-fortunes"),
    path("api-activities/", api_activities_plain, name="bench-api-activities"),
]
