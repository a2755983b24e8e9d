"""Attachments: only real PDF, DOCX, ODT and XLSX files, checked by content, size-limited, stored
under generated names outside the media folder, downloaded through the access check."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bodies.models import Attachment
from tests.bodies import files


def upload(client, item, name: str, data: bytes):
    return client.post(
        reverse("bodies:attachment-upload", kwargs={"pk": item.pk}),
        {"file": SimpleUploadedFile(name, data, content_type="application/octet-stream")},
        follow=True,
    )


@pytest.fixture
def secretary(client, body_world):
    client.force_login(body_world.users["secretary"])
    return body_world


@pytest.mark.parametrize(
    ("name", "make", "kind"),
    [
        ("esityslista.pdf", lambda: files.pdf(tagged=True), "pdf"),
        ("muistio.docx", files.docx, "docx"),
        ("muistio.odt", files.odt, "odt"),
        ("budjetti.xlsx", files.xlsx, "xlsx"),
    ],
)
def test_each_accepted_kind_is_stored_under_a_generated_name(
    client, secretary, settings, name, make, kind
):
    data = make()

    response = upload(client, secretary.draft_item, name, data)

    assert response.status_code == 200
    attachment = Attachment.objects.get(original_name=name)
    assert attachment.kind == kind
    assert not attachment.untagged_pdf
    assert name not in attachment.stored_name
    stored = settings.BODIES_ATTACHMENT_ROOT / attachment.stored_name
    assert stored.read_bytes() == data
    assert not str(stored).startswith(str(settings.MEDIA_ROOT))


def test_an_untagged_pdf_is_accepted_with_a_warning_for_the_uploader(client, secretary):
    response = upload(client, secretary.draft_item, "skannattu.pdf", files.pdf(tagged=False))

    assert Attachment.objects.get(original_name="skannattu.pdf").untagged_pdf
    levels = [message.level_tag for message in response.context["messages"]]
    assert levels == ["success", "warning"]
    assert 'class="notice notice--warning"' in response.content.decode()


@pytest.mark.parametrize(
    ("name", "make", "code"),
    [
        ("ohjelma.pdf", files.exe, "type"),
        ("ohjelma.docx", files.exe, "type"),
        ("pommi.docx", files.zip_bomb, "bomb"),
        ("vaara-paate.docx", files.xlsx, "extension"),
        ("muistio.txt", lambda: b"plain text", "type"),
        ("tyhja.pdf", lambda: b"", "empty"),
    ],
)
def test_wrong_files_are_refused_next_to_the_field(client, secretary, name, make, code):
    response = upload(client, secretary.draft_item, name, make())

    assert response.status_code == 200
    form = response.context["form"]
    assert [e.code for e in form.errors.as_data()["file"]] == [code]
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert not Attachment.objects.filter(original_name=name).exists()


def test_an_oversize_file_is_refused(client, secretary, settings):
    settings.BODIES_ATTACHMENT_MAX_BYTES = 1024
    data = files.pdf(tagged=True) + b"%" + b"x" * 2000

    response = upload(client, secretary.draft_item, "iso.pdf", data)

    assert [e.code for e in response.context["form"].errors.as_data()["file"]] == ["size"]
    assert not Attachment.objects.filter(original_name="iso.pdf").exists()


def test_the_download_is_an_attachment_that_is_not_sniffed(client, body_world):
    response = client.get(reverse("bodies:attachment", kwargs={"pk": body_world.attachment.pk}))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert 'filename="liite.pdf"' in response["Content-Disposition"]
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_an_attachment_of_a_meeting_that_is_not_public_is_404_to_the_public(client, body_world):
    url = reverse("bodies:attachment", kwargs={"pk": body_world.draft_attachment.pk})

    assert client.get(url).status_code == 404
    client.force_login(body_world.users["member"])
    assert client.get(url).status_code == 200


def test_the_stored_files_are_not_under_the_public_media_url(client, body_world, settings):
    assert not str(settings.BODIES_ATTACHMENT_ROOT).startswith(str(settings.MEDIA_ROOT))
    response = client.get(f"{settings.MEDIA_URL}{body_world.attachment.stored_name}")
    assert response.status_code == 404
