"""The demo's attendance: a year of figures for the reports and charts, made once."""

from __future__ import annotations

import datetime as dt

import pytest

from attendance import figures
from attendance.demo.seed import seed_attendance
from attendance.models import DateRecord, MonthFigure
from tests.meetingplaces.factories import ActivityFactory

from .conftest import TODAY

pytestmark = pytest.mark.django_db


def test_demo_attendance_fills_a_year_and_the_monthly_rows_match_the_services():
    activity = ActivityFactory(organisation__slug="keuruun-muistiyhdistys", signup_required=True)
    counts = seed_attendance(today=TODAY)
    assert counts["dates"] >= 50 and counts["records"] >= 40
    by_month = figures.by_month(
        start=TODAY - dt.timedelta(days=365), end=TODAY, organisation=activity.organisation
    )
    assert len(by_month) >= 12
    total = figures.totals(
        start=dt.date(2025, 12, 1), end=TODAY, organisation=activity.organisation
    )
    assert total.visits > 0 and total.participants > 0 and total.dates_held > 0
    # The bulk build agrees with the per-month refresh the organisers' saves use.
    from attendance.services import figures_refresh_activity

    row = MonthFigure.objects.filter(activity=activity).order_by("month")[3]
    before = (row.dates_held, row.dates_cancelled, row.visits, row.volunteer_hours)
    row = figures_refresh_activity(activity, row.month, today=TODAY)
    assert (row.dates_held, row.dates_cancelled, row.visits, row.volunteer_hours) == before
    # The last days' dates wait for their figures.
    assert not DateRecord.objects.filter(occurrence__date__gt=TODAY - dt.timedelta(days=6)).exists()


def test_several_groups_at_once_give_each_group_s_own_figures():
    """The knowledge page asks by municipality and by month in one go (figures_by): the
    same numbers as asking for each group alone, with and without a municipality."""
    activity = ActivityFactory(organisation__slug="keuruun-muistiyhdistys", signup_required=True)
    seed_attendance(today=TODAY)
    period = {"start": TODAY - dt.timedelta(days=365), "end": TODAY}
    area = {"welfare_area": activity.welfare_area_id}
    whole = figures.figures_by(("municipality", "month"), **period, **area)
    busiest = max(whole["municipality"], key=lambda m: whole["municipality"][m].visits)
    assert busiest is not None
    for filters in (area, {**area, "municipality": busiest}):
        together = figures.figures_by(("municipality", "month"), **period, **filters)
        for group in ("municipality", "month"):
            alone = figures.figures(**period, by=group, **filters)
            assert together[group] == alone
        assert len(together["month"]) >= 12
        assert sum(f.participants for f in together["month"].values()) > 0
    assert len(together["municipality"]) == 1
