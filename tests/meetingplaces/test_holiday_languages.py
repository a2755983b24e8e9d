"""Holiday notes in the reader's language (issue 16): the place's holiday hours and the reason
a date is cancelled on a public holiday read in Finnish, Swedish or English. The services store
their own notes in Finnish (a regeneration never rewrites them); pages, feeds and messages
write them again in the reader's language. What an organiser typed is shown as typed."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import translation

from meetingplaces.hours import note_in_language
from meetingplaces.models import Occurrence, OpeningHours
from meetingplaces.schedule import HELSINKI
from tests.meetingplaces.factories import ActivityFactory, MeetingPlaceFactory
from tests.meetingplaces.test_public_ical import parse

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 12, 1, 9, 0, tzinfo=HELSINKI)
CHRISTMAS = dt.date(2026, 12, 25)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def coffee(org):
    place = MeetingPlaceFactory(
        organisations=[org], slug="olohuone", name_fi="Olohuone", open_on_public_holidays=False
    )
    OpeningHours.objects.create(place=place, weekday=4, opens=dt.time(10), closes=dt.time(16))
    return ActivityFactory(
        organisation=org, place=place, title_fi="Kahvikerho", recurrence="FREQ=WEEKLY;BYDAY=FR"
    )


def _get(lang: str, name: str, **kwargs) -> str:
    with translation.override(lang):
        path = reverse(name, kwargs=kwargs)
    return Client().get(path).content.decode()


@pytest.mark.parametrize(
    ("lang", "reason", "holiday"),
    [
        ("fi", "Joulupäivä: kohtaamispaikka on suljettu.", "Joulupäivä"),
        ("sv", "Juldagen: mötesplatsen är stängd.", "Juldagen"),
        ("en", "Christmas Day: the meeting place is closed.", "Christmas Day"),
    ],
)
def test_holiday_reasons_and_hours_in_the_readers_language(coffee, lang, reason, holiday):
    stored = Occurrence.objects.get(activity=coffee, date=CHRISTMAS)
    assert stored.note == "Joulupäivä: kohtaamispaikka on suljettu."  # stored once, in Finnish

    assert reason in _get(lang, "meetingplaces:activity", slug=coffee.slug)
    place_page = _get(lang, "meetingplaces:place", slug=coffee.place.slug)
    assert holiday in place_page  # the place's coming exceptions name the holiday
    with translation.override(lang):
        feed_path = reverse("meetingplaces:activity-feed", kwargs={"slug": coffee.slug})
    events = {e["DTSTART"][:8]: e for e in parse(Client().get(feed_path).content)}
    assert reason in events["20261225"]["DESCRIPTION"].replace("\\", "")


def test_an_organisers_own_note_is_shown_as_typed():
    assert note_in_language("Kerho on tauolla.", CHRISTMAS, "sv") == "Kerho on tauolla."
    assert note_in_language("No longer on the schedule.", CHRISTMAS, "sv") == (
        "No longer on the schedule."  # an English text someone typed: not a stored Finnish note
    )
    assert note_in_language("Ei enää aikataulussa.", CHRISTMAS, "sv") == "Inte längre i schemat."
