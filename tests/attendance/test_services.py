"""The services keep the monthly figures current; figures.py reads them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from attendance import figures, services
from attendance.models import MonthFigure, ParticipantMonth, PlaceDay, Presence
from meetingplaces.services import occurrence_cancel
from notifications.models import OutgoingEmail
from organisations.models import Membership
from signups.models import Signup
from tests.personas import make_user

from .conftest import NOVEMBER, TODAY, dates_of, make_past_activity

pytestmark = pytest.mark.django_db


def test_month_counts_held_cancelled_and_recorded():
    activity = make_past_activity()
    first, second, third, _fourth = dates_of(activity, NOVEMBER)  # Tuesdays 3, 10, 17, 24
    services.date_record_save(
        occurrence=first, user=None, visitors=7, volunteers=2, volunteer_hours=Decimal("4.5")
    )
    services.date_record_save(occurrence=second, user=None, not_held=True, visitors=9)
    occurrence_cancel(third, note="Sairastapaus")
    services.figures_refresh_passed(today=TODAY)  # not the 24th's month: refresh by hand
    services.figures_refresh_activity(activity, NOVEMBER, today=TODAY)

    total = figures.totals(
        start=NOVEMBER, end=dt.date(2026, 11, 30), organisation=activity.organisation
    )
    assert total.dates_held == 2  # the 3rd (recorded) and the 24th (passed, no figures)
    assert total.dates_cancelled == 2  # not held, and cancelled in the schedule
    assert total.dates_recorded == 1
    assert total.visits == 7  # the date not held counts no visitors
    assert total.volunteers == 2
    assert total.volunteer_hours == Decimal("4.5")


def test_record_replaces_and_a_future_date_is_not_counted_until_recorded():
    activity = make_past_activity()
    first = dates_of(activity, NOVEMBER)[0]
    services.date_record_save(occurrence=first, user=None, visitors=3)
    services.date_record_save(occurrence=first, user=None, visitors=5)
    row = MonthFigure.objects.get(activity=activity, month=NOVEMBER)
    assert (row.visits, row.dates_recorded) == (5, 1)
    december = dates_of(activity, dt.date(2026, 12, 1))
    services.figures_refresh_activity(activity, dt.date(2026, 12, 1), today=TODAY)
    row = MonthFigure.objects.get(activity=activity, month=dt.date(2026, 12, 1))
    assert row.dates_held == 1  # the 1st passed; the 8th and later are still to come
    assert december[0].date == dt.date(2026, 12, 1)


def test_distinct_participants_over_months_and_taking_a_mark_back():
    activity = make_past_activity(signup_required=True, capacity=10)
    person = make_user("tulija@example.com")
    november = dates_of(activity, NOVEMBER)
    signups = [
        Signup.objects.create(
            activity=activity, occurrence=o, user=person, status=Signup.Status.CONFIRMED
        )
        for o in november[:2]
    ]
    for occurrence, signup in zip(november[:2], signups, strict=True):
        services.date_record_save(occurrence=occurrence, user=None, visitors=4, present=[signup.pk])
    assert (
        figures.totals(
            start=NOVEMBER, end=NOVEMBER, organisation=activity.organisation
        ).participants
        == 1
    )
    assert ParticipantMonth.objects.get().marks == 2
    services.date_record_save(occurrence=november[0], user=None, visitors=4, present=[])
    services.date_record_save(occurrence=november[1], user=None, visitors=4, present=[])
    assert not ParticipantMonth.objects.exists()
    assert not Presence.objects.exists()


def test_presences_erased_after_thirty_days_counts_stay():
    activity = make_past_activity(signup_required=True, capacity=10)
    october = dates_of(activity, dt.date(2026, 10, 1))[0]
    signup = Signup.objects.create(
        activity=activity, occurrence=october, name="Aino", status=Signup.Status.CONFIRMED
    )
    services.date_record_save(occurrence=october, user=None, visitors=4, present=[signup.pk])
    assert services.presences_erase_old() == 1
    assert not Presence.objects.exists()
    assert (
        figures.totals(
            start=october.date, end=october.date, organisation=activity.organisation
        ).participants
        == 1
    )


def test_door_counts_add_up_and_typed_totals_replace():
    activity = make_past_activity()
    place = activity.place
    day = dt.date(2026, 12, 7)
    for _ in range(3):
        services.place_day_add(place=place, date=day)
    assert PlaceDay.objects.get(place=place, date=day).visitors == 3
    services.place_days_set(place=place, totals={dt.date(2026, 12, 4): 12, day: 5})
    total = figures.totals(start=day, end=day, organisation=activity.organisation)
    assert (total.visits, total.dates_held) == (17, 2)
    by_place = figures.figures(start=day, end=day, welfare_area=place.welfare_area, by="place")
    assert by_place[place.pk].visits == 17


def test_reminder_once_the_day_after_a_date_without_figures():
    activity = make_past_activity()
    admin = make_user("puheenjohtaja@example.com")
    Membership.objects.create(organisation=activity.organisation, user=admin, role="admin")
    tuesday = dt.date(2026, 12, 1)
    assert services.figures_reminders_send(today=tuesday + dt.timedelta(days=1)) == 1
    assert services.figures_reminders_send(today=tuesday + dt.timedelta(days=1)) == 0
    assert services.figures_reminders_send(today=tuesday + dt.timedelta(days=2)) == 0
    email = OutgoingEmail.objects.get()
    assert email.to == admin.email and "1.12.2026" in email.context["date"]
