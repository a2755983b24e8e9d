"""The welfare area's knowledge page, its tables as CSV, and the definitions of its figures.

Coordinators of the area (and staff) only (knowledge/access.py). The numbers come from
`figures.page_numbers` (aggregate rows, cached five minutes); the page works without JavaScript:
the filters are a GET form, the charts server-side SVG, each with its table and a CSV link.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from areas.models import WelfareArea
from portal.lib.spreadsheet import table_download
from taxonomy.models import Term

from . import geo
from .access import get_area_for_knowledge, knowledge_area_ids
from .figures import page_numbers
from .forms import FiguresFilterForm
from .tables import build_tables, term_map

HELSINKI = ZoneInfo("Europe/Helsinki")


def _tables(request: HttpRequest, slug: str):
    area = get_area_for_knowledge(request.user, slug)
    municipalities = list(area.municipalities.order_by("name_fi"))
    today = dt.datetime.now(HELSINKI).date()
    form = FiguresFilterForm(request.GET or None, municipalities=municipalities, today=today)
    period, selected = form.period(), form.chosen_municipality()
    numbers = page_numbers(
        area_id=area.pk,
        period=period,
        municipality_id=selected.pk if selected else None,
        municipality_code=selected.code if selected else "",
    )
    slugs = set(numbers["demand"]["theme"])
    terms = {
        term.pk: term
        for term in Term.objects.filter(Q(pk__in=term_map(numbers)) | Q(slug__in=slugs))
    }
    tables = build_tables(
        numbers, period=period, municipalities=municipalities, terms=terms, selected=selected
    )
    return area, form, period, selected, numbers, tables


@require_safe
@login_required
def index(request: HttpRequest) -> HttpResponse:
    area_ids = knowledge_area_ids(request.user)
    areas = list(WelfareArea.objects.filter(pk__in=area_ids).order_by("name_fi"))
    if len(areas) == 1:
        return redirect("knowledge:area", slug=areas[0].slug)
    return render(request, "knowledge/index.html", {"areas": areas})


@require_safe
@login_required
def area_page(request: HttpRequest, slug: str) -> HttpResponse:
    area, form, period, selected, numbers, tables = _tables(request, slug)
    context = {
        "area": area,
        "form": form,
        "period": period,
        "selected": selected,
        "numbers": numbers,
        "tables": tables,
        "population_year": geo.POPULATION_YEAR,
        "query": request.GET.urlencode(),
    }
    return render(request, "knowledge/area.html", context)


@require_safe
@login_required
def table_csv(request: HttpRequest, slug: str, table: str) -> HttpResponse:
    area, _form, period, selected, _numbers, tables = _tables(request, slug)
    found = next((t for t in tables if t.slug == table), None)
    if found is None:
        raise Http404
    name = f"{area.slug}-{found.slug}-{period.start:%Y-%m}-{period.end:%Y-%m}"
    if selected:
        name += f"-{selected.code}"
    header = [found.first, *(c.label for c in found.columns)]
    return table_download(
        header, found.csv_rows(), fmt="csv", name=name, sheet_title=str(found.title)
    )


@require_safe
@login_required
def definitions(request: HttpRequest) -> HttpResponse:
    knowledge_area_ids(request.user)
    return render(request, "knowledge/definitions.html", {"population_year": geo.POPULATION_YEAR})
