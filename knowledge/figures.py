"""The numbers of the knowledge page for one welfare area, period and municipality.

Read from the aggregate rows only (knowledge/models.py, attendance's monthly rows) and a few
small tables (meeting places, organisations, consultations): never from occurrences. All the
numbers of one page come from `page_numbers`, cached per area, period, municipality and
refresh in the shared cache until the next hourly refresh (the page says how old they may be);
the refresh itself computes each area's default view, so the page a coordinator lands on is
ready.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Q, Sum
from django.utils import timezone

from forums.models import Comment, CommentStatus, Consultation

from . import sources
from .models import Refresh, SearchTerm

# The key names the refresh, so a new refresh starts new keys; an hour and a margin.
CACHE_SECONDS = 65 * 60
OFFER_FIELDS = (
    "activities", "places_used", "dates_held", "dates_cancelled", "minutes", "seats",
    "signups", "waiting", "full_dates", "visits",
)  # fmt: skip


@dataclass(frozen=True)
class Period:
    start: dt.date  # the first day of the first month
    end: dt.date  # the first day of the last month (inclusive)

    @property
    def stop(self) -> dt.date:
        """The day after the period."""
        return (self.end + dt.timedelta(days=32)).replace(day=1)

    @property
    def weeks(self) -> float:
        return (self.stop - self.start).days / 7

    def months(self) -> list[dt.date]:
        found, month = [], self.start
        while month <= self.end:
            found.append(month)
            month = (month + dt.timedelta(days=32)).replace(day=1)
        return found


_OFFER_SQL = """
SELECT GROUPING(am.municipality_id), GROUPING(am.month), am.municipality_id, am.month,
       count(DISTINCT am.activity_id) FILTER (WHERE am.dates_held > 0),
       count(DISTINCT am.place_id) FILTER (WHERE am.dates_held > 0),
       sum(am.dates_held), sum(am.dates_cancelled), sum(am.minutes), sum(am.seats),
       sum(am.signups), sum(am.waiting), sum(am.full_dates), sum(am.visits)
FROM knowledge_activitymonth am
WHERE am.welfare_area_id = %s AND am.month >= %s AND am.month <= %s {municipality}
GROUP BY GROUPING SETS ((am.municipality_id), (am.month), ())
"""
# An activity with two themes counts under both; one without a theme under none (NULL).
_THEME_SQL = """
SELECT t.term_id,
       count(DISTINCT am.activity_id) FILTER (WHERE am.dates_held > 0),
       count(DISTINCT am.place_id) FILTER (WHERE am.dates_held > 0),
       sum(am.dates_held), sum(am.dates_cancelled), sum(am.minutes), sum(am.seats),
       sum(am.signups), sum(am.waiting), sum(am.full_dates), sum(am.visits)
FROM knowledge_activitymonth am
LEFT JOIN meetingplaces_activity_themes t ON t.activity_id = am.activity_id
WHERE am.welfare_area_id = %s AND am.month >= %s AND am.month <= %s {municipality}
GROUP BY t.term_id
"""


def _values(row) -> dict[str, int]:
    return {name: int(value or 0) for name, value in zip(OFFER_FIELDS, row, strict=True)}


def offer_numbers(area_id: int, period: Period, municipality_id: int | None) -> dict:
    where, params = "", list[int | dt.date]([area_id, period.start, period.end])
    if municipality_id:
        where, params = "AND am.municipality_id = %s", [*params, municipality_id]
    by_municipality, by_month, total = {}, {}, dict.fromkeys(OFFER_FIELDS, 0)
    by_theme = {}
    with connection.cursor() as cursor:
        cursor.execute(_OFFER_SQL.format(municipality=where), params)
        for g_municipality, g_month, municipality, month, *values in cursor.fetchall():
            if g_municipality and g_month:
                total = _values(values)
            elif not g_municipality:
                by_municipality[municipality] = _values(values)
            else:
                by_month[month] = _values(values)
        cursor.execute(_THEME_SQL.format(municipality=where), params)
        for term, *values in cursor.fetchall():
            by_theme[term] = _values(values)
    return {"municipality": by_municipality, "month": by_month, "theme": by_theme, "total": total}


# The searches of an area's period by municipality, theme and month, and in all: one scan of
# the covering index instead of four (GROUPING SETS; the ORM has no way to say it).
_DEMAND_SQL = """
SELECT GROUPING(d.municipality), GROUPING(d.theme), GROUPING(d.month),
       d.municipality, d.theme, d.month, sum(d.searches), sum(d.empty)
FROM (SELECT sd.municipality, sd.theme, date_trunc('month', sd.day)::date AS month,
             sd.searches, sd.empty
      FROM knowledge_searchdemand sd
      WHERE sd.welfare_area_id = %s AND sd.day >= %s AND sd.day < %s {municipality}) AS d
GROUP BY GROUPING SETS ((d.municipality), (d.theme), (d.month), ())
"""


def demand_numbers(area_id: int, period: Period, municipality_code: str) -> dict:
    where, params = "", list[int | str | dt.date]([area_id, period.start, period.stop])
    if municipality_code:
        where, params = "AND sd.municipality = %s", [*params, municipality_code]
    result: dict = {"total": {"searches": 0, "empty": 0}}
    for name in ("municipality", "theme", "month"):
        result[name] = {}
    with connection.cursor() as cursor:
        cursor.execute(_DEMAND_SQL.format(municipality=where), params)
        for row in cursor:
            g_municipality, g_theme, g_month, municipality, theme, month, searches, empty = row
            values = {"searches": int(searches or 0), "empty": int(empty or 0)}
            if not g_municipality:
                result["municipality"][municipality] = values
            elif not g_theme:
                result["theme"][theme] = values
            elif not g_month:
                result["month"][month] = values
            else:
                result["total"] = values
    terms = SearchTerm.objects.filter(
        welfare_area_id=area_id, day__gte=period.start, day__lt=period.stop
    ).exclude(text="")
    result["words"] = list(
        terms.values("text")
        .annotate(searches=Sum("searches"), empty=Sum("empty"))
        .order_by("-searches", "text")[:20]
    )
    return result


def participation_numbers(area_id: int, period: Period) -> dict:
    start = timezone.make_aware(dt.datetime.combine(period.start, dt.time()))
    stop = timezone.make_aware(dt.datetime.combine(period.stop, dt.time()))
    consultations = Consultation.objects.filter(
        forum__welfare_area_id=area_id, is_published=True
    ).aggregate(
        open=Count("pk", filter=Q(opens_at__lt=stop, closes_at__gte=start)),
        summaries=Count(
            "pk", filter=Q(summary_published_at__gte=start, summary_published_at__lt=stop)
        ),
    )
    channels = dict(
        Comment.objects.filter(
            consultation__forum__welfare_area_id=area_id, created_at__gte=start, created_at__lt=stop
        )
        .exclude(status=CommentStatus.HIDDEN)
        .values_list("channel")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {**consultations, "channels": channels}


def refresh_row(area_id: int) -> tuple[dt.datetime | None, dict]:
    """When the area's rows were rebuilt and the registry's counts taken then."""
    row = Refresh.objects.filter(welfare_area_id=area_id).values_list("refreshed_at", "snapshot")
    return row.first() or (None, {})


def snapshot_numbers(snapshot: dict, municipality_id: int | None) -> tuple[dict, dict]:
    """(published meeting places by municipality id, freshness counts), for one municipality
    or the whole area."""
    places = {int(k): v[0] for k, v in snapshot.get("places", {}).items()}
    wanted = str(municipality_id) if municipality_id else None

    def pick(name: str) -> list[int]:
        rows = snapshot.get(name, {})
        values = [v for k, v in rows.items() if wanted is None or k == wanted]
        return [sum(v[0] for v in values), sum(v[1] for v in values)]

    organisations = snapshot.get("organisations", {})
    total = snapshot.get("organisations_total", 0)
    freshness = {
        "organisations": organisations.get(wanted, 0) if wanted else total,
        "places": dict(zip(("n", "old"), pick("places"), strict=True)),
        "activities": dict(zip(("n", "old"), pick("activities"), strict=True)),
    }
    if wanted:
        places = {k: v for k, v in places.items() if k == municipality_id}
    return places, freshness


def page_numbers(
    *, area_id: int, period: Period, municipality_id: int | None, municipality_code: str
) -> dict:
    """Every number of one page (see the module's note on caching)."""
    refreshed, snapshot = refresh_row(area_id)
    key = (
        f"knowledge:numbers:{area_id}:{period.start}:{period.end}:{municipality_id or ''}:"
        f"{refreshed.timestamp() if refreshed else ''}"
    )

    def compute() -> dict:
        now = timezone.now()
        return {
            "computed_at": now,
            "refreshed_at": refreshed,
            "offer": offer_numbers(area_id, period, municipality_id),
            "places": snapshot_numbers(snapshot, municipality_id)[0],
            "attendance": sources.attendance(
                area_id=area_id, start=period.start, end=period.end, municipality_id=municipality_id
            ),
            "demand": demand_numbers(area_id, period, municipality_code),
            "participation": participation_numbers(area_id, period),
            "guidance": sources.guidance_outcomes(
                area_id=area_id, start=period.start, end=period.end, municipality_id=municipality_id
            ),
            "freshness": snapshot_numbers(snapshot, municipality_id)[1],
        }

    numbers = cache.get_or_set(key, compute, CACHE_SECONDS)
    if not isinstance(numbers, dict):  # not what compute() makes: compute afresh
        numbers = compute()
    return numbers
