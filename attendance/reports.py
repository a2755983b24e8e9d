"""The association's yearly report: the figures grant applications (STEA, municipal grants) ask
for, by activity, theme and municipality, from the monthly rows (figures.py). Printable, and
CSV/XLSX through portal/lib/spreadsheet."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from accounts.http import AuthenticatedHttpRequest
from areas.models import Municipality
from meetingplaces.models import Activity, MeetingPlace
from meetingplaces.services import local_today
from portal.lib.spreadsheet import table_download
from taxonomy.models import Term

from . import access
from .figures import Figures, figures

# (attribute, name as grant applications say it, what it counts)
FIGURES = [
    (
        "dates_held",
        gettext_lazy("Sessions held"),
        gettext_lazy(
            "Dates of activities that took place, whether or not their figures were recorded, "
            "and the opening days of meeting places with a visitor count."
        ),
    ),
    (
        "dates_cancelled",
        gettext_lazy("Sessions cancelled"),
        gettext_lazy(
            "Dates cancelled in the schedule or marked as not held. They are not counted as "
            "sessions with no visitors."
        ),
    ),
    (
        "visits",
        gettext_lazy("Visits"),
        gettext_lazy(
            "People who came, counted on each held date, plus meeting places' visitors. One "
            "person who came five times is five visits."
        ),
    ),
    (
        "participants",
        gettext_lazy("Different participants"),
        gettext_lazy(
            "Signed-up people marked present at least once in the year, each counted once "
            "(by their account or their sign-up for the whole series). People who came "
            "without signing up are in the visits only. One person in two activities counts "
            "once in the total but in both activities' rows."
        ),
    ),
    (
        "volunteers",
        gettext_lazy("Volunteer turns"),
        gettext_lazy(
            "Volunteers counted on each held date, added up: one volunteer at ten dates is "
            "ten turns."
        ),
    ),
    (
        "volunteer_hours",
        gettext_lazy("Volunteer hours"),
        gettext_lazy("The hours of volunteer work recorded for the held dates."),
    ),
]
ADDITIVE = [name for name, _label, _definition in FIGURES if name != "participants"]


@dataclass
class Line:
    label: str
    figures: Figures

    def cells(self) -> list:
        return [getattr(self.figures, name) for name, _label, _definition in FIGURES]


@dataclass
class YearlyReport:
    year: int
    total: Figures
    activities: list[Line]
    themes: list[Line]
    municipalities: list[Line]


def _activity_label(activity: Activity) -> str:
    """The title, and where it is held when at a meeting place (two groups of one name)."""
    if activity.venue == "place" and activity.place_id:
        return f"{activity.title()} ({activity.place})"
    return activity.title()


def yearly_report(organisation, year: int) -> YearlyReport:
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    scope = {"start": start, "end": end, "organisation": organisation}
    total = figures(**scope)[None]
    by_activity = figures(by="activity", **scope)
    by_place = figures(by="place", **scope)
    by_theme = figures(by="theme", **scope)
    by_municipality = figures(by="municipality", **scope)

    activities = Activity.objects.select_related("place").in_bulk(
        [pk for pk in by_activity if pk is not None]
    )
    places = MeetingPlace.objects.in_bulk(list(by_place))
    terms = Term.objects.in_bulk([pk for pk in by_theme if pk is not None])
    municipalities = Municipality.objects.in_bulk([pk for pk in by_municipality if pk])

    activity_lines = sorted(
        (Line(_activity_label(activities[pk]), values) for pk, values in by_activity.items() if pk),
        key=lambda line: line.label.lower(),
    )
    activity_lines += sorted(
        (
            Line(_("%(place)s (visitors of the meeting place)") % {"place": places[pk]}, values)
            for pk, values in by_place.items()
        ),
        key=lambda line: line.label.lower(),
    )
    theme_lines = sorted(
        (Line(str(terms[pk]), values) for pk, values in by_theme.items() if pk),
        key=lambda line: line.label.lower(),
    )
    if None in by_theme:
        theme_lines.append(Line(_("No theme (and meeting places' visitors)"), by_theme[None]))
    municipality_lines = sorted(
        (Line(str(municipalities[pk]), values) for pk, values in by_municipality.items() if pk),
        key=lambda line: line.label.lower(),
    )
    if None in by_municipality:
        municipality_lines.append(Line(_("Online"), by_municipality[None]))
    return YearlyReport(year, total, activity_lines, theme_lines, municipality_lines)


def _cell(value):
    if isinstance(value, Decimal):
        return str(value).replace(".", ",")
    return value


@login_required
@require_GET
def yearly_report_view(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    organisation = access.get_organisation(request.user, slug)
    this_year = local_today().year
    try:
        year = int(request.GET.get("year", this_year))
    except ValueError:
        year = this_year
    year = max(2000, min(year, this_year))
    report = yearly_report(organisation, year)
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        header = [_("Part of the report"), _("Row")] + [str(label) for _n, label, _d in FIGURES]
        sections = [
            (_("Total"), [Line(_("Total"), report.total)]),
            (_("By activity"), report.activities),
            (_("By theme"), report.themes),
            (_("By municipality"), report.municipalities),
        ]
        rows = [
            [section, line.label] + [_cell(getattr(line.figures, name)) for name, _l, _d in FIGURES]
            for section, lines in sections
            for line in lines
        ]
        return table_download(
            header,
            rows,
            fmt=fmt,
            name=f"{organisation.slug}-{year}",
            sheet_title=_("Yearly report %(year)s") % {"year": year},
        )
    return render(
        request,
        "attendance/report.html",
        {
            "organisation": organisation,
            "report": report,
            "figures": FIGURES,
            "total_rows": [(label, getattr(report.total, name)) for name, label, _d in FIGURES],
            "years": list(range(this_year, this_year - 6, -1)),
            "year": year,
        },
    )
