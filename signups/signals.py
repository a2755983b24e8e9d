"""Receivers of meetingplaces' occurrence signals and of account deletion (see apps.py).

The signals are sent inside the organiser's transaction: the messages queued here commit or
roll back with the change."""

from __future__ import annotations

from . import services


def on_occurrences_changed(sender, activity, rescheduled, cancelled, **kwargs) -> None:
    for occurrence in cancelled:
        services.occurrence_cancelled(occurrence, note=occurrence.note)
    for occurrence in rescheduled:
        if occurrence.status == occurrence.Status.CANCELLED:
            continue
        services.occurrence_rescheduled(occurrence)


def on_occurrence_changed(sender, occurrence, change, note="", **kwargs) -> None:
    if change == "cancelled":
        services.occurrence_cancelled(occurrence, note=note)
    else:
        services.occurrence_rescheduled(occurrence, note=note, restored=(change == "restored"))


def on_occurrences_created(sender, activity, created, **kwargs) -> None:
    if activity.signup_required:
        services.series_extend(activity, created)


def on_user_delete(sender, instance, **kwargs) -> None:
    services.user_signups_erase(instance)
