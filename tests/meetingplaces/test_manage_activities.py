"""Associations' editing of activities: one form with its schedule in plain controls and a
preview in plain words; impossible schedules that get an error at the right control with
nothing saved and nothing typed lost; copying an activity; cancelling, moving and restoring one
date. (The fixtures org, editor and place are in conftest.py.)
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from meetingplaces import services
from meetingplaces.models import Activity, Occurrence, PublishStatus, Venue
from meetingplaces.schedule import HELSINKI
from tests.meetingplaces.editing import activity_data, next_weekday, schedule_data, url
from tests.meetingplaces.factories import ActivityFactory, MeetingPlaceFactory
from tests.organisations.factories import OrganisationFactory, municipality

pytestmark = pytest.mark.django_db


def test_a_recurring_activity_in_one_form(client, editor, org, place):
    response = client.post(
        url("places_manage:activity-create", slug=org.slug), activity_data(place)
    )

    assert response.status_code == 302
    activity = Activity.objects.get(title_fi="Omaishoitajien vertaisryhmä")
    assert activity.recurrence == "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"
    assert activity.organisation == org and activity.welfare_area_id == org.welfare_area_id
    assert activity.status == PublishStatus.PUBLISHED
    dates = list(activity.occurrences.values_list("date", flat=True))
    assert dates[0] == next_weekday(1)
    assert dates[1] - dates[0] == dt.timedelta(days=14)
    assert response["Location"] == url("places_manage:occurrences", slug=activity.slug)
    page = client.get(response["Location"]).content.decode()
    assert "joka toinen tiistai klo 13–15" in page.lower()


def test_monthly_on_the_first_monday(client, editor, org, place):
    data = activity_data(place, repeat="monthly", month_position="1", month_weekday="0")
    response = client.post(url("places_manage:activity-create", slug=org.slug), data)
    assert response.status_code == 302
    activity = Activity.objects.get()
    assert activity.recurrence == "FREQ=MONTHLY;BYDAY=1MO"
    assert all(
        day.weekday() == 0 and day.day <= 7
        for day in activity.occurrences.values_list("date", flat=True)
    )


def test_on_these_dates_and_at_another_address(client, editor, org):
    first = next_weekday(3)
    data = activity_data(
        None,
        venue="address",
        street_address="Torikatu 1",
        postcode="40100",
        municipality=municipality("179").pk,
        repeat="dates",
        start_date=first.isoformat(),
        extra_dates=f"{(first + dt.timedelta(days=9)):%d.%m.%Y}\n"
        f"{(first + dt.timedelta(days=20)).isoformat()}",
    )
    response = client.post(url("places_manage:activity-create", slug=org.slug), data)
    assert response.status_code == 302
    activity = Activity.objects.get()
    assert activity.recurrence == "" and activity.venue == Venue.ADDRESS
    assert activity.latitude is not None  # the municipality centre
    assert list(activity.occurrences.values_list("date", flat=True)) == [
        first,
        first + dt.timedelta(days=9),
        first + dt.timedelta(days=20),
    ]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        # End before start.
        ({"start_time": "15:00", "end_time": "13:00"}, "end_time"),
        # Last date before the first.
        ({"end_date": "2020-01-01"}, "end_date"),
        # A rule that yields no dates: Tuesdays from a Wednesday to the Thursday after.
        ("no dates", "weekdays"),
        # Ten years of daily occurrences: every weekday for ten years.
        ("ten years daily", "end_date"),
        # "On these dates" without the dates.
        ({"repeat": "dates", "extra_dates": ""}, "extra_dates"),
        # Weekly without a weekday; monthly without the weekday.
        ({"weekdays": []}, "weekdays"),
        ({"repeat": "monthly", "month_position": "1"}, "month_weekday"),
        # A date that is not a date.
        ({"repeat": "weekly", "skipped_dates": "31.2.2026"}, "skipped_dates"),
    ],
)
def test_impossible_schedules_get_an_error_at_the_field(client, editor, org, place, changes, field):
    wednesday = next_weekday(2)
    if changes == "no dates":
        changes = {
            "start_date": wednesday.isoformat(),
            "end_date": (wednesday + dt.timedelta(days=1)).isoformat(),
            "interval": "1",
        }
    elif changes == "ten years daily":
        changes = {
            "weekdays": ["0", "1", "2", "3", "4", "5", "6"],
            "interval": "1",
            "end_date": (wednesday + dt.timedelta(days=3653)).isoformat(),
        }
    response = client.post(
        url("places_manage:activity-create", slug=org.slug), activity_data(place, **changes)
    )

    assert response.status_code == 200
    schedule_form = response.context["schedule_form"]
    assert field in schedule_form.errors, schedule_form.errors
    page = response.content.decode()
    assert f'href="#id_{field}' in page  # the error summary links to the field
    assert 'value="Omaishoitajien vertaisryhmä"' in page  # nothing typed is lost
    assert not Activity.objects.exists()
    assert not Occurrence.objects.exists()


def test_errors_of_what_and_when_are_shown_together(client, editor, org, place):
    data = activity_data(place, title_fi="", end_time="12:00", venue="online", online_url="")
    response = client.post(url("places_manage:activity-create", slug=org.slug), data)
    assert set(response.context["form"].errors) >= {"title_fi", "online_url"}
    assert "end_time" in response.context["schedule_form"].errors
    assert not Activity.objects.exists()


def test_the_live_preview_in_plain_words(client, editor, org):
    tuesday = next_weekday(1)
    response = client.post(
        url("places_manage:activity-preview", slug=org.slug),
        schedule_data(start_date=tuesday.isoformat()),
        HTTP_HX_REQUEST="true",
    )
    page = response.content.decode()
    assert "joka toinen tiistai klo 13–15" in page.lower()
    assert f"ti {tuesday.day}.{tuesday.month}.{tuesday.year}" in page
    second = tuesday + dt.timedelta(days=14)
    assert f"ti {second.day}.{second.month}.{second.year}" in page
    assert page.count("<li>") == 5
    assert "<html" not in page


def test_the_live_preview_names_an_impossible_schedule_but_not_empty_fields(client, editor, org):
    preview = url("places_manage:activity-preview", slug=org.slug)
    empty = client.post(preview, {"repeat": "weekly"}).content.decode()
    assert "errorlist" not in empty
    wrong = client.post(
        preview, schedule_data(start_time="15:00", end_time="13:00")
    ).content.decode()
    assert "errorlist" in wrong


def test_the_preview_button_works_without_javascript_and_saves_nothing(client, editor, org, place):
    data = activity_data(place, action="preview", title_fi="")
    response = client.post(url("places_manage:activity-create", slug=org.slug), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "joka toinen tiistai klo 13–15" in page.lower()
    assert not response.context["form"].errors  # the rest of the form is not judged yet
    assert not Activity.objects.exists()


def test_a_weekly_13_oclock_stays_at_13_across_both_dst_changes(client, editor, org, place):
    """The preview and the stored dates: 13.00 local in winter and in summer time."""
    preview = url("places_manage:activity-preview", slug=org.slug)
    for first in (dt.date(2027, 3, 23), dt.date(2027, 10, 26)):  # Tuesdays before the changes
        page = client.post(
            preview, schedule_data(start_date=first.isoformat(), interval="1")
        ).content.decode()
        assert page.count("klo 13.00–15.00") == 5, page

    activity = ActivityFactory(organisation=org, place=place, start_date=dt.date(2027, 3, 23))
    services.occurrences_regenerate(activity, today=dt.date(2027, 3, 1))
    around = activity.occurrences.filter(date__in=[dt.date(2027, 3, 23), dt.date(2027, 3, 30)])
    local = [timezone.localtime(o.starts_at, HELSINKI).time() for o in around]
    utc = [o.starts_at.astimezone(dt.UTC).hour for o in around]
    assert local == [dt.time(13, 0), dt.time(13, 0)]
    assert utc == [11, 10]


def test_editing_shows_the_saved_schedule_and_keeps_the_dates(client, editor, org, place):
    activity = ActivityFactory(organisation=org, place=place, recurrence="FREQ=WEEKLY;BYDAY=TU")
    before = set(activity.occurrences.values_list("pk", flat=True))
    edit = url("places_manage:activity-edit", slug=activity.slug)

    page = client.get(edit)
    assert 'name="is_free" value="1" required id="id_is_free_0" checked' in page.content.decode()
    schedule_form = page.context["schedule_form"]
    assert schedule_form["repeat"].value() == "weekly"
    assert schedule_form["weekdays"].value() == [1]
    assert "joka tiistai klo 13–15" in page.content.decode().lower()

    data = activity_data(
        place,
        title_fi=activity.title_fi,
        start_date=activity.start_date.isoformat(),
        interval="1",
        start_time="14:00",
        end_time="16:00",
    )
    assert client.post(edit, data).status_code == 302
    activity.refresh_from_db()
    assert activity.start_time == dt.time(14, 0)
    assert set(activity.occurrences.values_list("pk", flat=True)) == before
    first = activity.occurrences.first()
    assert timezone.localtime(first.starts_at, HELSINKI).time() == dt.time(14, 0)


def test_a_rule_the_controls_cannot_show_is_kept(client, editor, org, place):
    activity = ActivityFactory(
        organisation=org, place=place, recurrence="FREQ=MONTHLY;BYMONTHDAY=15"
    )
    edit = url("places_manage:activity-edit", slug=activity.slug)
    assert client.get(edit).context["schedule_form"]["repeat"].value() == "other"
    data = activity_data(
        place, title_fi="Uusi nimi", repeat="other", start_date=activity.start_date.isoformat()
    )
    assert client.post(edit, data).status_code == 302
    activity.refresh_from_db()
    assert activity.recurrence == "FREQ=MONTHLY;BYMONTHDAY=15"
    assert activity.title_fi == "Uusi nimi"


def test_copying_an_activity_opens_a_prefilled_draft(client, editor, org, place):
    original = ActivityFactory(
        organisation=org, place=place, title_fi="Muistikahvila", contact_role="Ryhmänohjaaja"
    )
    copy = url("places_manage:activity-duplicate", slug=original.slug)

    page = client.get(copy)
    form = page.context["form"]
    assert form["title_fi"].value() == "Muistikahvila (kopio)"
    assert form["status"].value() == PublishStatus.DRAFT
    assert page.context["schedule_form"]["weekdays"].value() == [1]

    data = activity_data(
        place,
        title_fi="Muistikahvila (kopio)",
        status="draft",
        interval="1",
        start_date=original.start_date.isoformat(),
        contact_role="Ryhmänohjaaja",
    )
    response = client.post(copy, data)
    assert response.status_code == 302
    new = Activity.objects.exclude(pk=original.pk).get()
    assert new.status == PublishStatus.DRAFT and new.slug != original.slug
    assert new.contact_role == "Ryhmänohjaaja"
    assert new.occurrences.exists()
    original.refresh_from_db()
    assert original.title_fi == "Muistikahvila"


def test_archiving_an_activity(client, editor, org, place):
    activity = ActivityFactory(organisation=org, place=place)
    client.post(url("places_manage:activity-archive", slug=activity.slug))
    activity.refresh_from_db()
    assert activity.status == PublishStatus.ARCHIVED


def test_the_overview_lists_places_and_activities_with_next_dates(client, editor, org, place):
    ActivityFactory(organisation=org, place=place, title_fi="Tiistairyhmä")
    ActivityFactory(organisation=OrganisationFactory(), title_fi="Toisen ryhmä")
    page = client.get(url("places_manage:overview", slug=org.slug)).content.decode()
    assert "Tiistairyhmä" in page and "Olohuone" in page
    assert "Toisen ryhmä" not in page
    tuesday = next_weekday(1, after=services.local_today() - dt.timedelta(days=1))
    assert f"ti {tuesday.day}.{tuesday.month}.{tuesday.year}" in page


def test_the_organisation_page_links_to_places_and_activities(client, editor, org):
    page = client.get(url("manage:organisation", slug=org.slug)).content.decode()
    assert url("places_manage:overview", slug=org.slug) in page


# --- single dates ------------------------------------------------------------------------------


@pytest.fixture
def signals():
    received = []

    def receiver(sender, occurrence, change, note, **kwargs):
        received.append((occurrence.pk, change, note))

    services.occurrence_changed.connect(receiver)
    yield received
    services.occurrence_changed.disconnect(receiver)


def test_cancel_move_and_restore_one_date(client, editor, org, place, signals):
    activity = ActivityFactory(organisation=org, place=place)
    occurrence = activity.occurrences.order_by("date")[1]
    other_place = MeetingPlaceFactory(organisations=[org], slug="toinen-paikka")
    kwargs = {"slug": activity.slug, "pk": occurrence.pk}

    assert client.get(url("places_manage:occurrence-cancel", **kwargs)).status_code == 200
    client.post(url("places_manage:occurrence-cancel", **kwargs), {"note": "Ohjaaja sairas."})
    occurrence.refresh_from_db()
    assert occurrence.status == Occurrence.Status.CANCELLED
    assert occurrence.note == "Ohjaaja sairas."

    new_day = occurrence.date + dt.timedelta(days=1)
    response = client.post(
        url("places_manage:occurrence-move", **kwargs),
        {"date": new_day.isoformat(), "start_time": "17:00", "end_time": "18:30",
         "place": other_place.pk, "note": "Keskiviikkona toisessa paikassa."},
    )  # fmt: skip
    assert response.status_code == 302
    occurrence.refresh_from_db()
    assert occurrence.status == Occurrence.Status.MOVED
    local = timezone.localtime(occurrence.starts_at, HELSINKI)
    assert (local.date(), local.time()) == (new_day, dt.time(17, 0))
    assert occurrence.place == other_place

    client.post(url("places_manage:occurrence-restore", **kwargs))
    occurrence.refresh_from_db()
    assert occurrence.status == Occurrence.Status.SCHEDULED
    assert occurrence.place is None and occurrence.note == ""
    assert timezone.localtime(occurrence.starts_at, HELSINKI).time() == dt.time(13, 0)

    assert [change for _pk, change, _note in signals] == ["cancelled", "moved", "restored"]
    page = client.get(url("places_manage:occurrences", slug=activity.slug)).content.decode()
    assert "Peru" in page


def test_moving_a_date_to_end_before_it_starts_is_refused(client, editor, org, place):
    activity = ActivityFactory(organisation=org, place=place)
    occurrence = activity.occurrences.first()
    response = client.post(
        url("places_manage:occurrence-move", slug=activity.slug, pk=occurrence.pk),
        {"date": occurrence.date.isoformat(), "start_time": "15:00", "end_time": "14:00"},
    )
    assert response.status_code == 200
    assert "end_time" in response.context["form"].errors
    occurrence.refresh_from_db()
    assert occurrence.status == Occurrence.Status.SCHEDULED
