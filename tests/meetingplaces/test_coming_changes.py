"""What organisers and residents are told ahead (issue 16.12): the edit page's preview marks
the dates that were cancelled or moved, and a place's page lists the exceptions to its hours
of the next 60 days, not only this week's."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.test import Client

from meetingplaces import services
from meetingplaces.models import OpeningException, OpeningHours
from meetingplaces.schedule import HELSINKI, local_instant
from tests.meetingplaces.editing import schedule_data, url
from tests.meetingplaces.factories import ActivityFactory, MeetingPlaceFactory

pytestmark = pytest.mark.django_db


def test_the_edit_pages_preview_marks_cancelled_and_moved_dates(client, editor, org, place):
    activity = ActivityFactory(organisation=org, place=place)
    first, second, _third = activity.occurrences.order_by("date")[:3]
    services.occurrence_cancel(first, note="Ohjaaja sairas.")
    services.occurrence_move(
        second,
        starts_at=local_instant(second.date + dt.timedelta(days=1), dt.time(17, 0)),
        ends_at=local_instant(second.date + dt.timedelta(days=1), dt.time(18, 0)),
        note="Keskiviikkona.",
    )

    page = client.get(url("places_manage:activity-edit", slug=activity.slug)).content.decode()
    preview = page[page.index('id="schedule-preview"') :]
    items = preview[: preview.index("</ul>")].split("<li>")[1:]
    assert len(items) == 5
    assert "Peruttu" in items[0] and "Ohjaaja sairas." in items[0] and "<del>" in items[0]
    moved_to = second.date + dt.timedelta(days=1)
    assert "Siirretty" in items[1]
    assert f"{moved_to.day}.{moved_to.month}.{moved_to.year} klo 17.00–18.00" in items[1]
    assert "Peruttu" not in items[2] and "Siirretty" not in items[2]

    # The live preview (htmx) of the same activity says the same.
    live = client.post(
        url("places_manage:activity-preview", slug=org.slug),
        schedule_data(
            activity=activity.slug, start_date=activity.start_date.isoformat(), interval="1"
        ),
    ).content.decode()
    assert "Peruttu" in live and "Siirretty" in live


@time_machine.travel(dt.datetime(2026, 12, 1, 12, 0, tzinfo=HELSINKI), tick=False)
def test_a_place_page_shows_the_exceptions_of_the_next_60_days():
    place = MeetingPlaceFactory(slug="olohuone-60", open_on_public_holidays=False)
    for weekday in range(5):
        OpeningHours.objects.create(
            place=place, weekday=weekday, opens=dt.time(10), closes=dt.time(16)
        )
    OpeningException.objects.create(
        place=place, date=dt.date(2026, 12, 24), closed=True, note="Jouluaatto"
    )
    OpeningException.objects.create(
        place=place,
        date=dt.date(2027, 1, 7),
        closed=False,
        opens=dt.time(12),
        closes=dt.time(14),
        note="Henkilökunnan koulutus",
    )
    OpeningException.objects.create(  # beyond 60 days
        place=place, date=dt.date(2027, 2, 15), closed=True, note="Hiihtoloma"
    )

    page = Client().get(place.get_absolute_url()).content.decode()
    section = page[page.index("Poikkeukset seuraavien 60 päivän aikana") :]
    section = re.sub(r"<[^>]+>", "", section[: section.index("</ul>")])
    assert "torstai 24.12.2026: Suljettu" in section and "Jouluaatto" in section
    # A public holiday on a weekday it is otherwise open: Christmas Day, a Friday.
    assert "perjantai 25.12.2026: Suljettu" in section and "Joulupäivä" in section
    assert "torstai 7.1.2027: 12–14" in section and "Henkilökunnan koulutus" in section
    assert "Hiihtoloma" not in page
    # Boxing Day 26.12. is a Saturday, when the place is closed anyway: not an exception.
    assert "26.12.2026" not in section
