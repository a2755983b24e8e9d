"""A whole-series sign-up follows the series: dates the daily extension adds join it."""

from __future__ import annotations

import pytest

from meetingplaces.models import Occurrence
from meetingplaces.services import occurrences_extend_all
from signups import services
from signups.models import Reminder, Signup
from tests.signups.conftest import make_activity, next_occurrence

pytestmark = pytest.mark.django_db


def _last_dates(activity, count):
    return list(Occurrence.objects.filter(activity=activity).order_by("-starts_at")[:count])


def _cut_tail(activity, count):
    """As if the occurrences were generated a few weeks ago: the last dates are not there yet."""
    tail = _last_dates(activity, count)
    Occurrence.objects.filter(pk__in=[o.pk for o in tail]).delete()
    return {o.date for o in tail}


def test_new_dates_of_the_daily_extension_join_series_sign_ups(people, time_machine):
    activity = make_activity(capacity=1, title_fi="Kuorolaiset")
    first, second, single = people(3)
    occurrence = next_occurrence(activity)
    missing = _cut_tail(activity, 2)
    mine = services.signup_create(occurrence=occurrence, user=first, whole_series=True)
    later = services.signup_create(occurrence=occurrence, user=second, whole_series=True)
    services.signup_create(occurrence=occurrence, user=single)  # one date only: not extended

    assert occurrences_extend_all() == 2
    new = Occurrence.objects.filter(activity=activity, date__in=missing)
    assert new.count() == 2
    for added in new:
        rows = Signup.objects.filter(occurrence=added).order_by("pk")
        assert [(s.user_id, s.series, s.status) for s in rows] == [
            (first.pk, mine[0].series, Signup.Status.CONFIRMED),
            (second.pk, later[0].series, Signup.Status.WAITING),  # one seat: waiting list
        ]
        reminders = Reminder.objects.filter(signup=rows[0])
        assert sorted(reminders.values_list("kind", flat=True)) == ["d1@18:00", "m120"]
        assert not Reminder.objects.filter(signup=rows[1]).exists()
    # A second run adds nothing and doubles nothing.
    assert occurrences_extend_all() == 0
    assert Signup.objects.filter(occurrence__in=new).count() == 4


def test_cancelled_and_anonymous_series_are_not_extended(people):
    """An anonymous series keeps the dates it took (limits.py): it does not grow a date a week
    at the horizon."""
    activity = make_activity(capacity=None)
    (person,) = people(1)
    occurrence = next_occurrence(activity)
    missing = _cut_tail(activity, 1)
    cancelled = services.signup_create(occurrence=occurrence, user=person, whole_series=True)
    services.signup_cancel(cancelled[0], whole_series=True)
    anonymous = services.signup_create(
        occurrence=occurrence, name="Vieras", email="vieras@example.com", whole_series=True
    )
    assert len(anonymous) == 8
    occurrences_extend_all()
    (added,) = Occurrence.objects.filter(activity=activity, date__in=missing)
    assert not Signup.objects.filter(occurrence=added).exists()
    # Confirming the series' link confirms its dates.
    assert len(services.signup_confirm(anonymous[0])) == 8
