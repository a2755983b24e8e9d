"""What the knowledge page reads from the apps below it that may not be installed: attendance
(its monthly figures, attendance/figures.py) and guidance (contact requests by outcome,
guidance/figures.py). Each answers None when its app is not installed, and the page then says
that the figure is not collected."""

from __future__ import annotations

import datetime as dt

from django.apps import apps

ATTENDANCE_GROUPS = ("municipality", "theme", "month")
ATTENDANCE_FIELDS = ("dates_held", "dates_recorded", "visits", "participants", "volunteers")


def attendance(
    *, area_id: int, start: dt.date, end: dt.date, municipality_id: int | None
) -> dict | None:
    """{"municipality"|"theme"|"month": {key: {figure: n}}} of the period (`end` inclusive),
    or None without the attendance app. (No total: the page shows none, and each of
    attendance's calls costs two statements over its monthly rows.)"""
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

    result: dict = {}
    for group in ATTENDANCE_GROUPS:
        found = figures.figures(start=start, end=end, by=group, **filters)
        result[group] = {key: plain(value) for key, value in found.items()}
    return result


def guidance_outcomes(
    *, area_id: int, start: dt.date, end: dt.date, municipality_id: int | None
) -> list[tuple[str, int]] | None:
    """[(outcome label, contact requests)] of the period, or None until the guidance app and
    its figures exist. The hook: guidance/figures.py's `requests_by_outcome(start=, end=,
    welfare_area=, municipality=)` answering {outcome label: count}."""
    if not apps.is_installed("guidance"):
        return None
    try:
        from guidance import figures
    except ImportError:
        return None
    by_outcome = getattr(figures, "requests_by_outcome", None)
    if by_outcome is None:
        return None
    found = by_outcome(start=start, end=end, welfare_area=area_id, municipality=municipality_id)
    return [(str(label), int(count)) for label, count in found.items()]
