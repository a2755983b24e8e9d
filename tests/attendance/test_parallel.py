"""Two phones at the door, two organisers on one month: every press and every date counts.

Each thread has its own database connection (transactional_db): the door's UPDATE adds in the
database, and the month row's lock makes the second recompute wait for the first's commit."""

from __future__ import annotations

import pytest

from attendance import services
from attendance.models import MonthFigure, PlaceDay
from tests.threads import run_together

from .conftest import NOVEMBER, TODAY, dates_of, make_past_activity

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]


def test_two_phones_at_the_door_count_every_press():
    place = make_past_activity().place

    def press_ten_times():
        for _ in range(10):
            services.place_day_add(place=place, date=TODAY)

    assert run_together([press_ten_times, press_ten_times]) == []
    assert PlaceDay.objects.get(place=place, date=TODAY).visitors == 20
    assert MonthFigure.objects.get(place=place, month=TODAY.replace(day=1)).visits == 20


def test_two_organisers_saving_dates_of_one_month_both_count():
    activity = make_past_activity()
    dates = dates_of(activity, NOVEMBER)
    saves = [
        lambda o=o, n=n: services.date_record_save(occurrence=o, user=None, visitors=n, today=TODAY)
        for n, o in enumerate(dates, start=1)
    ]
    assert run_together(saves) == []
    row = MonthFigure.objects.get(activity=activity, month=NOVEMBER)
    assert (row.visits, row.dates_recorded) == (sum(range(1, len(dates) + 1)), len(dates))
