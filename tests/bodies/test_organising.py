"""The secretary and the chair organise the body's meetings from its pages (issue 16.19, 16.25):
they create meetings, publish agendas and send the invitations; the body's page lists the
meetings in date order."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from bodies.models import Meeting

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("persona", ["secretary", "chair"])
def test_the_secretary_and_the_chair_create_a_meeting_and_publish_its_agenda(
    client, body_world, persona
):
    client.force_login(body_world.users[persona])
    body_page = client.get(reverse("bodies:body", kwargs={"slug": body_world.body.slug}))
    create_url = reverse("bodies:meeting-create", kwargs={"slug": body_world.body.slug})
    assert create_url in body_page.content.decode()

    created = client.post(create_url, {"starts_at": "2027-01-20T13:00", "place": "Sali 2"})

    assert created.status_code == 302
    meeting = Meeting.objects.get(place="Sali 2")
    assert meeting.body == body_world.body
    page = client.get(created["Location"]).content.decode()
    edit_url = reverse("bodies:meeting-edit", kwargs={"pk": meeting.pk})
    assert edit_url in page
    published = client.post(edit_url, {"action": "publish"})
    assert published.status_code == 302
    meeting.refresh_from_db()
    assert meeting.agenda_is_public


def test_a_member_cannot_create_a_meeting(client, body_world):
    client.force_login(body_world.users["member"])
    create_url = reverse("bodies:meeting-create", kwargs={"slug": body_world.body.slug})
    assert (
        create_url
        not in client.get(
            reverse("bodies:body", kwargs={"slug": body_world.body.slug})
        ).content.decode()
    )
    response = client.post(create_url, {"starts_at": "2027-01-20T13:00", "place": "Sali 3"})
    assert response.status_code == 403
    assert not Meeting.objects.filter(place="Sali 3").exists()


def test_the_bodys_page_lists_coming_meetings_soonest_first_then_past_ones_latest_first(
    client, body_world
):
    now = timezone.now()
    for days in (40, 3, -300, 10, -5):
        Meeting.objects.create(
            body=body_world.body,
            starts_at=now + timedelta(days=days),
            place=f"Paikka {days}",
            agenda_published_at=now,
        )
    expected = [
        now + timedelta(days=days)
        for days in (3, 10, 14, 40)  # coming: 14 is the world's upcoming meeting
    ] + [now + timedelta(days=days) for days in (-2, -5, -60, -300)]  # past: -2 is the draft
    client.force_login(body_world.users["member"])  # sees the draft meeting too

    html = client.get(reverse("bodies:body", kwargs={"slug": body_world.body.slug})).content
    html = html.decode()

    shown = [date_format(timezone.localtime(when), "SHORT_DATETIME_FORMAT") for when in expected]
    positions = [html.index(text) for text in shown]
    assert positions == sorted(positions)
    assert html.index("Tulevat kokoukset") < positions[0] < html.index("Menneet kokoukset")
    assert html.index("Menneet kokoukset") < positions[4]


def test_the_coordinator_creates_and_edits_a_body_and_its_members(client, body_world):
    from bodies.models import Body, BodyKind, BodyMember

    client.force_login(body_world.users["coordinator"])
    area = body_world.body.welfare_area
    form = {"welfare_area": area.pk, "kind": BodyKind.values[0], "slug": "uusi-poyta"}
    missing = client.post(reverse("bodies:body-create"), form)
    assert missing.status_code == 200 and 'href="#id_name_fi"' in missing.content.decode()
    created = client.post(reverse("bodies:body-create"), {**form, "name_fi": "Uusi pöytä"})
    assert created.status_code == 302
    body = Body.objects.get(slug="uusi-poyta")
    assert body.name_fi == "Uusi pöytä"
    edited = client.post(
        reverse("bodies:body-edit", kwargs={"slug": body.slug}),
        {**form, "name_fi": "Uudempi pöytä"},
    )
    assert edited.status_code == 302
    body.refresh_from_db()
    assert body.name_fi == "Uudempi pöytä"

    member = {"name": "Anna Jäsen", "role": "member", "term_start": "2027-01-01"}
    added = client.post(reverse("bodies:member-add", kwargs={"slug": body.slug}), member)
    assert added.status_code == 302
    person = BodyMember.objects.get(body=body, name="Anna Jäsen")
    edit_url = reverse("bodies:member-edit", kwargs={"slug": body.slug, "pk": person.pk})
    assert client.post(edit_url, {**member, "term_end": "2026-01-01"}).status_code == 200
    assert client.post(edit_url, {**member, "name": "Anna Uusi"}).status_code == 302
    person.refresh_from_db()
    assert person.name == "Anna Uusi" and person.body == body
