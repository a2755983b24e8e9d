"""The reminder's calendar file: written by the portal's one iCalendar writer
(meetingplaces/ical.py), so it escapes every line break and names the same event (UID) as the
activity's own "add to calendar" file."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.signups.conftest import make_activity, next_occurrence, remind_one_sign_up


def reminder_ics(occurrence, time_machine, django_capture_on_commit_callbacks) -> str:
    messages = remind_one_sign_up(occurrence, time_machine, django_capture_on_commit_callbacks)
    ((_name, ics, mimetype),) = messages[-1].attachments
    assert mimetype == "text/calendar"
    return ics


def unfolded(ics: str) -> list[str]:
    """The content lines (RFC 5545 3.1): CRLF ends a line, CRLF and a space continues it."""
    assert ics.endswith("\r\n")
    return ics[:-2].replace("\r\n ", "").split("\r\n")


@pytest.mark.django_db
def test_a_carriage_return_in_the_title_stays_inside_its_line(
    time_machine, django_capture_on_commit_callbacks
):
    activity = make_activity(title_fi="Muisti\rkahvila\r\nBEGIN:VALARM", capacity=None)
    ics = reminder_ics(next_occurrence(activity), time_machine, django_capture_on_commit_callbacks)

    lines = unfolded(ics)
    assert not any("\r" in line or "\n" in line for line in lines)
    assert "SUMMARY:Muisti\\nkahvila\\nBEGIN:VALARM" in lines
    assert "BEGIN:VALARM" not in [line.strip() for line in lines]


@pytest.mark.django_db
def test_the_reminders_event_is_the_same_event_as_the_activity_pages(
    client, time_machine, django_capture_on_commit_callbacks
):
    activity = make_activity(title_fi="Muistikahvila", capacity=None)
    occurrence = next_occurrence(activity)
    page = client.get(
        reverse("meetingplaces:occurrence-ics", kwargs={"slug": activity.slug, "pk": occurrence.pk})
    )
    assert page.status_code == 200
    ics = reminder_ics(occurrence, time_machine, django_capture_on_commit_callbacks)

    uids = re.findall(r"^UID:(.+)$", ics, re.MULTILINE)
    assert uids == re.findall(r"^UID:(.+)$", page.content.decode(), re.MULTILINE)
    assert len(uids) == 1
    assert "SUMMARY:Muistikahvila" in unfolded(ics)


@pytest.mark.django_db
def test_a_sensitive_groups_event_says_meeting_only(
    time_machine, django_capture_on_commit_callbacks
):
    activity = make_activity(
        title_fi="Mielenterveysvertaisryhmä", summary_fi="Vertaisryhmä", is_sensitive=True
    )
    ics = reminder_ics(next_occurrence(activity), time_machine, django_capture_on_commit_callbacks)

    lines = unfolded(ics)
    assert "SUMMARY:Tapaaminen" in lines
    assert "Mielenterveys" not in ics
    assert activity.slug not in ics  # no link to the group's page
    assert not any(line.startswith(("DESCRIPTION:", "URL:")) for line in lines)
