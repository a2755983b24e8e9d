"""Fixtures of the attendance tests: a weekly Tuesday group whose dates of November 2026 have
passed (the clock stands on Monday 7 December 2026 in Helsinki)."""

from __future__ import annotations

import datetime as dt

import pytest

from meetingplaces.models import Occurrence
from tests.meetingplaces.factories import ActivityFactory

NOW = dt.datetime(2026, 12, 7, 8, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 12, 7)
NOVEMBER = dt.date(2026, 11, 1)


@pytest.fixture(autouse=True)
def _fixed_time(time_machine):
    time_machine.move_to(NOW, tick=True)


def make_past_activity(**fields):
    """A weekly Tuesday group stored from 1 October 2026: its October and November dates have
    passed."""
    fields.setdefault("today", dt.date(2026, 10, 1))
    fields.setdefault("start_date", dt.date(2026, 10, 1))
    return ActivityFactory(**fields)


def dates_of(activity, month: dt.date) -> list[Occurrence]:
    end = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return list(
        Occurrence.objects.filter(activity=activity, date__gte=month, date__lt=end).order_by("date")
    )
