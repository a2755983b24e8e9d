"""The demo gives every chart of the knowledge page something to draw: its searches (daily
counts), full groups with waiting lists, and the figures rebuilt after attendance's and the
forums' demo data (a small registry of factories stands in for the meeting places' demo)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from attendance.demo.seed import seed_attendance
from forums.demo.seed import seed as seed_forums
from knowledge.demo.seed import seed as seed_knowledge
from knowledge.models import SearchTerm
from meetingplaces.models import Venue
from tests.meetingplaces.factories import ActivityFactory, MeetingPlaceFactory
from tests.organisations.factories import OrganisationFactory, municipality
from tests.personas import make_coordinator

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 12, 7, 10, 0, tzinfo=dt.UTC)
CHARTED = {
    "offer-municipality": "activities_10k",
    "theme": "activities",
    "use-municipality": "full_dates",
    "months": "dates_held",
    "demand-municipality": "empty_share",
    "demand-theme": "searches",
    "participation": "number",
}


def test_every_chart_shows_something(client):
    with time_machine.travel(NOW, tick=False):
        organisation = OrganisationFactory(slug="keuruun-muistiyhdistys")
        start = NOW.date() - dt.timedelta(days=200)
        for code, capacity in (("179", 6), ("249", 4), ("182", None)):
            place = MeetingPlaceFactory(
                organisations=[organisation], municipality=municipality(code)
            )
            ActivityFactory(
                organisation=organisation, place=place, today=start, start_date=start,
                capacity=capacity, signup_required=capacity is not None,
            )  # fmt: skip
        ActivityFactory(
            organisation=organisation, venue=Venue.ONLINE, place=None, today=start,
            start_date=start, online_url="https://example.com/verkko",
        )  # fmt: skip
        seed_forums()
        seed_attendance(today=NOW.date())
        lines = seed_knowledge()
        assert "Filled" in lines[1]
        assert seed_knowledge() == ["Rebuilt the knowledge page's figures of every welfare area."]
        client.force_login(make_coordinator("koordinaattori@example.com"))
        with translation.override("en"):
            response = client.get(reverse("knowledge:area", args=["keski-suomi"]))
    tables = {t.slug: t for t in response.context["tables"]}
    for slug, column in CHARTED.items():
        values = [values.get(column) or 0 for _label, values in tables[slug].rows]
        assert any(values), f"the chart of {slug} ({column}) draws nothing"
        assert tables[slug].charts
    assert any(v.get("visits") for _label, v in tables["use-municipality"].rows)
    assert tables["demand-words"].rows
    # The demo's words below five searches a day are not stored.
    assert not SearchTerm.objects.filter(searches__lt=5).exclude(text="").exists()
