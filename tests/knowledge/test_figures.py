"""The knowledge page's figures against a small world counted by hand.

Frozen at Sunday 1 March 2026. Keski-Suomi, the period March–April 2026 (61 days, 8.714 weeks):

- "Vertaisryhmä" at a place in Jyväskylä (179), Tuesdays 13–15 in March (3, 10, 17, 24, 31),
  10 March cancelled: 4 dates held, 8 hours, 2 seats each; theme peer support.
  3.3.: 2 confirmed + 1 waiting (full); 17.3.: 1 confirmed + 1 pending (full: 2 of 2 taken).
- "Mielenterveyskahvila" at a place in Jämsä (182) on Thursday 5.3. 10:00–11:30, 10 seats;
  themes peer support and mental health; 3 confirmed, 1 cancelled.
- "Verkkoilta", online, 7.4. 18–19, no theme, no seats.
- Searches: 3 in Jyväskylä for peer support (one found nothing), 5 × "tuolijumppa" in
  Jyväskylä, 4 × "salainen sana" in Jyväskylä (found nothing: below five, not stored), 1 ×
  "muistikahvila" in Jämsä (found nothing). And one search in Vantaa (another area).
- A consultation open in March with its summary published 20.3.; comments: 2 online, 1 on
  paper, 1 by phone, 1 online hidden.
- Attendance (recorded on 2 April): 3.3. 6 came, 17.3. 4 came (2 volunteers, 3 hours); the
  Jämsä café 9 came, two of its signed-up people marked present; the Jyväskylä place counted 7
  visitors at its door on 4.3.
- Freshness: one organisation created two years ago and never confirmed; one of the two places
  last saved in 2024.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from attendance import services as attendance
from forums.models import Channel, CommentStatus
from knowledge import demand
from knowledge.models import SearchTerm
from knowledge.services import figures_refresh
from meetingplaces.models import MeetingPlace, Occurrence, Venue
from organisations.models import Organisation
from search.registry import SearchDone
from signups.models import Signup
from taxonomy.models import Term
from tests.forums.factories import make_comment, make_consultation, make_forum
from tests.meetingplaces.factories import ActivityFactory, MeetingPlaceFactory
from tests.organisations.factories import OrganisationFactory, area, municipality
from tests.personas import make_coordinator

pytestmark = pytest.mark.django_db
HELSINKI = ZoneInfo("Europe/Helsinki")
NOW = dt.datetime(2026, 3, 1, 10, 0, tzinfo=HELSINKI)
MARCH = dt.date(2026, 3, 1)
WEEKS = 61 / 7


def signups(occurrence, **counts):
    for status, count in counts.items():
        for n in range(count):
            Signup.objects.create(
                activity=occurrence.activity,
                occurrence=occurrence,
                status=status,
                email=f"{status}{n}@example.com",
            )


@pytest.fixture
def world(client):
    with time_machine.travel(NOW, tick=False):
        peer = Term.objects.get(slug="peer-support")
        mental = Term.objects.get(slug="mental-health")
        organisation = OrganisationFactory()
        jyvaskyla = MeetingPlaceFactory(
            organisations=[organisation], municipality=municipality("179")
        )
        jamsa = MeetingPlaceFactory(organisations=[organisation], municipality=municipality("182"))
        group = ActivityFactory(
            organisation=organisation,
            place=jyvaskyla,
            themes=[peer],
            today=MARCH,
            end_date=dt.date(2026, 3, 31),
            capacity=2,
            signup_required=True,
        )
        cafe = ActivityFactory(
            organisation=organisation,
            place=jamsa,
            themes=[peer, mental],
            today=MARCH,
            recurrence="",
            start_date=dt.date(2026, 3, 5),
            start_time=dt.time(10),
            end_time=dt.time(11, 30),
            capacity=10,
            signup_required=True,
        )
        ActivityFactory(
            organisation=organisation,
            venue=Venue.ONLINE,
            place=None,
            today=MARCH,
            recurrence="",
            start_date=dt.date(2026, 4, 7),
            start_time=dt.time(18),
            end_time=dt.time(19),
            online_url="https://example.com/ilta",
        )
        dates = {o.date: o for o in Occurrence.objects.filter(activity=group)}
        assert sorted(d.day for d in dates) == [3, 10, 17, 24, 31]
        dates[dt.date(2026, 3, 10)].status = Occurrence.Status.CANCELLED
        dates[dt.date(2026, 3, 10)].save()
        signups(dates[dt.date(2026, 3, 3)], confirmed=2, waiting=1)
        signups(dates[dt.date(2026, 3, 17)], confirmed=1, pending=1)
        signups(Occurrence.objects.get(activity=cafe), confirmed=3, cancelled=1)

        searches = [("", ("peer-support",), "179", 1)] * 2 + [("", ("peer-support",), "179", 0)]
        searches += [("tuolijumppa", (), "179", 7)] * 5 + [("salainen sana", (), "179", 0)] * 4
        searches += [("muistikahvila", (), "182", 0), ("perhekahvila", (), "092", 3)]
        for words, themes, code, total in searches:
            demand.record_search(SearchDone(words, themes, code, (), total))

        forum = make_forum(starts_at=NOW + dt.timedelta(days=40))
        consultation = make_consultation(
            forum,
            opens_at=NOW,
            closes_at=NOW + dt.timedelta(days=30),
            summary_published_at=NOW + dt.timedelta(days=19),
        )
        coordinator = make_coordinator("koordinaattori@example.com")
        for channel, status in [
            (Channel.ONLINE, CommentStatus.VISIBLE),
            (Channel.ONLINE, CommentStatus.VISIBLE),
            (Channel.PAPER, CommentStatus.VISIBLE),
            (Channel.PHONE, CommentStatus.VISIBLE),
            (Channel.ONLINE, CommentStatus.HIDDEN),
        ]:
            make_comment(consultation, coordinator, channel=channel, status=status)
        Organisation.objects.filter(pk=organisation.pk).update(last_confirmed_at=NOW)
        OrganisationFactory(name="Vanha yhdistys ry")
        Organisation.objects.filter(name="Vanha yhdistys ry").update(
            created_at=NOW - dt.timedelta(days=730)
        )
        MeetingPlace.objects.filter(pk=jamsa.pk).update(updated_at=NOW - dt.timedelta(days=400))
        figures_refresh(area_id=area().pk, today=MARCH.replace(day=1))
    with time_machine.travel(dt.datetime(2026, 4, 2, 12, tzinfo=HELSINKI), tick=False):
        record = attendance.date_record_save
        record(occurrence=dates[dt.date(2026, 3, 3)], user=coordinator, visitors=6)
        record(
            occurrence=dates[dt.date(2026, 3, 17)], user=coordinator, visitors=4, volunteers=2,
            volunteer_hours=Decimal("3"),
        )  # fmt: skip
        held = Occurrence.objects.get(activity=cafe)
        came = list(held.signups.filter(status="confirmed").values_list("pk", flat=True)[:2])
        record(occurrence=held, user=coordinator, visitors=9, present=came)
        attendance.place_day_add(place=jyvaskyla, date=dt.date(2026, 3, 4), count=7)
    client.force_login(coordinator)
    return client


def page_tables(client, **params) -> dict[str, dict[str, dict]]:
    with time_machine.travel(NOW, tick=False), translation.override("en"):
        response = client.get(
            reverse("knowledge:area", args=["keski-suomi"]),
            {"start": "2026-03", "end": "2026-04", **params},
        )
    assert response.status_code == 200
    return {t.slug: dict(t.rows) for t in response.context["tables"]}


def test_offer_by_municipality(world):
    offer = page_tables(world)["offer-municipality"]
    assert len(offer) == 22 + 1  # every municipality of the area, and online
    assert offer["Jyväskylä"]["activities"] == 1
    assert offer["Jyväskylä"]["hours"] == pytest.approx(8 / WEEKS)
    assert offer["Jyväskylä"]["seats"] == pytest.approx(8 / WEEKS)
    assert offer["Jyväskylä"]["places"] == 1
    assert offer["Jyväskylä"]["population"] == 143_420
    assert offer["Jyväskylä"]["activities_10k"] == pytest.approx(10_000 / 143_420)
    assert offer["Jämsä"]["activities"] == 1
    assert offer["Jämsä"]["hours"] == pytest.approx(1.5 / WEEKS)
    assert offer["Jämsä"]["seats"] == pytest.approx(10 / WEEKS)
    assert offer["Online (no municipality)"]["activities"] == 1
    assert offer["Online (no municipality)"]["hours"] == pytest.approx(1 / WEEKS)
    assert offer["Keuruu"]["activities"] == 0


def test_use_and_themes(world):
    tables = page_tables(world)
    use = tables["use-municipality"]
    assert use["Jyväskylä"] | {} == use["Jyväskylä"]
    assert (use["Jyväskylä"]["dates_held"], use["Jyväskylä"]["dates_cancelled"]) == (4, 1)
    assert (use["Jyväskylä"]["signups"], use["Jyväskylä"]["waiting"]) == (3, 1)
    assert use["Jyväskylä"]["full_dates"] == 2
    assert use["Jyväskylä"]["full_share"] == pytest.approx(50.0)
    assert (use["Jämsä"]["dates_held"], use["Jämsä"]["signups"], use["Jämsä"]["full_dates"]) == (
        1,
        3,
        0,
    )
    assert (use["Jyväskylä"]["visits"], use["Jämsä"]["visits"]) == (17, 9)
    assert use["Jämsä"]["participants"] == 2
    assert use["Jämsä"]["visits_10k"] == pytest.approx(9 * 10_000 / 19_887)
    themes = tables["theme"]
    assert (themes["peer support"]["visits"], themes["mental health"]["visits"]) == (19, 9)
    assert themes["peer support"]["activities"] == 2
    assert themes["peer support"]["places"] == 2
    assert (themes["peer support"]["signups"], themes["peer support"]["full_dates"]) == (6, 2)
    assert themes["mental health"]["activities"] == 1
    assert themes["No theme"]["activities"] == 1
    months = tables["months"]
    assert [
        (v["dates_held"], v["signups"], v["waiting"], v["visits"]) for v in months.values()
    ] == [
        (5, 6, 1, 26),
        (1, 0, 0, 0),
    ]


def test_demand(world):
    tables = page_tables(world)
    searched = tables["demand-municipality"]
    assert (searched["Jyväskylä"]["searches"], searched["Jyväskylä"]["empty"]) == (12, 5)
    assert searched["Jämsä"]["empty_share"] == pytest.approx(100.0)
    assert searched["Keuruu"]["searches"] == 0
    themes = tables["demand-theme"]
    assert (themes["peer support"]["searches"], themes["peer support"]["empty"]) == (3, 1)
    assert sum(v["searches"] for v in themes.values()) == 13  # Vantaa's search is not here
    assert tables["demand-words"] == {"tuolijumppa": {"searches": 5, "empty": 0, "empty_share": 0}}
    # Words fewer than five searches asked are never stored, only their digest (pruned).
    assert not SearchTerm.objects.filter(text__contains="salainen").exists()
    assert SearchTerm.objects.filter(text="").count() == 3  # salainen, muistikahvila, Vantaa
    assert demand.terms_prune(today=MARCH + dt.timedelta(days=1)) == 3
    march = tables["months"]["March 2026"]
    assert (march["searches"], march["empty"]) == (13, 6)


def test_participation_and_freshness(world):
    tables = page_tables(world)
    participation = {k: v["number"] for k, v in tables["participation"].items()}
    assert participation["Consultations open for comments"] == 1
    assert participation["“You said, we did” summaries published"] == 1
    assert participation["Comments: Online"] == 2
    assert participation["Comments: On paper"] == 1
    assert participation["Comments: By phone"] == 1
    fresh = tables["freshness"]
    assert fresh["Organisations not confirmed in 12 months"]["old"] == 1
    assert (
        fresh["Meeting places not updated in a year"]["old"],
        fresh["Meeting places not updated in a year"]["all"],
    ) == (1, 2)


def test_municipality_filter_and_csv(world):
    tables = page_tables(world, municipality="182")
    assert list(tables["offer-municipality"]) == ["Jämsä"]
    assert list(tables["theme"]) == ["mental health", "peer support"]
    assert tables["demand-municipality"]["Jämsä"]["searches"] == 1
    with time_machine.travel(NOW, tick=False), translation.override("en"):
        response = world.get(
            reverse("knowledge:table-csv", args=["keski-suomi", "use-municipality"]),
            {"start": "2026-03", "end": "2026-04", "municipality": "182"},
        )
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Municipality;Dates held;")
    assert lines[1] == "Jämsä;1;0;9;4.5;2;3;0;0;0.0"


def test_page_shows_charts_and_bad_period(world):
    with time_machine.travel(NOW, tick=False), translation.override("en"):
        response = world.get(
            reverse("knowledge:area", args=["keski-suomi"]), {"start": "2026-04", "end": "2026-03"}
        )
    assert response.status_code == 200
    html = response.content.decode()
    assert "The last month cannot be before the first." in html
    assert html.count("<svg") >= 8
    assert "end of 2020" in html
