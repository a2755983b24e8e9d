"""iCalendar files and feeds, parsed back: UTC times that stay at local wall-clock time across
DST, cancelled dates, stable UIDs, escaping and line folding (RFC 5545), drafts 404."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from meetingplaces.ical import escape_text, fold
from meetingplaces.models import PublishStatus, Venue
from meetingplaces.schedule import HELSINKI
from meetingplaces.services import activity_saved, occurrence_cancel, occurrence_move
from organisations.models import Membership
from tests.meetingplaces.factories import ActivityFactory, MeetingPlaceFactory
from tests.organisations.factories import (
    DraftOrganisationFactory,
    MembershipFactory,
    OrganisationFactory,
)

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 17)  # a Tuesday; summer time starts 29.3.2026, ends 25.10.2026
NOW = dt.datetime(2026, 3, 17, 9, 0, tzinfo=HELSINKI)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


# --- A small RFC 5545 reader for the tests ---------------------------------------------


def unescape(value: str) -> str:
    out, chars = [], iter(value)
    for char in chars:
        if char == "\\":
            following = next(chars)
            out.append("\n" if following in "nN" else following)
        else:
            out.append(char)
    return "".join(out)


def parse(body: bytes) -> list[dict]:
    """The VEVENTs of a calendar as {NAME: value} (text unescaped), after checking the frame:
    CRLF line ends, no line over 75 octets, one VCALENDAR."""
    assert body.endswith(b"\r\n")
    raw_lines = body.split(b"\r\n")[:-1]
    assert all(len(line) <= 75 for line in raw_lines), max(raw_lines, key=len)
    assert all(b"\n" not in line and b"\r" not in line for line in raw_lines)
    text = body.decode()
    unfolded = text.replace("\r\n ", "").split("\r\n")[:-1]
    assert unfolded[0] == "BEGIN:VCALENDAR" and unfolded[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in unfolded and any(line.startswith("PRODID:") for line in unfolded)
    events, current = [], None
    for line in unfolded:
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            events.append(current)
            current = None
        elif current is not None:
            name, value = line.split(":", 1)
            current[name.split(";")[0]] = unescape(value)
    return events


def instant(value: str) -> dt.datetime:
    assert value.endswith("Z"), value
    return dt.datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(tzinfo=dt.UTC)


def local(value: str) -> dt.datetime:
    return instant(value).astimezone(HELSINKI)


def ics_url(occurrence) -> str:
    from django.urls import reverse

    return reverse(
        "meetingplaces:occurrence-ics",
        kwargs={"slug": occurrence.activity.slug, "pk": occurrence.pk},
    )


def feed_url(name: str, slug: str) -> str:
    from django.urls import reverse

    return reverse(f"meetingplaces:{name}-feed", kwargs={"slug": slug})


# --- Unit: escaping and folding ----------------------------------------------------------


def test_text_escaping_per_rfc_5545():
    assert escape_text("a\\b;c,d\ne") == "a\\\\b\\;c\\,d\\ne"
    assert unescape(escape_text("Kahvi; pulla, ja\nrupattelu \\o/")) == (
        "Kahvi; pulla, ja\nrupattelu \\o/"
    )


def test_folding_keeps_lines_within_75_octets_without_splitting_a_character():
    line = "SUMMARY:" + "äöå€" * 40
    folded = fold(line)
    parts = folded.split("\r\n ")
    assert all(len(part.encode()) <= 75 - (index > 0) for index, part in enumerate(parts))
    assert "".join(parts) == line


# --- Add to calendar ----------------------------------------------------------------------


def test_add_to_calendar_gives_one_event_at_local_time_in_winter_and_summer(client):
    activity = ActivityFactory(title_fi="Omaishoitajien ryhmä", today=TODAY)
    winter, summer = (
        activity.occurrences.get(date=dt.date(2026, 3, 24)),
        activity.occurrences.get(date=dt.date(2026, 3, 31)),
    )
    response = client.get(ics_url(winter))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    assert f'{activity.slug}-2026-03-24.ics"' in response["Content-Disposition"]
    (event,) = parse(response.content)
    assert event["SUMMARY"] == "Omaishoitajien ryhmä"
    assert event["DTSTART"] == "20260324T110000Z"  # 13:00 EET (UTC+2)
    assert local(event["DTSTART"]).time() == dt.time(13, 0)
    assert local(event["DTEND"]).time() == dt.time(15, 0)
    assert event["STATUS"] == "CONFIRMED"
    assert event["URL"].endswith(activity.get_absolute_url())
    assert "Kauppakatu 1, 40100 Jyväskylä" in event["LOCATION"]
    assert event["GEO"] == "62.241500;25.720900"
    (after_dst,) = parse(client.get(ics_url(summer)).content)
    assert after_dst["DTSTART"] == "20260331T100000Z"  # 13:00 EEST (UTC+3)
    assert local(after_dst["DTSTART"]).time() == dt.time(13, 0)


def test_autumn_dst_change_keeps_the_local_time(client):
    activity = ActivityFactory(start_date=dt.date(2026, 10, 20), end_date=dt.date(2026, 10, 27))
    events = parse(client.get(feed_url("activity", activity.slug)).content)
    assert [e["DTSTART"] for e in events] == ["20261020T100000Z", "20261027T110000Z"]
    assert {local(e["DTSTART"]).time() for e in events} == {dt.time(13, 0)}


# --- Feeds --------------------------------------------------------------------------------


def test_activity_feed_has_coming_dates_cancelled_and_moved_with_stable_uids(client):
    activity = ActivityFactory(today=TODAY, end_date=dt.date(2026, 4, 30))
    occurrences = list(activity.occurrences.order_by("starts_at"))
    occurrence_cancel(occurrences[1], note="Ohjaaja on lomalla; ei ryhmää.")
    occurrence_move(
        occurrences[2],
        starts_at=dt.datetime(2026, 4, 1, 17, 0, tzinfo=HELSINKI),
        ends_at=dt.datetime(2026, 4, 1, 19, 0, tzinfo=HELSINKI),
    )
    response = client.get(feed_url("activity", activity.slug))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    events = parse(response.content)
    assert len(events) == len(occurrences) == 7  # 17.3.–28.4. every Tuesday
    uids = [event["UID"] for event in events]
    assert len(set(uids)) == 7
    assert events[1]["STATUS"] == "CANCELLED"
    assert events[1]["DESCRIPTION"].startswith("Ohjaaja on lomalla; ei ryhmää.")
    assert local(events[2]["DTSTART"]) == dt.datetime(2026, 4, 1, 17, 0, tzinfo=HELSINKI)
    assert int(events[2]["SEQUENCE"]) > 0 and events[0]["SEQUENCE"] == "0"
    # A schedule change regenerates the rows; each date keeps its UID.
    activity.start_time, activity.end_time = dt.time(14, 0), dt.time(16, 0)
    activity.save()
    activity_saved(activity, today=TODAY)
    again = parse(client.get(feed_url("activity", activity.slug)).content)
    assert [event["UID"] for event in again] == uids
    assert local(again[0]["DTSTART"]).time() == dt.time(14, 0)


def test_feed_shows_only_coming_dates(client):
    activity = ActivityFactory(start_date=dt.date(2026, 3, 3), end_date=dt.date(2026, 3, 31))
    with time_machine.travel(dt.datetime(2026, 3, 3, 9, 0, tzinfo=HELSINKI), tick=False):
        activity_saved(activity, today=dt.date(2026, 3, 3))
    events = parse(client.get(feed_url("activity", activity.slug)).content)
    assert [local(e["DTSTART"]).date().day for e in events] == [17, 24, 31]


def test_place_and_organisation_feeds(client):
    organisation = OrganisationFactory(name="Kohtaamo ry")
    place = MeetingPlaceFactory(organisations=[organisation])
    here = ActivityFactory(
        title_fi="Täällä", organisation=organisation, place=place, end_date=dt.date(2026, 3, 24)
    )
    elsewhere = ActivityFactory(
        title_fi="Muualla",
        organisation=organisation,
        venue=Venue.ADDRESS,
        street_address="Torikatu 2",
        recurrence="",
        start_date=dt.date(2026, 3, 20),
    )
    ActivityFactory(title_fi="Luonnos", organisation=organisation, place=place, status="draft")
    place_events = parse(client.get(feed_url("place", place.slug)).content)
    assert {e["SUMMARY"] for e in place_events} == {"Täällä"}
    org_events = parse(client.get(feed_url("organisation", organisation.slug)).content)
    assert [e["SUMMARY"] for e in org_events] == ["Täällä", "Muualla", "Täällä"]
    assert org_events[1]["LOCATION"] == "Torikatu 2"
    assert here.slug and elsewhere.slug


def test_online_link_is_in_the_calendar_only_when_public(client):
    activity = ActivityFactory(
        venue=Venue.ONLINE, today=TODAY, online_url="https://meet.example/secret-room"
    )
    body = client.get(feed_url("activity", activity.slug)).content.decode()
    assert "secret-room" not in body
    event = parse(body.encode())[0]
    assert event["LOCATION"] == "Verkossa"
    assert "Linkki lähetetään ilmoittautuneille." in event["DESCRIPTION"]
    activity.online_url_public = True
    activity.save()
    event = parse(client.get(feed_url("activity", activity.slug)).content)[0]
    assert event["LOCATION"] == "https://meet.example/secret-room"


def test_tricky_text_survives_the_round_trip(client):
    title = "Kahvit, pullat; ja \\ jutut"
    description = "Rivi yksi.\nRivi kaksi, jossa on ääkkösiä: " + "ä" * 80
    activity = ActivityFactory(title_fi=title, summary_fi=description, today=TODAY)
    (event,) = parse(client.get(ics_url(activity.occurrences.first())).content)
    assert event["SUMMARY"] == title
    assert event["DESCRIPTION"].startswith(description)


def test_drafts_give_404_to_everyone_even_their_members(client):
    draft_activity = ActivityFactory(status=PublishStatus.DRAFT, today=TODAY)
    draft_place = MeetingPlaceFactory(status=PublishStatus.DRAFT)
    draft_org = DraftOrganisationFactory()
    hidden = ActivityFactory(organisation=draft_org, today=TODAY)
    member = MembershipFactory(
        organisation=draft_activity.organisation, role=Membership.Role.ADMIN
    ).user
    for user in (None, member):
        if user:
            client.force_login(user)
        assert client.get(feed_url("activity", draft_activity.slug)).status_code == 404
        assert client.get(ics_url(draft_activity.occurrences.first())).status_code == 404
        assert client.get(feed_url("place", draft_place.slug)).status_code == 404
        assert client.get(feed_url("organisation", draft_org.slug)).status_code == 404
        assert client.get(feed_url("activity", hidden.slug)).status_code == 404
    assert client.get(feed_url("activity", "no-such-thing")).status_code == 404


def test_an_occurrence_of_another_activity_is_404(client):
    one, other = ActivityFactory(today=TODAY), ActivityFactory(today=TODAY)
    from django.urls import reverse

    url = reverse(
        "meetingplaces:occurrence-ics",
        kwargs={"slug": one.slug, "pk": other.occurrences.first().pk},
    )
    assert client.get(url).status_code == 404
