"""Keeping the knowledge page's aggregate rows current (knowledge/models.py).

`figures_refresh` rebuilds one welfare area's `ActivityMonth` rows from the stored occurrences
and sign-ups in one transaction (a delete and an insert): the page then reads a few thousand
narrow rows instead of scanning occurrences. Beat runs it for every area each hour
(knowledge.tasks), `seed_demo` after the demo data; `manage.py knowledge_refresh` runs it by hand.
"""

from __future__ import annotations

import datetime as dt
import time
from zoneinfo import ZoneInfo

from django.apps import apps
from django.db import connection, transaction
from django.db.models import Count, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from areas.models import WelfareArea
from meetingplaces.models import Activity, MeetingPlace
from organisations.models import Organisation

from .models import Refresh
from .periods import MONTHS_BACK

HELSINKI = ZoneInfo("Europe/Helsinki")


def window(today: dt.date) -> tuple[dt.date, dt.date]:
    """The first day of the first month kept, and the day after the last stored occurrence
    can be (occurrences reach a year ahead)."""
    first = today.replace(day=1)
    for _ in range(MONTHS_BACK):
        first = (first - dt.timedelta(days=1)).replace(day=1)
    return first, today.replace(year=today.year + 1) + dt.timedelta(days=31)


# One row per activity and month. The date's municipality is its meeting place's, else the
# activity's own (an address); online activities have none. Drafts never count; an archived
# activity counts for the dates before today (it was held). "Signed up" counts confirmed
# sign-ups; a date is full when its confirmed and pending sign-ups fill its capacity or someone
# waits for a seat.
# The seats are counted per occurrence through its index (LATERAL), so the statement's cost
# does not hang on the planner's row estimates: right after a bulk load (the demo seeded in one
# transaction, before autovacuum has analysed anything) a grouped `seats` subquery was planned as
# the inner side of a nested loop, re-aggregating every sign-up of the area for each occurrence,
# and one area's refresh ran for over 8 minutes instead of under a second.
_ACTIVITY_MONTHS = """
WITH occ AS MATERIALIZED (
    SELECT o.id, o.activity_id, o.date, o.status, o.starts_at, o.ends_at
    FROM meetingplaces_occurrence o
    JOIN meetingplaces_activity a ON a.id = o.activity_id
    JOIN organisations_organisation g ON g.id = a.organisation_id
    WHERE a.welfare_area_id = %(area)s AND o.date >= %(start)s AND o.date < %(end)s
      AND a.status <> 'draft' AND g.status <> 'draft'
      AND (a.status = 'published' OR o.date < %(today)s)
)
INSERT INTO knowledge_activitymonth (
    welfare_area_id, activity_id, month, municipality_id, place_id, dates_held, dates_cancelled,
    minutes, seats, signups, waiting, full_dates)
SELECT %(area)s, a.id, date_trunc('month', occ.date)::date,
       CASE WHEN a.venue = 'place' THEN p.municipality_id
            WHEN a.venue = 'address' THEN a.municipality_id END,
       CASE WHEN a.venue = 'place' THEN a.place_id END,
       count(*) FILTER (WHERE occ.status <> 'cancelled'),
       count(*) FILTER (WHERE occ.status = 'cancelled'),
       COALESCE(sum(extract(epoch FROM occ.ends_at - occ.starts_at) / 60)
                FILTER (WHERE occ.status <> 'cancelled'), 0)::int,
       COALESCE(sum(a.capacity) FILTER (WHERE occ.status <> 'cancelled'), 0),
       COALESCE(sum(seats.confirmed), 0),
       COALESCE(sum(seats.waiting), 0),
       count(*) FILTER (WHERE occ.status <> 'cancelled' AND (seats.waiting > 0
                        OR (a.capacity IS NOT NULL AND seats.taken >= a.capacity)))
FROM occ
JOIN meetingplaces_activity a ON a.id = occ.activity_id
LEFT JOIN meetingplaces_meetingplace p ON p.id = a.place_id
LEFT JOIN LATERAL (
    SELECT count(*) FILTER (WHERE s.status = 'confirmed') AS confirmed,
           count(*) FILTER (WHERE s.status IN ('confirmed', 'pending')) AS taken,
           count(*) FILTER (WHERE s.status = 'waiting') AS waiting
    FROM signups_signup s WHERE s.occurrence_id = occ.id
) seats ON true
GROUP BY a.id, p.municipality_id, date_trunc('month', occ.date)
"""


# The activities' visits of each month from attendance's monthly rows (the same numbers
# attendance/figures.py sums), so the page's one statement gives offer, use and visits by
# municipality, theme and month (asking attendance by theme cost 0.2-0.3 s per page at national
# size, bench/README.md).
_VISITS = """
UPDATE knowledge_activitymonth am SET visits = mf.visits
FROM attendance_monthfigure mf
WHERE am.welfare_area_id = %(area)s AND mf.activity_id = am.activity_id AND mf.month = am.month
  AND mf.visits > 0
"""


def snapshot(area_id: int, now: dt.datetime) -> dict:
    """The registry's state now, by municipality: published meeting places and activities and
    how many of them nobody has saved for a year; organisations not confirmed in 12 months
    (by each municipality where they are active, and in all)."""
    old = now - dt.timedelta(days=365)
    counts = {"n": Count("pk"), "old": Count("pk", filter=Q(updated_at__lt=old))}
    places = (
        MeetingPlace.objects.published().filter(welfare_area_id=area_id).values("municipality_id")
    )
    activities = (
        Activity.objects.published()
        .filter(welfare_area_id=area_id)
        .annotate(where=Coalesce("place__municipality_id", "municipality_id"))
        .values("where")
    )
    stale = Organisation.objects.in_area(area_id).stale()
    return {
        "places": {
            str(r["municipality_id"]): [r["n"], r["old"]]
            for r in places.annotate(**counts).order_by()
        },
        "activities": {
            str(r["where"] or ""): [r["n"], r["old"]]
            for r in activities.annotate(**counts).order_by()
        },
        "organisations": {
            str(r["municipalities"] or ""): r["n"]
            for r in stale.values("municipalities").annotate(n=Count("pk")).order_by()
        },
        "organisations_total": stale.count(),
    }


def figures_refresh(*, area_id: int, today: dt.date | None = None) -> float:
    """Rebuild one area's aggregate rows; the seconds it took."""
    started = time.monotonic()
    today = today or dt.datetime.now(HELSINKI).date()
    start, end = window(today)
    params: dict[str, int | dt.date] = {"area": area_id, "start": start, "end": end, "today": today}
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM knowledge_activitymonth WHERE welfare_area_id = %s", [area_id])
        cursor.execute(_ACTIVITY_MONTHS, params)
        if apps.is_installed("attendance"):
            cursor.execute(_VISITS, params)
        seconds = time.monotonic() - started
        now = timezone.now()
        Refresh.objects.update_or_create(
            welfare_area_id=area_id,
            defaults={
                "refreshed_at": now,
                "seconds": round(seconds, 3),
                "snapshot": snapshot(area_id, now),
            },
        )
    return seconds


def figures_refresh_all(*, today: dt.date | None = None, warm: bool = True) -> dict[str, float]:
    """Every welfare area's rows, one transaction each: {area slug: seconds}. With `warm`, each
    area's default view (the whole area, the default period) is computed into the cache."""
    from .figures import page_numbers
    from .periods import default_period

    today = today or dt.datetime.now(HELSINKI).date()
    took = {}
    for pk, slug in WelfareArea.objects.order_by("pk").values_list("pk", "slug"):
        took[slug] = figures_refresh(area_id=pk, today=today)
        if warm:
            page_numbers(
                area_id=pk, period=default_period(today), municipality_id=None,
                municipality_code="",
            )  # fmt: skip
    return took
