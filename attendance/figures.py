"""Attendance figures for a period, read from the monthly rows the services keep current.

The one interface other apps (the welfare area's knowledge page, the association's yearly
report) read attendance through; its signatures stay stable. Every function takes a period
(`start`, `end`, dates, both included) that is widened to whole months: the rows are monthly.
Filter by `welfare_area` (an area's every row), `organisation` (its activities and the meeting
places it runs) and/or `municipality` (model instances or ids). `by` groups the result:

- None: one total, key None;
- "municipality": municipality id (None: online or no municipality);
- "theme": taxonomy Term id (None: no theme). An activity with two themes counts under both,
  so the groups add up to more than the total;
- "month": the first day of the month (a `datetime.date`);
- "activity": activity id (None: meeting places' door counts);
- "place": meeting place id of the door counts (activities are left out);
- "organisation": organisation id (None: door counts of places).

What each figure counts (the yearly report shows these definitions):

- dates_held: past dates of activities that took place (not cancelled, not marked as not held),
  plus the opening days a meeting place recorded visitors for;
- dates_cancelled: dates cancelled in the schedule or marked by the organiser as not held;
- dates_recorded: held dates with figures recorded;
- visits: participants counted on held dates plus the visitors of meeting places (visits, not
  people: one person who came five times is five visits);
- volunteers: volunteers counted on held dates (volunteer turns, summed over dates);
- volunteer_hours: their hours;
- participants: different signed-up people marked present at least once in the period
  (recognised by their account or their sign-up for the whole series; a keyed hash, no name).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Count, Model, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse

from meetingplaces.models import MeetingPlace

from .models import MonthFigure, ParticipantMonth

GROUPS = ("municipality", "theme", "month", "activity", "place", "organisation")

_FIGURE_KEYS = {
    "municipality": "municipality_id",
    "theme": "activity__themes",
    "month": "month",
    "activity": "activity_id",
    "place": "place_id",
    "organisation": "organisation_id",
}


@dataclass(frozen=True)
class Figures:
    dates_held: int = 0
    dates_cancelled: int = 0
    dates_recorded: int = 0
    visits: int = 0
    volunteers: int = 0
    volunteer_hours: Decimal = Decimal("0.0")
    participants: int = 0


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def month_page_url(view_name: str, slug: str, day: dt.date) -> str:
    """The address of an activity's or a place's attendance page at `day`'s month."""
    return reverse(view_name, kwargs={"slug": slug}) + f"?month={day:%Y-%m}"


def _id(value: Model | int) -> int:
    """The id of a row given as the row or as its id."""
    return value if isinstance(value, int) else value.pk


def _figure_rows(
    start: dt.date,
    end: dt.date,
    welfare_area: Model | int | None,
    organisation: Model | int | None,
    municipality: Model | int | None,
) -> QuerySet[MonthFigure]:
    rows = MonthFigure.objects.filter(month__range=(month_start(start), month_start(end)))
    if welfare_area is not None:
        rows = rows.filter(welfare_area_id=_id(welfare_area))
    if organisation is not None:
        organisation_id = _id(organisation)
        # The places it runs, read first: two index scans (figure_org_month and the place's
        # unique index) instead of a join under an OR.
        place_ids = list(
            MeetingPlace.organisations.through.objects.filter(
                organisation_id=organisation_id
            ).values_list("meetingplace_id", flat=True)
        )
        rows = rows.filter(Q(organisation_id=organisation_id) | Q(place_id__in=place_ids))
    if municipality is not None:
        rows = rows.filter(municipality_id=_id(municipality))
    return rows


def _participant_rows(
    start: dt.date,
    end: dt.date,
    welfare_area: Model | int | None,
    organisation: Model | int | None,
    municipality: Model | int | None,
) -> QuerySet[ParticipantMonth]:
    rows = ParticipantMonth.objects.filter(month__range=(month_start(start), month_start(end)))
    if welfare_area is not None:
        rows = rows.filter(welfare_area_id=_id(welfare_area))
    if organisation is not None:
        rows = rows.filter(organisation_id=_id(organisation))
    if municipality is not None:
        rows = rows.filter(municipality_id=_id(municipality))
    return rows


def figures(
    *,
    start: dt.date,
    end: dt.date,
    welfare_area: Model | int | None = None,
    organisation: Model | int | None = None,
    municipality: Model | int | None = None,
    by: str | None = None,
) -> dict[Any, Figures]:
    """{group key: Figures} for the period; groups without any row are left out (by=None
    always answers {None: Figures})."""
    if by is not None and by not in GROUPS:
        raise ValueError(f"by must be one of {GROUPS}")
    key = _FIGURE_KEYS[by] if by else None
    rows = _figure_rows(start, end, welfare_area, organisation, municipality)
    if by == "place":
        rows = rows.filter(place__isnull=False)
    sums = {
        "dates_held": Coalesce(Sum("dates_held"), 0),
        "dates_cancelled": Coalesce(Sum("dates_cancelled"), 0),
        "dates_recorded": Coalesce(Sum("dates_recorded"), 0),
        "visits": Coalesce(Sum("visits"), 0),
        "volunteers": Coalesce(Sum("volunteers"), 0),
        "volunteer_hours": Coalesce(Sum("volunteer_hours"), Decimal("0.0")),
    }
    result: dict[Any, dict] = {}
    if key is None:
        result[None] = rows.aggregate(**sums)
    else:
        for row in rows.values(key).annotate(**sums).order_by():
            result[row.pop(key)] = row
    if by != "place":
        people = _participant_rows(start, end, welfare_area, organisation, municipality)
        if key is None:
            result[None]["participants"] = people.aggregate(n=Count("person", distinct=True))["n"]
        else:
            for row in people.values(key).annotate(n=Count("person", distinct=True)).order_by():
                group = result.setdefault(row[key], {})
                group["participants"] = row["n"]
    return {group: Figures(**values) for group, values in result.items()}


# Groups that are a column of both the monthly figures and the participants' rows.
_COLUMN_GROUPS = {"municipality": "municipality_id", "month": "month"}
_SUMMED = ("dates_held", "dates_cancelled", "dates_recorded", "visits", "volunteers")
_SUMS = ", ".join(f"coalesce(sum(f.{name}), 0)" for name in (*_SUMMED, "volunteer_hours"))


def _grouping_sets(queryset: QuerySet, columns: list[str], aggregates: str) -> list[tuple]:
    """`aggregates` over the queryset's rows (a `values()` naming the columns and what the
    aggregates read) grouped by each column alone (GROUPING SETS: one scan instead of one per
    column; the ORM cannot say it). Rows: the GROUPING of each column, the columns, the
    aggregates."""
    inner, params = queryset.query.sql_with_params()
    groupings = ", ".join(f"GROUPING(f.{c})" for c in columns)
    keys = ", ".join(f"f.{c}" for c in columns)
    sets = ", ".join(f"(f.{c})" for c in columns)
    sql = (
        f"SELECT {groupings}, {keys}, {aggregates} FROM ({inner}) AS f "  # noqa: S608 (our own)
        f"GROUP BY GROUPING SETS ({sets})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def figures_by(
    groups: tuple[str, ...],
    *,
    start: dt.date,
    end: dt.date,
    welfare_area: Model | int | None = None,
    municipality: Model | int | None = None,
) -> dict[str, dict[Any, Figures]]:
    """{group: figures(by=group)} for several of the groups "municipality" and "month" at once,
    in two statements (the sums, the distinct participants) instead of two per group: the
    knowledge page's attendance (a cold page at the national benchmark's size, bench/README.md)."""
    columns = [_COLUMN_GROUPS[group] for group in groups]
    n = len(columns)
    found: dict[str, dict[Any, dict]] = {group: {} for group in groups}
    rows = _figure_rows(start, end, welfare_area, None, municipality)
    rows = rows.values(*columns, *_SUMMED, "volunteer_hours")
    for row in _grouping_sets(rows, columns, _SUMS):
        grouped, keys, values = row[:n], row[n : 2 * n], row[2 * n :]
        i = grouped.index(0)
        found[groups[i]][keys[i]] = {
            **{name: int(v) for name, v in zip(_SUMMED, values, strict=False)},
            "volunteer_hours": Decimal(values[-1]),
        }
    people = _participant_rows(start, end, welfare_area, None, municipality)
    people = people.values(*columns, "person")
    for row in _grouping_sets(people, columns, "count(DISTINCT f.person)"):
        grouped, keys, (count,) = row[:n], row[n : 2 * n], row[2 * n :]
        i = grouped.index(0)
        found[groups[i]].setdefault(keys[i], {})["participants"] = count
    return {group: {k: Figures(**v) for k, v in values.items()} for group, values in found.items()}


def totals(*, start: dt.date, end: dt.date, **filters: Any) -> Figures:
    """The period's total (filters: welfare_area, organisation, municipality)."""
    return figures(start=start, end=end, **filters)[None]


def by_municipality(*, start: dt.date, end: dt.date, **filters: Any) -> dict[Any, Figures]:
    return figures(start=start, end=end, by="municipality", **filters)


def by_theme(*, start: dt.date, end: dt.date, **filters: Any) -> dict[Any, Figures]:
    return figures(start=start, end=end, by="theme", **filters)


def by_month(*, start: dt.date, end: dt.date, **filters: Any) -> dict[Any, Figures]:
    return figures(start=start, end=end, by="month", **filters)


def by_activity(*, start: dt.date, end: dt.date, **filters: Any) -> dict[Any, Figures]:
    return figures(start=start, end=end, by="activity", **filters)
