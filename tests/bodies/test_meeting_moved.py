"""A meeting moves (issue 16): the invitees get the updated invitation through the outbox, once
per change, with an .ics that keeps the UID and raises the SEQUENCE."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from bodies.models import Meeting
from notifications.models import OutgoingEmail
from notifications.services import email_render

pytestmark = pytest.mark.django_db


def _form(meeting: Meeting, **changes) -> dict:
    starts = timezone.localtime(meeting.starts_at)
    data = {"starts_at": f"{starts:%Y-%m-%dT%H:%M}", "place": meeting.place, "online_url": ""}
    return data | changes


def _moved_mails():
    return list(OutgoingEmail.objects.filter(template="bodies/email/meeting_moved").order_by("pk"))


def _ics(email: OutgoingEmail) -> str:
    (attachment,) = email.context["attachments"]
    return attachment["content"]


def test_moving_an_invited_meeting_sends_the_updated_invitation_once_per_change(client, body_world):
    w = body_world
    invitation = OutgoingEmail.objects.filter(template="bodies/email/agenda_published").first()
    assert "SEQUENCE:0" in _ics(invitation)  # the first invitation carries the .ics too
    uid = re.search(r"UID:(\S+)", _ics(invitation)).group(1)
    client.force_login(w.users["secretary"])
    edit_url = reverse("bodies:meeting-edit", kwargs={"pk": w.upcoming.pk})
    later = timezone.localtime(w.upcoming.starts_at + timedelta(days=1))

    assert (
        client.post(edit_url, _form(w.upcoming, starts_at=f"{later:%Y-%m-%dT%H:%M}")).status_code
        == 302
    )

    moved = _moved_mails()
    page = client.get(reverse("bodies:meeting", kwargs={"pk": w.upcoming.pk})).text
    assert f"Päivitetty kutsu lähetettiin {len(moved)} jäsenelle" in page
    members = {"chair@example.com", "secretary@example.com", "member@example.com"}
    assert members <= {email.to for email in moved}
    assert len(moved) == len({email.to for email in moved})  # one each
    assert all("SEQUENCE:1" in _ics(e) and f"UID:{uid}" in _ics(e) for e in moved)
    message = email_render(moved[0])
    assert f"{later:%-d.%-m.%Y}" in message.subject
    assert message.attachments[0][2] == "text/calendar"

    # Saved again unchanged: nothing more is sent.
    w.upcoming.refresh_from_db()
    client.post(edit_url, _form(w.upcoming))
    assert len(_moved_mails()) == len(moved)

    # The place changes: the next SEQUENCE, the old place named.
    client.post(edit_url, _form(w.upcoming, place="Kaupungintalo, sali 3"))
    latest = _moved_mails()[len(moved) :]
    assert len(latest) == len(moved)
    assert all("SEQUENCE:2" in _ics(e) for e in latest)
    body = email_render(latest[0]).body
    assert "Kaupungintalo, sali 3" in body
    assert "Jyväskylä" in body
    w.upcoming.refresh_from_db()
    assert w.upcoming.sequence == 2
    ics = client.get(reverse("bodies:meeting-ics", kwargs={"pk": w.upcoming.pk})).text
    assert "SEQUENCE:2" in ics


def test_a_meeting_without_invitations_moves_silently(client, body_world):
    w = body_world
    meeting = Meeting.objects.create(
        body=w.body, starts_at=timezone.now() + timedelta(days=30), place="Sali"
    )
    client.force_login(w.users["secretary"])
    edit_url = reverse("bodies:meeting-edit", kwargs={"pk": meeting.pk})
    assert client.post(edit_url, _form(meeting, place="Toinen sali")).status_code == 302
    assert _moved_mails() == []
    assert not mail.outbox


@pytest.mark.parametrize(("language", "time"), [("fi", "13.05"), ("sv", "13.05"), ("en", "13:05")])
def test_a_meeting_mail_writes_the_time_as_its_reader_reads_it(body_world, language, time):
    from django.utils import translation

    from bodies.notices import _meeting_context

    meeting = body_world.upcoming
    starts = timezone.localtime(meeting.starts_at).replace(hour=13, minute=5)
    meeting.starts_at = starts
    with translation.override(language):
        context = _meeting_context(meeting)
    assert context["time"] == time
    assert context["date"] == f"{starts:%-d.%-m.%Y}"
