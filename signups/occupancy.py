"""An occurrence's seats: confirmed, waiting, pending, cancelled and left."""

from __future__ import annotations

from meetingplaces.models import Occurrence

from .models import Signup


def seats(occurrence: Occurrence) -> dict:
    counts = dict.fromkeys(Signup.Status.values, 0)
    for status in (
        Signup.objects.filter(occurrence=occurrence).values_list("status", flat=True).iterator()
    ):
        counts[status] += 1
    capacity = occurrence.activity.capacity
    left = None if capacity is None else max(capacity - counts["confirmed"], 0)
    return {
        "capacity": capacity,
        "confirmed": counts["confirmed"],
        "waiting": counts["waiting"],
        "pending": counts["pending"],
        "cancelled": counts["cancelled"],
        "left": left,
    }
