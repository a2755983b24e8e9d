"""Time words mean what people mean (search/README.md, "Time words"): on a Saturday evening
"this week" is the coming seven days, the dates are said on the page, words in the box work
as the choices do, and a time filter that finds nothing offers the next dates that exist."""

import datetime as dt

import pytest
import time_machine

from meetingplaces.models import LocationSource
from meetingplaces.schedule import HELSINKI
from tests.meetingplaces.factories import ActivityFactory, MeetingPlaceFactory
from tests.organisations.factories import OrganisationFactory

URL = "/fi/search/"
SATURDAY_EVENING = dt.datetime(2026, 12, 5, 19, 30, tzinfo=HELSINKI)

pytestmark = pytest.mark.django_db


@pytest.fixture
def saturday(db):
    with time_machine.travel(SATURDAY_EVENING, tick=False):
        org = OrganisationFactory(name="Vertaisyhdistys ry")
        place = MeetingPlaceFactory(
            name_fi="Tuulikello", organisations=[org], location_source=LocationSource.PIN
        )
        ActivityFactory(
            title_fi="Tiistain vertaisryhmä",
            organisation=org,
            place=place,
            recurrence="FREQ=WEEKLY;BYDAY=TU",
            start_date=dt.date(2026, 12, 1),
        )
        ActivityFactory(
            title_fi="Keskiviikon kerho",
            organisation=org,
            place=place,
            recurrence="FREQ=WEEKLY;BYDAY=WE",
            start_date=dt.date(2026, 12, 2),
        )
        yield


def get(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    result = response.context["result"]
    return response, [r.title for r in result.results], response.context["query"]


@pytest.mark.parametrize(
    ("when", "first", "last"),
    [
        ("today", "2026-12-05", "2026-12-05"),
        ("tomorrow", "2026-12-06", "2026-12-06"),
        ("weekend", "2026-12-05", "2026-12-06"),
        ("week", "2026-12-05", "2026-12-11"),
        ("next_week", "2026-12-07", "2026-12-13"),
    ],
)
def test_time_words_on_a_saturday(client, saturday, when, first, last):
    with time_machine.travel(SATURDAY_EVENING, tick=False):
        _response, found, query = get(client, when=when, postcode="40100")
    assert (query.date_from.isoformat(), query.date_to.isoformat()) == (first, last)
    if when in ("week", "next_week"):
        assert set(found) == {"Tiistain vertaisryhmä", "Keskiviikon kerho"}
    else:
        assert found == []


def test_this_week_on_a_saturday_says_the_dates_and_finds_tuesday(client, saturday):
    with time_machine.travel(SATURDAY_EVENING, tick=False):
        response, found, _query = get(client, when="week", postcode="40100", radius="10")
    assert found == ["Tiistain vertaisryhmä", "Keskiviikon kerho"]
    assert "la 5.12.–pe 11.12.2026" in response.text
    assert "8.12.2026" in response.text  # the card's next date


@pytest.mark.parametrize(
    ("q", "when", "words"),
    [
        ("vertaisryhmä tällä viikolla", "week", "vertaisryhmä"),
        ("kerho ensi viikolla", "next_week", "kerho"),
        ("ilmainen kerho viikonloppuna", "weekend", "kerho"),
        ("peer group this week", "week", "peer group"),
    ],
)
def test_time_and_cost_words_in_the_box(client, saturday, q, when, words):
    with time_machine.travel(SATURDAY_EVENING, tick=False):
        _response, _found, query = get(client, q=q)
    assert (query.when, query.q) == (when, words)
    assert ("free" in query.selected) == q.startswith("ilmainen")


def test_a_time_filter_that_finds_nothing_offers_the_next_dates(client, saturday):
    with time_machine.travel(SATURDAY_EVENING, tick=False):
        response, found, _query = get(client, when="weekend", q="kerho")
    assert found == []
    texts = [s.text for s in response.context["result"].head.suggestions]
    assert texts[0] == "Seuraavaksi ke 9.12."
    assert "date_from=2026-12-09" in response.context["result"].head.suggestions[0].params
    assert "Seuraavaksi ke 9.12." in response.text
