"""Members are told at each stage by e-mail, members without an account too (issue 16.20), and
an action's owner finds "Muuta tilaa" on their actions and in the e-mails (issue 16.22)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from bodies import services
from bodies.models import ActionItem, ActionStatusChange, AgendaItem, BodyMember, Meeting
from tests.bodies.conftest import url

pytestmark = pytest.mark.django_db


@pytest.fixture
def paper_member(body_world):
    """A member with only an e-mail address (no account), who attended the draft meeting."""
    found = BodyMember.objects.create(
        body=body_world.body,
        name="Paula Paperinen",
        email="paula@example.org",
        role="member",
        term_start=timezone.localdate() - timedelta(days=30),
    )
    body_world.draft.attendees.add(found)
    return found


def by_address(mailoutbox):
    found: dict[str, list] = {}
    for message in mailoutbox:
        found.setdefault(message.to[0], []).append(message)
    return found


def test_publishing_the_agenda_invites_every_member_with_the_meetings_ics(
    client, body_world, paper_member, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(body_world.users["secretary"])
    meeting = Meeting.objects.create(
        body=body_world.body, starts_at=timezone.now() + timedelta(days=20), place="Sali 4"
    )
    AgendaItem.objects.create(meeting=meeting, title="Talousarvio")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("bodies:meeting-edit", meeting), {"action": "publish"})

    assert response.status_code == 302
    sent = by_address(mailoutbox)
    assert set(sent) == {
        "chair@example.com",
        "secretary@example.com",
        "member@example.com",
        "deputy@example.com",
        "paula@example.org",
    }
    invitation = sent["paula@example.org"][0]
    assert "Kokouskutsu" in invitation.subject
    ics_url = url("bodies:meeting-ics", meeting)
    assert ics_url in invitation.body
    assert "Sali 4" in invitation.body

    calendar = client.get(ics_url)
    assert calendar["Content-Type"].startswith("text/calendar")
    text = calendar.content.decode()
    assert "BEGIN:VEVENT" in text and "SUMMARY:Kumppanuuspöytä" in text
    assert f"UID:body-meeting-{meeting.pk}@" in text


def test_the_review_a_comment_and_the_approval_are_told_to_those_they_concern(
    client, body_world, paper_member, mailoutbox, django_capture_on_commit_callbacks
):
    meeting = body_world.draft
    services.minutes_approve(meeting=meeting, chair=body_world.chair, user=None)
    services.minutes_start_correction(meeting=meeting)
    client.force_login(body_world.users["secretary"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("bodies:minutes-submit", meeting), {"review_days": 5, "note": "Korjaus"})
    assert "paula@example.org" in by_address(mailoutbox)  # attended, has no account

    mailoutbox.clear()
    client.force_login(body_world.users["member"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("bodies:minutes-comment", meeting), {"text": "Lisätkää nimeni."})
    sent = by_address(mailoutbox)
    assert set(sent) == {"chair@example.com", "secretary@example.com"}
    assert "Lisätkää nimeni." in sent["secretary@example.com"][0].body
    assert "Matti Jäsen" in sent["secretary@example.com"][0].body

    mailoutbox.clear()
    client.force_login(body_world.users["chair"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("bodies:minutes-approve", meeting))
    sent = by_address(mailoutbox)
    assert {"paula@example.org", "deputy@example.com", "member@example.com"} <= set(sent)
    assert any("julkaistu" in m.subject.lower() for m in sent["paula@example.org"])


def test_a_new_action_is_told_to_its_owner_with_a_link_to_change_its_status(
    client, body_world, mailoutbox, django_capture_on_commit_callbacks
):
    meeting = body_world.draft
    action = body_world.draft_action  # owned by the member, who has an account
    client.force_login(body_world.users["chair"])

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("bodies:minutes-approve", meeting))

    notices = [m for m in mailoutbox if "Luonnostoimi" in m.subject]
    assert [m.to[0] for m in notices] == ["member@example.com"]
    assert url("bodies:action-status", action) in notices[0].body
    action.refresh_from_db()
    assert action.owner_notified_at is not None
    # Told once: a correction approved later does not tell it again.
    mailoutbox.clear()
    services.minutes_start_correction(meeting=meeting)
    services.minutes_submit(meeting=meeting, review_days=1, note="x")
    with django_capture_on_commit_callbacks(execute=True):
        services.minutes_approve(meeting=meeting, chair=body_world.chair, user=None)
    assert not [m for m in mailoutbox if "Luonnostoimi" in m.subject]


def test_the_reminder_links_the_owner_to_the_status_page(
    body_world, mailoutbox, django_capture_on_commit_callbacks
):
    action = body_world.draft_action
    with django_capture_on_commit_callbacks(execute=True):
        services.action_reminders_sweep()

    reminders = [m for m in mailoutbox if m.to == ["member@example.com"]]
    assert reminders
    assert url("bodies:action-status", action) in reminders[0].body
    # An organisation's address gets no such link (it has no rights on the page).
    others = [m for m in mailoutbox if m.to == ["info@testiyhdistys.example"]]
    assert all("/status/" not in m.body for m in others)


def test_the_owner_finds_change_the_status_on_their_actions_and_the_history_names_them(
    client, body_world
):
    own = ActionItem.objects.create(
        item=body_world.published_item,
        title="Jäsenen toimi",
        owner_member=body_world.member,
        due_date=timezone.localdate() + timedelta(days=9),
    )
    status_url = url("bodies:action-status", own)
    others_url = url("bodies:action-status", body_world.action)
    client.force_login(body_world.users["member"])

    meeting_page = client.get(url("bodies:meeting", body_world.published)).content.decode()
    assert status_url in meeting_page
    assert others_url not in meeting_page  # an organisation's action: the secretary's
    mine = client.get(reverse("bodies:actions") + "?mine=1").content.decode()
    assert status_url in mine and "Muuta tilaa" in mine
    assert "Valmistellaan hakuilmoitus" not in mine

    client.post(status_url, {"status": "done", "note": "Tehty."})

    own.refresh_from_db()
    assert own.status == "done"
    change = ActionStatusChange.objects.get(action=own)
    assert change.changed_by_name == "Matti Jäsen"
    assert "Matti Jäsen" in client.get(status_url).content.decode()
    client.logout()
    assert (
        status_url not in client.get(url("bodies:meeting", body_world.published)).content.decode()
    )


def test_the_review_email_asks_the_minutes_checkers_to_confirm(
    body_world, mailoutbox, django_capture_on_commit_callbacks
):
    meeting = body_world.draft
    services.minutes_approve(meeting=meeting, chair=body_world.chair, user=None)
    meeting.checkers.set([body_world.member])
    services.minutes_start_correction(meeting=meeting)

    with django_capture_on_commit_callbacks(execute=True):
        services.minutes_submit(meeting=meeting, review_days=2, note="Korjaus")

    sent = by_address(mailoutbox)
    assert "pöytäkirjantarkastaja" in sent["member@example.com"][0].body
    assert "pöytäkirjantarkastaja" not in sent["chair@example.com"][0].body


def test_the_open_actions_filter_by_body(client, body_world):
    """bodies.filters.ActionFilter: ?body=<slug> keeps that body's actions, another slug none."""
    slug = body_world.published.body.slug
    page = client.get(reverse("bodies:actions") + f"?body={slug}").content.decode()
    assert body_world.action.title in page
    page = client.get(reverse("bodies:actions") + "?body=no-such-body").content.decode()
    assert body_world.action.title not in page
