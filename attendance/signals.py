"""Receivers of meetingplaces' signals: a past date cancelled, moved or restored changes its
month's figures."""

from __future__ import annotations

from meetingplaces.services import local_today

from .services import figures_refresh_activity


def on_occurrence_changed(sender, occurrence, change, note="", **kwargs) -> None:
    if occurrence.date <= local_today():
        figures_refresh_activity(occurrence.activity, occurrence.date)


def on_occurrences_changed(sender, activity, rescheduled, cancelled, **kwargs) -> None:
    today = local_today()
    months = {o.date.replace(day=1) for o in [*rescheduled, *cancelled] if o.date <= today}
    for month in sorted(months):
        figures_refresh_activity(activity, month)
