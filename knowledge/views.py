"""The welfare area's knowledge page, its tables as CSV, and the definitions of its figures.

Coordinators of the area (and staff) only (knowledge/access.py). The numbers come from
`figures.page_numbers` (aggregate rows, cached until the next hourly refresh); it works without
JavaScript: the filters are a GET form, the charts server-side SVG, each with its table and CSV.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from accounts.http import AuthenticatedHttpRequest
from areas.models import WelfareArea
from portal.lib.spreadsheet import table_download
from taxonomy.models import Term

from . import geo
from .access import get_area_for_knowledge, knowledge_area_ids
from .figures import CACHE_SECONDS, page_numbers, refresh_row
from .forms import FiguresFilterForm
from .tables import build_tables, term_map

HELSINKI = ZoneInfo("Europe/Helsinki")


def options_html(field) -> SafeString:
    """A select's options as one escaped string (37 months: a template per option is slow)."""
    chosen = str(field.value() or "")
    return mark_safe(  # noqa: S308 (every value and label escaped here)
        "".join(
            f'<option value="{escape(value)}"{" selected" if str(value) == chosen else ""}>'
            f"{escape(label)}</option>"
            for value, label in field.field.choices
        )
    )


def _filters(request: AuthenticatedHttpRequest, slug: str):
    area = get_area_for_knowledge(request.user, slug)
    municipalities = list(area.municipalities.order_by("name_fi"))
    today = dt.datetime.now(HELSINKI).date()
    form = FiguresFilterForm(request.GET or None, municipalities=municipalities, today=today)
    return area, municipalities, form, form.period(), form.chosen_municipality()


def _tables(request: AuthenticatedHttpRequest, slug: str, filters=None):
    area, municipalities, form, period, selected = filters or _filters(request, slug)
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
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    area_ids = knowledge_area_ids(request.user)
    areas = list(WelfareArea.objects.filter(pk__in=area_ids).order_by("name_fi"))
    if len(areas) == 1:
        return redirect("knowledge:area", slug=areas[0].slug)
    return render(request, "knowledge/index.html", {"areas": areas})


@require_safe
@login_required
def area_page(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    filters = _filters(request, slug)
    area, _municipalities, form, period, selected = filters
    query = request.GET.urlencode()
    # The figures' HTML (tables, charts) in the shared cache for as long as their numbers: the
    # same area, period, municipality, refresh and language give the same markup.
    refreshed, _snapshot = refresh_row(area.pk)
    key = (
        f"knowledge:html:{area.pk}:{period.start}:{period.end}:{selected.pk if selected else ''}:"
        f"{refreshed.timestamp() if refreshed else ''}:{get_language()}:{hash_query(query)}"
    )
    computed = SimpleLazyObject(lambda: _tables(request, slug, filters))
    context = {
        "area": area,
        "form": form,
        "filter_fields": [(form[name], options_html(form[name])) for name in form.fields],
        "period": period,
        "selected": selected,
        "query": query,
        # The figures' fragment (knowledge/area.html's {% cache %}) by this key; its numbers and
        # tables are computed only when the fragment is not in the cache.
        "figures_key": key,
        "figures_seconds": CACHE_SECONDS,
        "numbers": SimpleLazyObject(lambda: computed[4]),
        "tables": SimpleLazyObject(lambda: computed[5]),
        "population_year": geo.POPULATION_YEAR,
    }
    return render(request, "knowledge/area.html", context)


def hash_query(query: str) -> str:
    """The GET parameters as the CSV links repeat them (a short digest for the cache key)."""
    import hashlib

    return hashlib.sha256(query.encode()).hexdigest()[:16]


@require_safe
@login_required
def table_csv(request: AuthenticatedHttpRequest, slug: str, table: str) -> HttpResponse:
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
def definitions(request: AuthenticatedHttpRequest) -> HttpResponse:
    knowledge_area_ids(request.user)
    return render(request, "knowledge/definitions.html", {"population_year": geo.POPULATION_YEAR})
