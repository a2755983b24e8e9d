"""What the knowledge page reads from the apps below it through their figures modules:
attendance (its monthly figures, attendance/figures.py) and guidance (contact requests by
outcome, guidance/figures.py). Each answers None when its app is not installed, and the page
then leaves the figure out."""

from __future__ import annotations

import datetime as dt

from django.apps import apps

# Not by theme: the activities' visits by theme come from knowledge's own monthly rows.
ATTENDANCE_GROUPS = ("municipality", "month")
ATTENDANCE_FIELDS = ("dates_held", "dates_recorded", "visits", "participants", "volunteers")


def attendance(
    *, area_id: int, start: dt.date, end: dt.date, municipality_id: int | None
) -> dict | None:
    """{"municipality"|"month": {key: {figure: n}}} of the period (`end` inclusive),
    or None without the attendance app: both groups in attendance's two statements
    (figures_by). No total: the page shows none."""
    if not apps.is_installed("attendance"):
        return None
    from attendance import figures

    filters = {"welfare_area": area_id}
    if municipality_id:
        filters["municipality"] = municipality_id

    def plain(found) -> dict:
        values = {name: getattr(found, name) for name in ATTENDANCE_FIELDS}
        values["volunteer_hours"] = float(found.volunteer_hours)
        return values

    found = figures.figures_by(ATTENDANCE_GROUPS, start=start, end=end, **filters)
    return {group: {key: plain(value) for key, value in found[group].items()} for group in found}


def guidance_outcomes(
    *, area_id: int, start: dt.date, end: dt.date, municipality_id: int | None
) -> list[tuple[str, int]] | None:
    """[(outcome, contact requests)] of the period, or None without the guidance app. Requests
    are the whole area's (guidance counts them by unit, not by municipality). The outcomes are
    keys (the numbers are cached for every language): `guidance_labels` names them."""
    if not apps.is_installed("guidance"):
        return None
    from guidance import figures

    stop = (end + dt.timedelta(days=32)).replace(day=1)
    totals: dict[str, int] = {}
    for month in figures.requests_by("month", area_id=area_id, since=start, until=stop):
        for outcome, count in month["outcomes"].items():
            totals[outcome] = totals.get(outcome, 0) + count
    return [(outcome, totals.get(outcome, 0)) for outcome in figures.outcome_labels()]


def guidance_labels() -> dict[str, str]:
    """{outcome: its name in the active language}."""
    if not apps.is_installed("guidance"):
        return {}
    from guidance import figures

    return figures.outcome_labels()
