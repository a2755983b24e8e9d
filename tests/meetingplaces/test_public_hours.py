"""Opening hours on a date, in a week and right now: weekly intervals, exceptions and Finnish
public holidays (closed unless the place opens on them or an exception opens it)."""

import datetime as dt

import pytest
from django.utils import translation

from meetingplaces.hours import day_hours, holiday_name, open_status, week_hours
from meetingplaces.models import OpeningException, OpeningHours
from meetingplaces.schedule import HELSINKI
from tests.meetingplaces.factories import MeetingPlaceFactory

pytestmark = pytest.mark.django_db

T = dt.time


def helsinki(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=HELSINKI)


@pytest.fixture
def place():
    place = MeetingPlaceFactory(open_on_public_holidays=False)
    for weekday in range(5):  # Monday to Friday 10–16, Tuesday also 18–20
        OpeningHours.objects.create(place=place, weekday=weekday, opens=T(10), closes=T(16))
    OpeningHours.objects.create(place=place, weekday=1, opens=T(18), closes=T(20))
    return place


def test_weekly_intervals_in_order(place):
    tuesday = dt.date(2026, 12, 1)
    assert day_hours(place, tuesday).hours_text() == "10–16, 18–20"
    assert day_hours(place, dt.date(2026, 12, 5)).closed  # a Saturday


def test_independence_day_is_closed_with_its_name_in_each_language(place):
    # 6.12.2027 is a Monday: an ordinary opening day but for the holiday.
    day = dt.date(2027, 12, 6)
    hours = day_hours(place, day)
    assert hours.closed and hours.closed_by_holiday
    assert hours.holiday == "Itsenäisyyspäivä"
    assert holiday_name(day, "sv") == "Självständighetsdagen"
    assert holiday_name(day, "en") == "Independence Day"
    with translation.override("sv"):
        assert day_hours(place, day).holiday == "Självständighetsdagen"
    status = open_status(place, helsinki(2027, 12, 6, 12, 0))
    assert status.state == "closed_today"
    assert (
        status.text() == "Suljettu tänään (Itsenäisyyspäivä). Seuraavaksi avoinna ti 7.12. klo 10"
    )


def test_midsummer_eve_and_day_are_closed(place):
    # Juhannusaatto Friday 19.6.2026 and Juhannuspäivä Saturday 20.6.2026.
    eve = day_hours(place, dt.date(2026, 6, 19))
    assert eve.closed and eve.holiday == "Juhannusaatto"
    assert day_hours(place, dt.date(2026, 6, 20)).holiday == "Juhannuspäivä"
    assert not day_hours(place, dt.date(2026, 6, 18)).closed


def test_a_place_open_on_public_holidays_keeps_its_hours(place):
    place.open_on_public_holidays = True
    place.save()
    hours = day_hours(place, dt.date(2026, 6, 19))
    assert hours.hours_text() == "10–16"
    assert hours.holiday == "Juhannusaatto"  # still named


def test_an_exception_opens_a_holiday_and_another_closes_an_ordinary_day(place):
    OpeningException.objects.create(
        place=place, date=dt.date(2027, 12, 6), closed=False, opens=T(12), closes=T(14),
        note="Itsenäisyyspäivän kahvit",
    )  # fmt: skip
    OpeningException.objects.create(place=place, date=dt.date(2027, 12, 7), note="Remontti")
    holiday = day_hours(place, dt.date(2027, 12, 6))
    assert holiday.hours_text() == "12–14"
    assert holiday.reason() == "Itsenäisyyspäivä, Itsenäisyyspäivän kahvit"
    closed = day_hours(place, dt.date(2027, 12, 7))
    assert closed.closed and closed.note == "Remontti"
    assert not closed.closed_by_holiday


def test_open_now_opens_later_and_closed_for_the_rest_of_the_day(place):
    assert open_status(place, helsinki(2026, 12, 1, 11, 0)).text() == "Avoinna nyt, klo 16 asti"
    assert open_status(place, helsinki(2026, 12, 1, 9, 30)).text() == "Avataan tänään klo 10"
    assert open_status(place, helsinki(2026, 12, 1, 16, 30)).text() == "Avataan tänään klo 18"
    late = open_status(place, helsinki(2026, 12, 1, 21, 0))
    assert late.state == "closed"
    assert late.text(dt.date(2026, 12, 1)) == "Suljettu nyt. Seuraavaksi avoinna huomenna klo 10"


def test_open_now_uses_helsinki_time_for_a_utc_instant(place):
    # 8.30 UTC is 10.30 in Helsinki in winter.
    now = dt.datetime(2026, 12, 1, 8, 30, tzinfo=dt.UTC)
    assert open_status(place, now).state == "open"


def test_week_from_today_spans_seven_days(place):
    week = week_hours(place, dt.date(2026, 12, 3))
    assert [day.date.day for day in week] == [3, 4, 5, 6, 7, 8, 9]
    assert week[3].holiday == "Itsenäisyyspäivä"
    assert week[2].closed and not week[2].holiday
