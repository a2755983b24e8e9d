"""Aggregate tables behind the welfare area's knowledge page.

The page never scans occurrences or sign-ups: `ActivityMonth` holds one row per activity and
month, rebuilt by `services.figures_refresh` (a beat job every hour, and after `seed_demo`);
attendance comes from attendance's own monthly rows (attendance/figures.py); `SearchDemand`
and `SearchTerm` are daily counters the residents' search adds to (`demand.record_search`,
one upsert per search). Nothing here names or identifies a person.
"""

from __future__ import annotations

from django.db import models


class ActivityMonth(models.Model):
    """One activity in one calendar month (Europe/Helsinki): its dates, seats and sign-ups.

    Rebuilt as a whole per welfare area from the stored occurrences and sign-ups;
    `municipality` is the municipality of the activity's meeting place or address (empty for an
    online activity), `place` its meeting place."""

    welfare_area = models.ForeignKey(
        "areas.WelfareArea", on_delete=models.CASCADE, related_name="+"
    )
    activity = models.ForeignKey(
        "meetingplaces.Activity", on_delete=models.CASCADE, related_name="+"
    )
    month = models.DateField()  # the first day of the month
    municipality = models.ForeignKey(
        "areas.Municipality", on_delete=models.CASCADE, null=True, related_name="+"
    )
    place = models.ForeignKey(
        "meetingplaces.MeetingPlace", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    dates_held = models.PositiveIntegerField(default=0)  # not cancelled
    dates_cancelled = models.PositiveIntegerField(default=0)
    minutes = models.PositiveIntegerField(default=0)  # of the dates held
    seats = models.PositiveIntegerField(default=0)  # capacity × dates held (capacity set)
    signups = models.PositiveIntegerField(default=0)  # confirmed sign-ups of its dates
    waiting = models.PositiveIntegerField(default=0)  # on a waiting list
    full_dates = models.PositiveIntegerField(default=0)  # dates whose seats were all taken
    # The organisers' figures of the month from attendance's monthly row (activities only; the
    # meeting places' door counts are read from attendance per page). A database default: the
    # refresh inserts rows in SQL without it.
    visits = models.PositiveIntegerField(default=0, db_default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "month"], name="knowledge_one_row_per_month"
            )
        ]
        # The page reads one area and a range of months.
        # The page's sums of an area's period from the index alone: the hourly refresh rewrites
        # the rows, so a month's rows lie on many pages (bench/README.md, 2026-12-06).
        indexes = [
            models.Index(
                fields=["welfare_area", "month"],
                include=[
                    "municipality",
                    "activity",
                    "place",
                    "dates_held",
                    "dates_cancelled",
                    "minutes",
                    "seats",
                    "signups",
                    "waiting",
                    "full_dates",
                    "visits",
                ],
                name="knowledge_am_area_month_cover",
            )
        ]


class Refresh(models.Model):
    """When an area's aggregate rows were last rebuilt (shown on the page), and the counts of
    the registry's current state the page shows (meeting places, freshness)."""

    welfare_area = models.OneToOneField(
        "areas.WelfareArea", on_delete=models.CASCADE, related_name="+"
    )
    refreshed_at = models.DateTimeField()
    seconds = models.FloatField(default=0)
    # Counts of now, by municipality id ("" none), taken at the refresh (services.snapshot):
    # {"places": {id: [published, not updated in a year]}, "activities": {...},
    #  "organisations": {id: not confirmed in 12 months}, "organisations_total": n}
    snapshot = models.JSONField(default=dict)


class SearchDemand(models.Model):
    """Residents' searches of one day, by theme and municipality: counts only.

    `theme` is the slug of the theme the resident chose or whose words they typed (empty: none);
    `municipality` the code of the municipality they searched in (empty: no place given);
    `welfare_area` the area of that municipality, or the area they chose, or none."""

    day = models.DateField()
    welfare_area = models.ForeignKey(
        "areas.WelfareArea", on_delete=models.CASCADE, null=True, related_name="+"
    )
    municipality = models.CharField(max_length=3, blank=True, default="")
    theme = models.CharField(max_length=80, blank=True, default="")
    searches = models.PositiveIntegerField(default=0)
    empty = models.PositiveIntegerField(default=0)  # found nothing

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["day", "welfare_area", "municipality", "theme"],
                name="knowledge_demand_key",
                nulls_distinct=False,
            )
        ]
        indexes = [
            models.Index(
                fields=["welfare_area", "day"],
                include=["municipality", "theme", "searches", "empty"],
                name="knowledge_demand_area_cover",
            )
        ]


class SearchTerm(models.Model):
    """The words residents searched with, per day and area, counted under a keyed digest.

    `text` stays empty until the fifth search of the same words that day in that area: words
    fewer people asked are never stored (their digest alone, removed after the day by
    `demand.terms_prune`)."""

    day = models.DateField()
    welfare_area = models.ForeignKey(
        "areas.WelfareArea", on_delete=models.CASCADE, null=True, related_name="+"
    )
    digest = models.CharField(max_length=32)
    text = models.CharField(max_length=100, blank=True, default="")
    searches = models.PositiveIntegerField(default=0)
    empty = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["day", "welfare_area", "digest"],
                name="knowledge_term_key",
                nulls_distinct=False,
            )
        ]
        indexes = [
            models.Index(
                fields=["welfare_area", "day"],
                include=["text", "searches", "empty"],
                name="knowledge_term_area_cover",
            )
        ]
