"""Guidance's figures for the welfare area's knowledge page: counts only, no personal data.

Every function takes the same optional filters and returns plain, JSON-ready values:

    from guidance import figures
    figures.requests_by("unit", area_id=area.pk, since=date(2026, 1, 1))
    # [{"key": 12, "label": "Keuruun sote-keskus", "total": 9,
    #   "outcomes": {"new": 1, "contacted": 2, "joined": 5, "unreachable": 1}}, ...]
    figures.requests_by("month")      # keys "2026-11", labels the same
    figures.handovers_by_unit()       # [{"key", "label", "total", "channels": {...}}, ...]

`dimension` is "unit", "organisation", "theme" or "month"; `direction` narrows to one way
("to_organisation": units' hand-offs to associations, "to_unit": the other way). A request is
counted whether or not its personal data is already erased (the rows stay).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.lib.translation import pick

from .models import ContactRequest, Handover, RequestStatus

DIMENSIONS = {
    "unit": ("unit_id", ("unit__name_fi", "unit__name_sv", "unit__name_en")),
    "organisation": ("organisation_id", ("organisation__name", "organisation__display_name")),
    "theme": ("theme_id", ("theme__name_fi", "theme__name_sv", "theme__name_en")),
}
OUTCOMES = [status.value for status in RequestStatus]
CHANNELS = [channel.value for channel in Handover.Channel]


def _since(queryset: QuerySet, since: dt.date | None, until: dt.date | None) -> QuerySet:
    zone = timezone.get_current_timezone()
    if since:
        queryset = queryset.filter(
            created_at__gte=dt.datetime.combine(since, dt.time.min, tzinfo=zone)
        )
    if until:
        queryset = queryset.filter(
            created_at__lt=dt.datetime.combine(until, dt.time.min, tzinfo=zone)
        )
    return queryset


def _requests(area_id, since, until, direction) -> QuerySet[ContactRequest]:
    queryset = ContactRequest.objects.all()
    if area_id:
        queryset = queryset.filter(unit__welfare_area_id=area_id)
    if direction:
        queryset = queryset.filter(direction=direction)
    return _since(queryset, since, until)


def _label(row: dict, columns: tuple[str, ...], dimension: str) -> str:
    if dimension == "organisation":
        return row.get("organisation__display_name") or row.get("organisation__name") or ""
    values = dict(zip(("fi", "sv", "en"), (row.get(c) for c in columns), strict=False))
    return pick(values) or _("Not given")


def requests_by(
    dimension: str,
    *,
    area_id: int | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    direction: str | None = None,
) -> list[dict]:
    """Contact requests per unit, organisation, theme or month, by outcome (status)."""
    queryset = _requests(area_id, since, until, direction)
    if dimension == "month":
        rows = (
            queryset.annotate(month=TruncMonth("created_at"))
            .values("month", "status")
            .annotate(n=Count("pk"))
            .order_by("month")
        )
        table: dict = {}
        for row in rows:
            key = timezone.localtime(row["month"]).strftime("%Y-%m") if row["month"] else ""
            entry = table.setdefault(key, {"key": key, "label": key, "outcomes": {}})
            entry["outcomes"][row["status"]] = entry["outcomes"].get(row["status"], 0) + row["n"]
        return _totals(table.values())
    if dimension not in DIMENSIONS:
        raise ValueError(f"Unknown dimension {dimension!r}")
    key_column, label_columns = DIMENSIONS[dimension]
    rows = queryset.values(key_column, *label_columns, "status").annotate(n=Count("pk"))
    table = {}
    for row in rows:
        key = row[key_column]
        entry = table.setdefault(
            key,
            {"key": key, "label": _label(row, label_columns, dimension), "outcomes": {}},
        )
        entry["outcomes"][row["status"]] = row["n"]
    return sorted(_totals(table.values()), key=lambda e: (-e["total"], e["label"]))


def _totals(entries) -> list[dict]:
    result = []
    for entry in entries:
        outcomes = {outcome: entry["outcomes"].get(outcome, 0) for outcome in OUTCOMES}
        result.append({**entry, "outcomes": outcomes, "total": sum(outcomes.values())})
    return result


def handovers_by_unit(
    *, area_id: int | None = None, since: dt.date | None = None, until: dt.date | None = None
) -> list[dict]:
    """Shortlists printed, linked, e-mailed or texted per unit."""
    queryset = _since(Handover.objects.all(), since, until)
    if area_id:
        queryset = queryset.filter(unit__welfare_area_id=area_id)
    rows = queryset.values(
        "unit_id", "unit__name_fi", "unit__name_sv", "unit__name_en", "channel"
    ).annotate(n=Count("pk"))
    table: dict = {}
    columns = ("unit__name_fi", "unit__name_sv", "unit__name_en")
    for row in rows:
        entry = table.setdefault(
            row["unit_id"],
            {"key": row["unit_id"], "label": _label(row, columns, "unit"), "channels": {}},
        )
        entry["channels"][row["channel"]] = row["n"]
    result = []
    for entry in table.values():
        channels = {channel: entry["channels"].get(channel, 0) for channel in CHANNELS}
        result.append({**entry, "channels": channels, "total": sum(channels.values())})
    return sorted(result, key=lambda e: (-e["total"], e["label"]))


def outcome_labels() -> dict[str, str]:
    return {status.value: str(status.label) for status in RequestStatus}


def channel_labels() -> dict[str, str]:
    return {channel.value: str(channel.label) for channel in Handover.Channel}
