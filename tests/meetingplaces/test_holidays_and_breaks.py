"""Public holidays and breaks (issue 16.4): a weekly coffee morning at a place closed on public
holidays is not "as planned" on Christmas Day and New Year's Day, and a Christmas break the
organiser declares shows on the activity's page, the place's page and the calendar feeds as
cancelled dates with the break's name, not as a silent gap. Dates people may have signed up
for are cancelled (and restored) through the organiser's own service path, so sign-ups are told.
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.utils import translation

from meetingplaces import services
from meetingplaces.models import ActivityBreak, Occurrence, OpeningHours
from meetingplaces.schedule import HELSINKI
from tests.meetingplaces.editing import management, place_data, url
from tests.meetingplaces.factories import ActivityFactory, MeetingPlaceFactory
from tests.meetingplaces.test_public_ical import parse

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 12, 1, 9, 0, tzinfo=HELSINKI)  # a Tuesday
CHRISTMAS, NEW_YEAR = dt.date(2026, 12, 25), dt.date(2027, 1, 1)  # both Fridays


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def place(org):
    """The conftest's place, closed on public holidays as the model's default is (the factory
    makes places open on them)."""
    return MeetingPlaceFactory(
        organisations=[org], slug="olohuone", name_fi="Olohuone", open_on_public_holidays=False
    )


@pytest.fixture
def told():
    """What the sign-ups app hears: (date, change, note) of each occurrence_changed."""
    heard = []

    def receiver(sender, occurrence, change, note, **kwargs):
        heard.append((occurrence.date, change, note))

    services.occurrence_changed.connect(receiver)
    yield heard
    services.occurrence_changed.disconnect(receiver)


def status_on(activity, day) -> tuple[str, str]:
    occurrence = Occurrence.objects.get(activity=activity, date=day)
    return occurrence.status, occurrence.note


def feed_events(activity) -> dict[str, dict]:
    body = Client().get(url("meetingplaces:activity-feed", slug=activity.slug)).content
    return {event["DTSTART"][:8]: event for event in parse(body)}


def test_dates_on_public_holidays_follow_the_places_rule(org, place):
    coffee = ActivityFactory(
        organisation=org, place=place, title_fi="Kahvikerho", recurrence="FREQ=WEEKLY;BYDAY=FR"
    )
    open_place = MeetingPlaceFactory(organisations=[org], open_on_public_holidays=True)
    open_coffee = ActivityFactory(
        organisation=org, place=open_place, recurrence="FREQ=WEEKLY;BYDAY=FR"
    )

    assert status_on(coffee, CHRISTMAS) == ("cancelled", "Joulupäivä: kohtaamispaikka on suljettu.")
    assert status_on(coffee, NEW_YEAR) == (
        "cancelled",
        "Uudenvuodenpäivä: kohtaamispaikka on suljettu.",
    )
    assert status_on(coffee, dt.date(2026, 12, 18))[0] == "scheduled"
    assert status_on(open_coffee, CHRISTMAS)[0] == "scheduled"
    # Saved again from a Swedish page: the stored note stays as it was.
    with translation.override("sv"):
        services.activity_saved(coffee)
    assert status_on(coffee, CHRISTMAS)[1] == "Joulupäivä: kohtaamispaikka on suljettu."

    events = feed_events(coffee)
    assert events["20261225"]["STATUS"] == "CANCELLED"
    assert "Joulupäivä" in events["20261225"]["DESCRIPTION"]
    assert events["20270101"]["STATUS"] == "CANCELLED"
    assert events["20261218"]["STATUS"] == "CONFIRMED"
    page = Client().get(coffee.get_absolute_url()).content.decode()
    assert "Joulupäivä: kohtaamispaikka on suljettu." in page


def test_a_closed_day_added_later_cancels_the_date_and_the_organiser_can_keep_it(
    client, editor, org, place, told
):
    OpeningHours.objects.create(place=place, weekday=3, opens=dt.time(10), closes=dt.time(16))
    thursday_group = ActivityFactory(
        organisation=org, place=place, recurrence="FREQ=WEEKLY;BYDAY=TH"
    )
    christmas_eve = dt.date(2026, 12, 24)
    # Christmas Eve is a holiday in the `holidays` package: already cancelled, nobody told.
    assert status_on(thursday_group, christmas_eve)[0] == "cancelled"
    assert told == []

    # The place closes on 10.12. for a staff day: the date is cancelled through the service.
    staff_day = dt.date(2026, 12, 10)
    data = place_data(
        name_fi=place.name_fi,
        organisations=[org.pk],
        **management("exceptions", total=1),
        **{"exceptions-0-date": "10.12.2026", "exceptions-0-closed": "on",
           "exceptions-0-note": "Henkilökunnan koulutuspäivä"},
    )  # fmt: skip
    assert client.post(url("places_manage:place-edit", slug=place.slug), data).status_code == 302
    assert status_on(thursday_group, staff_day) == ("cancelled", "Henkilökunnan koulutuspäivä")
    assert told == [(staff_day, "cancelled", "Henkilökunnan koulutuspäivä")]

    # The organiser holds it all the same: it stays as planned when the place is saved again.
    occurrence = Occurrence.objects.get(activity=thursday_group, date=staff_day)
    client.post(url("places_manage:occurrence-restore", slug=thursday_group.slug, pk=occurrence.pk))
    services.place_saved(place)
    assert status_on(thursday_group, staff_day) == ("scheduled", "")
    assert told[-1] == (staff_day, "restored", "")


def test_a_break_cancels_its_dates_on_every_page_and_feed_and_can_be_removed(
    client, editor, org, place, told
):
    group = ActivityFactory(
        organisation=org, place=place, title_fi="Tiistaipiiri", recurrence="FREQ=WEEKLY;BYDAY=TU"
    )
    dates = url("places_manage:occurrences", slug=group.slug)
    assert url("places_manage:break-add", slug=group.slug) in client.get(dates).content.decode()

    response = client.post(
        url("places_manage:break-add", slug=group.slug),
        {"starts_on": "20.12.2026", "ends_on": "6.1.2027", "note": "Joulutauko"},
    )
    assert response.status_code == 302
    in_break = [dt.date(2026, 12, 22), dt.date(2026, 12, 29), dt.date(2027, 1, 5)]
    for day in in_break:
        assert status_on(group, day) == ("cancelled", "Joulutauko")
    assert status_on(group, dt.date(2026, 12, 15))[0] == "scheduled"
    assert status_on(group, dt.date(2027, 1, 12))[0] == "scheduled"
    # Sign-ups hear of each date, as when the organiser cancels one.
    assert told == [(day, "cancelled", "Joulutauko") for day in in_break]

    anonymous = Client()
    activity_page = anonymous.get(group.get_absolute_url()).content.decode()
    assert "Tauko: Joulutauko 20.12.2026–6.1.2027" in activity_page
    place_page = anonymous.get(place.get_absolute_url()).content.decode()
    assert "Tiistaipiiri</a>: Joulutauko 20.12.2026–6.1.2027" in place_page.replace(
        "<bdi>", ""
    ).replace("</bdi>", "")
    events = feed_events(group)
    assert events["20261222"]["STATUS"] == "CANCELLED"
    assert events["20261222"]["DESCRIPTION"].startswith("Joulutauko")
    place_feed = parse(anonymous.get(url("meetingplaces:place-feed", slug=place.slug)).content)
    assert any(e["STATUS"] == "CANCELLED" and "Joulutauko" in e["DESCRIPTION"] for e in place_feed)

    # Removed: the dates are as planned again, and people are told.
    item = ActivityBreak.objects.get()
    response = client.post(url("places_manage:break-remove", slug=group.slug, pk=item.pk))
    assert response.status_code == 302
    assert not ActivityBreak.objects.exists()
    for day in in_break:
        assert status_on(group, day) == ("scheduled", "")
    assert told[3:] == [(day, "restored", "") for day in in_break]


def test_new_dates_in_a_break_are_created_cancelled(org, place, told):
    group = ActivityFactory(
        organisation=org, place=place, recurrence="FREQ=WEEKLY;BYDAY=TU;INTERVAL=1"
    )
    far = dt.date(2027, 12, 14)  # beyond today's one-year horizon
    ActivityBreak.objects.create(
        activity=group, starts_on=far, ends_on=far + dt.timedelta(days=1), note="Pikkujoulutauko"
    )
    with time_machine.travel(dt.datetime(2027, 1, 5, 9, 0, tzinfo=HELSINKI), tick=False):
        services.occurrences_extend_all()
    assert status_on(group, far) == ("cancelled", "Pikkujoulutauko")
    assert told == []  # nobody could have signed up for a date that did not exist


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"starts_on": "6.1.2027", "ends_on": "20.12.2026", "note": "Tauko"}, "ends_on"),
        ({"starts_on": "1.10.2026", "ends_on": "2.11.2026", "note": "Tauko"}, "ends_on"),
        ({"starts_on": "20.12.2026", "ends_on": "6.1.2027", "note": ""}, "note"),
    ],
)
def test_an_impossible_break_gets_an_error_at_the_field(client, editor, org, place, data, field):
    group = ActivityFactory(organisation=org, place=place)
    response = client.post(url("places_manage:break-add", slug=group.slug), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert f'href="#id_{field}"' in response.content.decode()
    assert not ActivityBreak.objects.exists()
    assert (
        not Occurrence.objects.filter(status="cancelled").exclude(closure="place_closed").exists()
    )
