"""Running § numbers per body and year, minutes checkers who confirm before the chair approves
(issue 16.24), and edits during the review kept as revisions that the chair and those who
commented see as a diff, with a restart of their review on request (issue 16.21)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from bodies import services
from bodies.models import AgendaItem, Meeting, MinutesRevision, MinutesState
from tests.bodies.conftest import url

pytestmark = pytest.mark.django_db


def approve(client, world, meeting):
    client.force_login(world.users["chair"])
    return client.post(url("bodies:minutes-approve", meeting))


def test_approved_minutes_get_the_bodys_running_section_numbers_of_the_year(client, body_world):
    # The world's published minutes (60 days ago) were the body's first of their year.
    published, draft = body_world.published_item, body_world.draft
    assert published.section is None
    published.refresh_from_db()
    assert published.section == 1
    year = timezone.localtime(draft.starts_at).year
    base = 1 if timezone.localtime(body_world.published.starts_at).year == year else 0
    AgendaItem.objects.create(meeting=draft, position=2, title="Toinen asia")
    assert approve(client, body_world, draft).status_code == 302
    sections = list(draft.items.order_by("position").values_list("section", flat=True))
    assert sections == [base + 1, base + 2]

    later = Meeting.objects.create(
        body=body_world.body, starts_at=draft.starts_at + timedelta(hours=3), place="Sali"
    )
    AgendaItem.objects.create(meeting=later, position=1, title="Kolmas asia")
    later.attendees.set([body_world.member])
    services.minutes_submit(meeting=later, review_days=3)
    approve(client, body_world, later)

    number = base + 3
    assert later.items.get().section == number
    version = later.versions.get()
    assert version.snapshot["items"][0]["section"] == number
    public = client.get(url("bodies:meeting", later)).content.decode()
    assert f"§ {number} " in public
    assert f"§ {number} " in client.get(url("bodies:meeting-print", later)).content.decode()
    # Another body counts from 1.
    other = Meeting.objects.create(
        body=body_world.other_body, starts_at=draft.starts_at, place="Muualla"
    )
    AgendaItem.objects.create(meeting=other, position=1, title="Muu asia")
    services.minutes_submit(meeting=other, review_days=1)
    services.minutes_approve(meeting=other, chair=body_world.chair, user=None)
    assert other.items.get().section == 1


def test_the_chair_approves_only_after_the_minutes_checkers_confirm(client, body_world):
    meeting = body_world.draft
    client.force_login(body_world.users["secretary"])
    named = client.post(
        url("bodies:attendance", meeting),
        {
            "attendees": [body_world.chair.pk, body_world.secretary.pk, body_world.member.pk],
            "checkers": [body_world.member.pk],
        },
    )
    assert named.status_code == 302
    assert list(meeting.checkers.all()) == [body_world.member]

    refused = approve(client, body_world, meeting)
    meeting.refresh_from_db()
    assert meeting.minutes_state == MinutesState.REVIEW
    minutes_page = client.get(refused["Location"], follow=True).content.decode()
    assert "Matti Jäsen" in minutes_page

    client.force_login(body_world.users["member"])
    page = client.get(url("bodies:minutes", meeting)).content.decode()
    assert url("bodies:minutes-confirm", meeting) in page
    assert client.post(url("bodies:minutes-confirm", meeting)).status_code == 302
    # Someone who is no checker cannot confirm for them.
    client.force_login(body_world.users["secretary"])
    assert client.post(url("bodies:minutes-confirm", meeting)).status_code == 403

    assert approve(client, body_world, meeting).status_code == 302
    meeting.refresh_from_db()
    assert meeting.minutes_state == MinutesState.PUBLISHED


def test_a_checker_must_have_attended(client, body_world):
    client.force_login(body_world.users["secretary"])
    response = client.post(
        url("bodies:attendance", body_world.draft),
        {"attendees": [body_world.member.pk], "checkers": [body_world.deputy.pk]},
    )
    assert response.status_code == 200
    assert "checkers" in response.context["form"].errors
    assert not body_world.draft.checkers.exists()


def test_an_edit_during_review_is_shown_as_a_diff_and_a_commenter_can_review_again(
    client, body_world
):
    meeting, item = body_world.draft, body_world.draft_item
    services.minutes_approve(meeting=meeting, chair=body_world.chair, user=None)
    services.minutes_start_correction(meeting=meeting)
    services.minutes_submit(meeting=meeting, review_days=1, note="Korjaus")
    client.force_login(body_world.users["member"])
    client.post(url("bodies:minutes-comment", meeting), {"text": "Päätös on epäselvä."})

    client.force_login(body_world.users["secretary"])
    client.post(
        url("bodies:item-edit", item),
        {
            "agenda-position": 1,
            "agenda-title": item.title,
            "minutes-decision": "Selkeämpi päätös.",
        },
    )
    assert MinutesRevision.objects.filter(meeting=meeting).count() == 2

    for persona in ("chair", "member"):  # the chair and the member who commented
        client.force_login(body_world.users[persona])
        html = client.get(url("bodies:minutes", meeting)).content.decode()
        assert "<del>Luonnospäätös.</del>" in html
        assert "<ins>Selkeämpi päätös.</ins>" in html
        assert "Sari Sihteeri" in html
    client.force_login(body_world.users["deputy"])  # did not comment
    assert "<ins>" not in client.get(url("bodies:minutes", meeting)).content.decode()

    meeting.review_ends_at = timezone.now() + timedelta(hours=1)
    meeting.save()
    client.force_login(body_world.users["member"])
    assert client.post(url("bodies:minutes-restart", meeting)).status_code == 302
    meeting.refresh_from_db()
    assert meeting.review_ends_at > timezone.now() + timedelta(days=2)
    client.force_login(body_world.users["deputy"])
    assert client.post(url("bodies:minutes-restart", meeting)).status_code == 403
