"""The national-scale benchmark generator (bench/places_generator.py) stores what the schedule
code would: the benchmark measures the same rows a real portal has."""

import datetime as dt
from collections import Counter

import pytest

from bench.places_generator import build_national
from meetingplaces.models import Activity, MeetingPlace, Occurrence
from meetingplaces.schedule import HORIZON_DAYS, Schedule

pytestmark = pytest.mark.django_db


def test_generated_occurrences_are_those_of_the_schedules():
    today = dt.date(2026, 3, 2)  # the spring DST change (29 March) falls in the year ahead
    notes = build_national(places=40, activities=200, organisations=60, seed=3, today=today)
    assert notes["places"] == MeetingPlace.objects.count() == 40
    assert notes["activities"] == Activity.objects.count() == 200
    assert notes["occurrences"] == Occurrence.objects.count()
    assert 15 <= notes["occurrences"] / 200 <= 40  # ~1,000,000 for 40,000 activities

    areas = {a for a in MeetingPlace.objects.values_list("welfare_area__slug", flat=True)}
    assert len(areas) >= 8  # spread across Finland
    styles = Counter(
        a.recurrence.split(";")[0] if a.recurrence else "once" for a in Activity.objects.all()
    )
    assert styles["FREQ=WEEKLY"] and styles["FREQ=MONTHLY"]

    horizon = today + dt.timedelta(days=HORIZON_DAYS)
    for activity in Activity.objects.prefetch_related("occurrences", "themes"):
        schedule = Schedule.of(activity)
        schedule.validate(today)
        expected = schedule.occurrences(today, horizon)
        stored = sorted((o.date, o.starts_at, o.ends_at) for o in activity.occurrences.all())
        assert stored == expected, activity.recurrence
        assert activity.themes.exists()
