"""The minutes workflow through the pages: the secretary drafts, attending members comment in
the window, the chair approves and publishes; a correction is a new version with a note."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from bodies.models import ActionStatusChange, MinutesComment, MinutesState, MinutesVersion
from tests.bodies.conftest import url

pytestmark = pytest.mark.django_db


def test_published_minutes_do_not_change_until_a_correction_is_approved(client, body_world):
    meeting, item = body_world.published, body_world.published_item
    client.force_login(body_world.users["secretary"])

    refused = client.post(
        url("bodies:item-edit", item),
        {"agenda-position": 1, "agenda-title": "Uusi otsikko", "minutes-decision": "Muutettu."},
    )
    assert refused.status_code == 200  # the form again, with the reason
    item.refresh_from_db()
    assert item.title == "Yhdistysten avustukset"

    client.post(url("bodies:minutes-correct", meeting))
    client.post(
        url("bodies:item-edit", item),
        {
            "agenda-position": 1,
            "agenda-title": item.title,
            "minutes-discussion": item.discussion,
            "minutes-decision": "Korjattu päätös.",
            "minutes-outcome": "amended",
        },
    )
    public = client.get(url("bodies:meeting", meeting)).content.decode()
    assert "Päätös: avustusten haku avataan." in public
    assert "Korjattu päätös." not in public

    no_note = client.post(url("bodies:minutes-submit", meeting), {"review_days": 3})
    assert no_note.status_code == 400
    client.post(
        url("bodies:minutes-submit", meeting),
        {"review_days": 3, "note": "Päätöksen sanamuoto korjattiin."},
    )
    client.force_login(body_world.users["chair"])
    client.post(url("bodies:minutes-approve", meeting))

    public = client.get(url("bodies:meeting", meeting)).content.decode()
    assert "Korjattu päätös." in public
    assert "Päätöksen sanamuoto korjattiin." in public
    versions = MinutesVersion.objects.filter(meeting=meeting).order_by("number")
    assert [v.number for v in versions] == [1, 2]
    assert versions[0].snapshot["items"][0]["decision"] == "Päätös: avustusten haku avataan."


def test_only_attending_members_comment_and_only_in_the_window(client, body_world):
    meeting = body_world.draft
    client.force_login(body_world.users["deputy"])  # a member who did not attend
    assert client.post(url("bodies:minutes-comment", meeting), {"text": "x"}).status_code == 403

    client.force_login(body_world.users["member"])
    ok = client.post(url("bodies:minutes-comment", meeting), {"text": "Hyvä luonnos."})
    assert ok.status_code == 302
    meeting.review_ends_at = timezone.now() - timedelta(minutes=1)
    meeting.save()
    late = client.post(url("bodies:minutes-comment", meeting), {"text": "Myöhässä."})
    assert late.status_code == 400
    assert list(MinutesComment.objects.values_list("text", flat=True)) == ["Hyvä luonnos."]


def test_the_secretary_drafts_and_sends_for_review(client, body_world):
    client.force_login(body_world.users["coordinator"])
    created = client.post(
        reverse("bodies:meeting-create", kwargs={"slug": body_world.body.slug}),
        {"starts_at": "2026-12-10T13:00", "place": "Kokoushuone 5"},
    )
    assert created.status_code == 302
    meeting = body_world.body.meetings.get(place="Kokoushuone 5")

    client.force_login(body_world.users["secretary"])
    assert client.post(url("bodies:minutes-submit", meeting), {"review_days": 7}).status_code == 400
    client.post(
        url("bodies:item-create", meeting),
        {"agenda-position": 1, "agenda-title": "Toimintasuunnitelma 2027"},
    )
    client.post(url("bodies:attendance", meeting), {"attendees": [body_world.member.pk]})
    response = client.post(url("bodies:minutes-submit", meeting), {"review_days": 7})

    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.minutes_state == MinutesState.REVIEW
    assert list(meeting.attendees.all()) == [body_world.member]


def test_bad_meeting_input_is_kept_with_errors_next_to_the_fields(client, body_world):
    client.force_login(body_world.users["coordinator"])
    response = client.post(
        reverse("bodies:meeting-create", kwargs={"slug": body_world.body.slug}),
        {"starts_at": "2026-12-10T13:00", "ends_at": "2026-12-10T12:00", "online_url": "ei-osoite"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert 'value="ei-osoite"' in html
    assert set(response.context["form"].errors) == {"ends_at", "online_url"}


def test_action_status_changes_are_kept(client, body_world):
    client.force_login(body_world.users["member"])  # owns the draft action
    client.post(url("bodies:action-status", body_world.draft_action), {"status": "in_progress"})
    client.post(
        url("bodies:action-status", body_world.draft_action), {"status": "done", "note": "Valmis."}
    )
    history = ActionStatusChange.objects.filter(action=body_world.draft_action).order_by("id")
    assert [(h.status, h.note) for h in history] == [("in_progress", ""), ("done", "Valmis.")]


def test_the_next_meeting_shows_what_happened_to_the_previous_actions(client, body_world):
    response = client.get(url("bodies:meeting", body_world.upcoming))
    html = response.content.decode()
    assert "Valmistellaan hakuilmoitus" in html


def test_the_print_version_has_its_own_print_styles(client, body_world):
    response = client.get(url("bodies:meeting-print", body_world.published))
    html = response.content.decode()
    assert "bodies-print.css" in html
    assert "Päätös: avustusten haku avataan." in html


def test_a_members_data_download_includes_their_bodies(client, body_world):
    from accounts.services import user_export_data

    data = user_export_data(user=body_world.users["member"])

    assert data["bodies"]["memberships"][0]["body"] == "Kumppanuuspöytä"
    assert data["bodies"]["memberships"][0]["role"] == "member"


def test_sending_for_review_emails_the_attending_members_in_their_language(
    client, body_world, mailoutbox, django_capture_on_commit_callbacks
):
    from bodies import services

    body_world.users["member"].language = "sv"
    body_world.users["member"].save()
    meeting = body_world.draft
    services.minutes_approve(meeting=meeting, chair=body_world.chair, user=None)
    services.minutes_start_correction(meeting=meeting)

    with django_capture_on_commit_callbacks(execute=True):
        services.minutes_submit(meeting=meeting, review_days=5, note="Korjaus.")

    by_address = {m.to[0]: m for m in mailoutbox}
    assert set(by_address) == {"chair@example.com", "secretary@example.com", "member@example.com"}
    assert "Protokoll att granska" in by_address["member@example.com"].subject
    assert "Tarkastettava pöytäkirja" in by_address["chair@example.com"].subject
    assert f"/meetings/{meeting.pk}/minutes/" in by_address["member@example.com"].body
