"""One message per person per change of an activity's dates.

A schedule change (a new end time, a new weekday, a removed date) arrives as one signal naming
every date it moved or cancelled. A person signed up for twenty of those dates gets one e-mail
(or text message) that lists them all, not twenty. The person is their account, else their
e-mail address or phone number; reminders are rescheduled or skipped per date as before.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils import translation

from meetingplaces.hours import occurrence_note
from meetingplaces.models import Occurrence

from .models import Signup


def _person(signup: Signup) -> tuple:
    if signup.user_id is not None:
        return ("user", signup.user_id)
    return ("contact", (signup.email or signup.phone).lower())


def occurrences_changed_tell(*, cancelled: list[Occurrence], rescheduled: list[Occurrence]) -> int:
    """Reminders follow each date; each person is told once. Returns the messages queued."""
    from .services import active_signups, reminders_create, reminders_reschedule, reminders_skip
    from .texts import tell, when_text, where_text

    people: dict[tuple, list[tuple[Signup, Occurrence, bool]]] = {}
    for occurrence in cancelled:
        signups = list(active_signups(occurrence))
        reminders_skip(Q(occurrence=occurrence))
        for signup in signups:
            if signup.status != Signup.Status.PENDING:
                people.setdefault(_person(signup), []).append((signup, occurrence, True))
    for occurrence in rescheduled:
        if occurrence.status == Occurrence.Status.CANCELLED:
            continue
        reminders_reschedule(occurrence)
        for signup in active_signups(occurrence):
            if signup.status == Signup.Status.CONFIRMED:
                reminders_create(signup)
            if signup.status != Signup.Status.PENDING:
                people.setdefault(_person(signup), []).append((signup, occurrence, False))
    for items in people.values():
        items.sort(key=lambda item: item[1].starts_at)
        first = items[0][0]
        if len(items) == 1:
            signup, occurrence, was_cancelled = items[0]
            if was_cancelled:
                note = occurrence_note(occurrence, signup.language)
                tell(signup, "occurrence_cancelled", note=note)
            else:
                tell(signup, "occurrence_changed", note="", restored=False)
            continue
        with translation.override(first.language):
            dates = [
                {
                    "when": when_text(occurrence),
                    "where": where_text(occurrence),
                    "cancelled": was_cancelled,
                    "note": occurrence_note(occurrence) if was_cancelled else "",
                }
                for _signup, occurrence, was_cancelled in items
            ]
        tell(first, "dates_changed", dates=dates, date_count=len(dates))
    return len(people)
