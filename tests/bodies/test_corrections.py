"""Published minutes change only through a correction, and everything a correction adds
(agenda items, actions, attachments) stays private until the chair approves it (issue 15.3)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from bodies.models import ActionItem, AgendaItem, Attachment
from search.models import SearchEntry
from tests.bodies import files
from tests.bodies.conftest import url

pytestmark = pytest.mark.django_db


def add_action(client, item, title):
    return client.post(
        url("bodies:action-create", item),
        {
            "title": title,
            "owner_organisation": item.actions.first().owner_organisation_id,
            "due_date": (timezone.localdate() + timedelta(days=30)).isoformat(),
        },
    )


def add_attachment(client, item, name):
    return client.post(
        url("bodies:attachment-upload", item),
        {"file": SimpleUploadedFile(name, files.pdf(tagged=True))},
    )


def test_published_minutes_take_no_new_actions_or_attachments_without_a_correction(
    client, body_world
):
    client.force_login(body_world.users["secretary"])
    item = body_world.published_item

    action = add_action(client, item, "Salainen lisäys")
    attachment = add_attachment(client, item, "lisays.pdf")

    assert action.status_code == 400
    assert attachment.status_code == 400
    assert 'class="error-summary"' in action.content.decode()
    assert not ActionItem.objects.filter(title="Salainen lisäys").exists()
    assert not Attachment.objects.filter(original_name="lisays.pdf").exists()
    # The item's page offers neither while the minutes are published.
    page = client.get(url("bodies:item-edit", item)).content.decode()
    assert url("bodies:action-create", item) not in page
    assert url("bodies:attachment-upload", item) not in page


def test_what_a_correction_adds_is_private_until_the_chair_approves(client, body_world):
    meeting, item = body_world.published, body_world.published_item
    agenda_entries = SearchEntry.objects.filter(kind="body_agenda_item")
    entries_before = agenda_entries.count()
    client.force_login(body_world.users["secretary"])
    assert client.post(url("bodies:minutes-correct", meeting)).status_code == 302

    assert add_action(client, item, "Korjauksen toimenpide").status_code == 302
    assert add_attachment(client, item, "korjausliite.pdf").status_code == 302
    created = client.post(
        url("bodies:item-create", meeting),
        {"agenda-position": 2, "agenda-title": "Korjauksessa lisätty asia"},
    )
    assert created.status_code == 302
    action = ActionItem.objects.get(title="Korjauksen toimenpide")
    attachment = Attachment.objects.get(original_name="korjausliite.pdf")
    new_item = AgendaItem.objects.get(title="Korjauksessa lisätty asia")
    assert action.pending and attachment.pending and new_item.pending

    client.logout()
    page = client.get(url("bodies:meeting", meeting)).content.decode()
    assert "Korjauksen toimenpide" not in page
    assert "korjausliite.pdf" not in page
    assert "Korjauksessa lisätty asia" not in page
    assert "Korjauksen toimenpide" not in client.get(reverse("bodies:actions")).content.decode()
    assert client.get(url("bodies:attachment", attachment)).status_code == 404
    assert client.get(url("bodies:action-status", action)).status_code == 302  # login first
    assert agenda_entries.count() == entries_before
    # The body's members read the correction on the minutes page and download its files.
    client.force_login(body_world.users["member"])
    assert client.get(url("bodies:attachment", attachment)).status_code == 200
    member_page = client.get(url("bodies:meeting", meeting)).content.decode()
    assert "Korjauksen toimenpide" not in member_page

    client.force_login(body_world.users["secretary"])
    client.post(url("bodies:minutes-submit", meeting), {"review_days": 3, "note": "Lisäys."})
    client.force_login(body_world.users["chair"])
    assert client.post(url("bodies:minutes-approve", meeting)).status_code == 302

    client.logout()
    page = client.get(url("bodies:meeting", meeting)).content.decode()
    assert "Korjauksen toimenpide" in page
    assert "korjausliite.pdf" in page
    assert "Korjauksessa lisätty asia" in page
    assert "Korjauksen toimenpide" in client.get(reverse("bodies:actions")).content.decode()
    assert client.get(url("bodies:attachment", attachment)).status_code == 200
    assert agenda_entries.count() == entries_before + 1


def test_a_former_member_can_no_longer_open_or_change_their_old_actions(client, body_world):
    owner = body_world.member
    public_action = ActionItem.objects.create(
        item=body_world.published_item,
        title="Jäsenen oma toimi",
        owner_member=owner,
        due_date=timezone.localdate() + timedelta(days=5),
    )
    client.force_login(body_world.users["member"])
    assert client.get(url("bodies:action-status", public_action)).status_code == 200
    owner.term_end = timezone.localdate() - timedelta(days=1)
    owner.save()

    for action, hidden in ((public_action, 403), (body_world.draft_action, 404)):
        assert client.get(url("bodies:action-status", action)).status_code == hidden
        refused = client.post(url("bodies:action-status", action), {"status": "done"})
        assert refused.status_code == hidden
        action.refresh_from_db()
        assert action.status == "open"
