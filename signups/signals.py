"""Receivers of meetingplaces' occurrence signals and of account deletion (see apps.py).

The signals are sent inside the organiser's transaction: the messages queued here commit or
roll back with the change."""

from __future__ import annotations

from . import changes, retention, services


def on_occurrences_changed(sender, activity, rescheduled, cancelled, **kwargs) -> None:
    # One message per person for the whole change (signups/changes.py).
    changes.occurrences_changed_tell(cancelled=list(cancelled), rescheduled=list(rescheduled))


def on_occurrence_changed(sender, occurrence, change, note="", **kwargs) -> None:
    if change == "cancelled":
        services.occurrence_cancelled(occurrence, note=note)
    else:
        services.occurrence_rescheduled(occurrence, note=note, restored=(change == "restored"))


def on_occurrences_created(sender, activity, created, **kwargs) -> None:
    if activity.signup_required:
        services.series_extend(activity, created)


def on_user_delete(sender, instance, **kwargs) -> None:
    retention.user_signups_erase(instance)
