"""Attachments can be titled, replaced and deleted while their minutes can change; published
minutes change them only through a correction, whose changes are public on approval (16.23)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from bodies import services
from bodies.models import Attachment
from tests.bodies import files
from tests.bodies.conftest import url

pytestmark = pytest.mark.django_db


def pdf_upload(name="uusi.pdf"):
    return SimpleUploadedFile(name, files.pdf(tagged=True))


def test_the_secretary_titles_replaces_and_deletes_an_attachment_of_editable_minutes(
    client, body_world, settings, django_capture_on_commit_callbacks
):
    attachment = body_world.draft_attachment  # minutes in review
    root = settings.BODIES_ATTACHMENT_ROOT
    old_file = root / attachment.stored_name
    client.force_login(body_world.users["secretary"])
    item_page = client.get(url("bodies:item-edit", body_world.draft_item)).content.decode()
    assert url("bodies:attachment-edit", attachment) in item_page
    assert url("bodies:attachment-delete", attachment) in item_page

    titled = client.post(url("bodies:attachment-edit", attachment), {"title": "Talousarvio 2027"})
    assert titled.status_code == 302
    attachment.refresh_from_db()
    assert attachment.title == "Talousarvio 2027"
    assert (
        "Talousarvio 2027" in client.get(url("bodies:meeting", body_world.draft)).content.decode()
    )

    with django_capture_on_commit_callbacks(execute=True):
        replaced = client.post(
            url("bodies:attachment-edit", attachment),
            {"title": "Talousarvio 2027", "file": pdf_upload("talousarvio.pdf")},
        )
    assert replaced.status_code == 302
    attachment.refresh_from_db()
    assert attachment.original_name == "talousarvio.pdf"
    assert not old_file.exists()
    assert (root / attachment.stored_name).read_bytes() == files.pdf(tagged=True)

    confirm = client.get(url("bodies:attachment-delete", attachment))
    assert confirm.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        deleted = client.post(url("bodies:attachment-delete", attachment))
    assert deleted.status_code == 302
    assert not Attachment.objects.filter(pk=attachment.pk).exists()
    assert not (root / attachment.stored_name).exists()


def test_a_bad_replacement_is_refused_next_to_the_field_and_keeps_the_file(client, body_world):
    attachment = body_world.draft_attachment
    client.force_login(body_world.users["secretary"])
    response = client.post(
        url("bodies:attachment-edit", attachment),
        {"title": "Uusi nimi", "file": SimpleUploadedFile("x.pdf", files.exe())},
    )
    assert response.status_code == 200
    assert 'class="error-summary"' in response.content.decode()
    assert 'value="Uusi nimi"' in response.content.decode()
    attachment.refresh_from_db()
    assert attachment.original_name == "luonnos.pdf" and attachment.title == ""


def test_published_minutes_attachments_change_only_in_a_correction(client, body_world):
    attachment = body_world.attachment
    client.force_login(body_world.users["secretary"])

    assert client.post(url("bodies:attachment-delete", attachment)).status_code == 400
    refused = client.post(url("bodies:attachment-edit", attachment), {"title": "Uusi"})
    assert refused.status_code == 400
    attachment.refresh_from_db()
    assert attachment.title == ""

    client.post(url("bodies:minutes-correct", body_world.published))
    client.post(
        url("bodies:attachment-edit", attachment),
        {"title": "Korjattu liite", "file": pdf_upload("korjattu.pdf")},
    )
    replacement = Attachment.objects.get(original_name="korjattu.pdf")
    assert replacement.pending and replacement.title == "Korjattu liite"
    client.logout()
    assert client.get(url("bodies:attachment", attachment)).status_code == 200
    assert client.get(url("bodies:attachment", replacement)).status_code == 404

    services.minutes_submit(meeting=body_world.published, review_days=2, note="Liite vaihdettiin.")
    services.minutes_approve(
        meeting=body_world.published, chair=body_world.chair, user=body_world.users["chair"]
    )

    assert not Attachment.objects.filter(pk=attachment.pk).exists()
    assert client.get(url("bodies:attachment", replacement)).status_code == 200
    page = client.get(url("bodies:meeting", body_world.published)).content.decode()
    assert "Korjattu liite" in page and "liite.pdf" not in page
