"""Schedules: recurrence expansion in Helsinki time, exceptions, validation and plain words,
and the stored occurrences that follow a schedule change without losing rows."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import formats, translation

from meetingplaces.models import Occurrence
from meetingplaces.schedule import Schedule, describe, local_instant, time_range
from meetingplaces.services import (
    occurrence_cancel,
    occurrence_move,
    occurrences_regenerate,
    register_occurrence_keeper,
)
from tests.meetingplaces.factories import ActivityFactory

UTC = dt.UTC
HELSINKI = ZoneInfo("Europe/Helsinki")


def weekly(rule="FREQ=WEEKLY;BYDAY=TU", start=dt.date(2026, 3, 3), **kwargs):
    return Schedule(
        start_date=start, start_time=dt.time(13), end_time=dt.time(15), recurrence=rule, **kwargs
    )


def test_weekly_13_00_stays_at_13_local_across_both_dst_changes():
    schedule = weekly(start=dt.date(2026, 3, 17), end_date=dt.date(2026, 11, 10))
    occurrences = schedule.occurrences(dt.date(2026, 3, 1), dt.date(2026, 12, 31))
    by_date = {day: start for day, start, _end in occurrences}
    # Before 29 March 2026 Helsinki is UTC+2, after it UTC+3; after 25 October UTC+2 again.
    assert by_date[dt.date(2026, 3, 24)].astimezone(UTC).hour == 11
    assert by_date[dt.date(2026, 3, 31)].astimezone(UTC).hour == 10
    assert by_date[dt.date(2026, 10, 20)].astimezone(UTC).hour == 10
    assert by_date[dt.date(2026, 10, 27)].astimezone(UTC).hour == 11
    assert {start.astimezone(HELSINKI).hour for start in by_date.values()} == {13}
    assert max(by_date) == dt.date(2026, 11, 10)


def test_wall_time_in_the_spring_gap_moves_forward_and_the_autumn_repeat_takes_the_first():
    gap = local_instant(dt.date(2026, 3, 29), dt.time(3, 30))
    assert gap.astimezone(UTC) == dt.datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    repeat = local_instant(dt.date(2026, 10, 25), dt.time(3, 30))
    assert repeat.astimezone(UTC) == dt.datetime(2026, 10, 25, 0, 30, tzinfo=UTC)


def test_every_second_tuesday_with_skipped_and_extra_dates():
    schedule = weekly(
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU",
        skipped_dates=[dt.date(2026, 3, 17)],
        extra_dates=[dt.date(2026, 3, 19)],
        end_date=dt.date(2026, 4, 30),
    )
    assert schedule.dates(dt.date(2026, 3, 1), dt.date(2026, 5, 31)) == [
        dt.date(2026, 3, 3),
        dt.date(2026, 3, 19),
        dt.date(2026, 3, 31),
        dt.date(2026, 4, 14),
        dt.date(2026, 4, 28),
    ]


def test_first_monday_of_the_month():
    schedule = weekly("FREQ=MONTHLY;BYDAY=1MO", start=dt.date(2026, 1, 1))
    assert schedule.dates(dt.date(2026, 1, 1), dt.date(2026, 3, 31)) == [
        dt.date(2026, 1, 5),
        dt.date(2026, 2, 2),
        dt.date(2026, 3, 2),
    ]


def test_one_off_dates():
    schedule = Schedule(
        start_date=dt.date(2026, 12, 1),
        start_time=dt.time(18),
        end_time=dt.time(19, 30),
        extra_dates=[dt.date(2026, 12, 8)],
    )
    assert schedule.dates(dt.date(2026, 1, 1), dt.date(2027, 1, 1)) == [
        dt.date(2026, 12, 1),
        dt.date(2026, 12, 8),
    ]
    assert schedule.last_date() == dt.date(2026, 12, 8)


@pytest.mark.parametrize(
    ("schedule", "field"),
    [
        (Schedule(dt.date(2026, 3, 3), dt.time(15), dt.time(13)), "end_time"),
        (weekly(end_date=dt.date(2026, 3, 1)), "end_date"),
        (weekly("FREQ=WEEKLY;BYDAY=TU", end_date=dt.date(2026, 3, 2)), "end_date"),
        (weekly("FREQ=MONTHLY;BYMONTHDAY=31;BYMONTH=2"), "recurrence"),
        (weekly("FREQ=DAILY", end_date=dt.date(2036, 3, 3)), "end_date"),
        (weekly("FREQ=HOURLY"), "recurrence"),
        (weekly("not a rule"), "recurrence"),
        (weekly("FREQ=WEEKLY;INTERVAL=0"), "recurrence"),
    ],
    ids=[
        "end-before-start",
        "last-date-before-first",
        "rule-ends-before-first-tuesday",
        "no-31-february",
        "ten-years-daily",
        "hourly",
        "unreadable",
        "interval-zero",
    ],
)
def test_impossible_schedules_are_refused_at_the_field(schedule, field):
    with translation.override("en"), pytest.raises(ValidationError) as error:
        schedule.validate()
    assert field in error.value.message_dict


def test_a_year_of_daily_drop_ins_is_fine():
    weekly("FREQ=DAILY", end_date=dt.date(2027, 3, 2)).validate()


@pytest.mark.parametrize(
    ("rule", "language", "expected"),
    [
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", "en", "every other Tuesday at 13:00–15:00"),
        ("FREQ=WEEKLY;BYDAY=MO,TH", "en", "every Monday and Thursday at 13:00–15:00"),
        ("FREQ=MONTHLY;BYDAY=1MO", "en", "the first Monday of every month at 13:00–15:00"),
    ],
)
def test_schedule_in_plain_words(rule, language, expected):
    with translation.override(language):
        assert describe(weekly(rule)) == expected


def test_plain_words_in_finnish_and_swedish():
    with translation.override("fi"):
        assert describe(weekly("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU")) == (
            "joka toinen tiistai klo 13–15"
        )
    with translation.override("sv"):
        assert describe(weekly("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU")) == ("varannan tisdag kl. 13–15")


@pytest.mark.parametrize(
    ("language", "expected"),
    [("fi", "9.30–11"), ("sv", "9.30–11"), ("en", "09:30–11:00")],
)
def test_times_are_written_as_the_dates_times_beside_them(language, expected):
    """A card says "Wednesday 9.12.2026 at 09:30" (TIME_FORMAT) above the schedule: in English
    both in the same notation, not "at 09:30" over "every Wednesday at 9.30–11"."""
    start, end = dt.time(9, 30), dt.time(11)
    with translation.override(language):
        assert time_range(start, end) == expected
        assert time_range(start, end).startswith(formats.time_format(start, "TIME_FORMAT"))


@pytest.mark.django_db
def test_stored_occurrences_cover_a_year_and_follow_a_time_change_keeping_rows():
    today = dt.date(2026, 3, 1)
    activity = ActivityFactory(today=today, start_date=dt.date(2026, 3, 3))
    rows = list(activity.occurrences.order_by("date"))
    assert len(rows) == 52  # Tuesdays from 3.3.2026 to 1.3.2027 (a year ahead)
    assert rows[0].starts_at == dt.datetime(2026, 3, 3, 11, 0, tzinfo=UTC)

    activity.start_time, activity.end_time = dt.time(14), dt.time(16)
    activity.save()
    changes = occurrences_regenerate(activity, today=today)
    assert len(changes.rescheduled) == 52 and not changes.created and not changes.deleted
    after = {o.date: o for o in activity.occurrences.all()}
    assert {o.pk for o in after.values()} == {o.pk for o in rows}
    assert after[dt.date(2026, 7, 7)].starts_at.astimezone(HELSINKI).hour == 14


@pytest.mark.django_db
def test_a_moved_or_cancelled_date_keeps_its_change_when_the_schedule_is_saved_again():
    today = dt.date(2026, 3, 1)
    activity = ActivityFactory(today=today, start_date=dt.date(2026, 3, 3))
    cancelled = activity.occurrences.get(date=dt.date(2026, 3, 10))
    occurrence_cancel(cancelled, note="Ohjaaja sairastui")
    moved = activity.occurrences.get(date=dt.date(2026, 3, 17))
    new_start = local_instant(dt.date(2026, 3, 18), dt.time(10))
    occurrence_move(moved, starts_at=new_start, ends_at=new_start + dt.timedelta(hours=2))

    occurrences_regenerate(activity, today=today)
    cancelled.refresh_from_db()
    moved.refresh_from_db()
    assert cancelled.status == Occurrence.Status.CANCELLED
    assert cancelled.note == "Ohjaaja sairastui"
    assert moved.starts_at == new_start


@pytest.mark.django_db
def test_dates_taken_off_the_schedule_are_deleted_unless_a_keeper_holds_them():
    today = dt.date(2026, 3, 1)
    activity = ActivityFactory(today=today, start_date=dt.date(2026, 3, 3))
    held = activity.occurrences.get(date=dt.date(2026, 3, 10))

    def keeper(occurrences):
        return set(occurrences.filter(pk=held.pk).values_list("pk", flat=True))

    register_occurrence_keeper(keeper)
    try:
        activity.recurrence = "FREQ=WEEKLY;BYDAY=WE"
        activity.save()
        changes = occurrences_regenerate(activity, today=today)
    finally:
        from meetingplaces import services

        services._OCCURRENCE_KEEPERS.remove(keeper)
    held.refresh_from_db()
    assert held.status == Occurrence.Status.CANCELLED
    assert changes.deleted == 51
    weekdays = {
        o.starts_at.astimezone(HELSINKI).weekday() for o in activity.occurrences.exclude(pk=held.pk)
    }
    assert weekdays == {2}


@pytest.mark.django_db
def test_past_occurrences_are_history():
    activity = ActivityFactory(today=dt.date(2026, 3, 1), start_date=dt.date(2026, 3, 3))
    activity.recurrence = "FREQ=WEEKLY;BYDAY=WE"
    activity.save()
    occurrences_regenerate(activity, today=dt.date(2026, 6, 1))
    assert activity.occurrences.filter(date=dt.date(2026, 3, 3)).exists()
    assert not activity.occurrences.filter(date=dt.date(2026, 6, 2)).exists()
