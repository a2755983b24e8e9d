"""Walks of the forum's people (resident, moderator, coordinator) through what they expect:
agreeing only while a consultation is open and never with oneself, reports after approval,
moderators told of waiting comments, offline feedback's date and the draft document, official
replies, forum addresses from the title."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from forums.models import Agreement, Comment, CommentStatus, Report
from tests.forums.factories import make_comment, make_consultation
from tests.personas import make_coordinator, make_user

pytestmark = pytest.mark.django_db


def consultation_url(consultation) -> str:
    return reverse("forums:consultation", kwargs={"pk": consultation.pk})


def agree_url(comment) -> str:
    return reverse("forums:agree", kwargs={"pk": comment.pk})


# Item 5: "I agree" only while open, never with one's own comment


def test_resident_cannot_agree_once_the_consultation_is_closed(client, forum, resident):
    consultation = make_consultation(forum)
    comment = make_comment(consultation, make_user("kirjoittaja@example.com"), "Hyvä ajatus")
    consultation.closes_at = timezone.now() - timedelta(minutes=1)
    consultation.save()
    client.force_login(resident)

    page = client.get(consultation_url(consultation)).content.decode()
    assert f'id="agree-{comment.pk}"' not in page  # no button, only the count
    assert "Hyvä ajatus" in page

    response = client.post(agree_url(comment), follow=True)
    assert response.status_code == 200
    assert not Agreement.objects.exists()
    assert [m.level_tag for m in response.context["messages"]] == ["error"]


def test_closing_early_also_stops_agreements(client, consultation, resident):
    comment = make_comment(consultation, make_user("kirjoittaja@example.com"))
    Agreement.objects.create(comment=comment, user=resident)
    consultation.closed_at = timezone.now()
    consultation.save()
    client.force_login(resident)
    client.post(agree_url(comment))  # taking it back is refused too: the count is final
    assert Agreement.objects.filter(comment=comment, user=resident).exists()


def test_author_cannot_agree_with_their_own_comment(client, consultation, resident):
    own = make_comment(consultation, resident, "Oma kommentti")
    other = make_comment(consultation, make_user("toinen@example.com"), "Toisen kommentti")
    client.force_login(resident)

    page = client.get(consultation_url(consultation)).content.decode()
    assert f'id="agree-{own.pk}"' not in page
    assert f'id="agree-{other.pk}"' in page

    client.post(agree_url(own))
    client.post(agree_url(own), headers={"HX-Request": "true"})
    assert not Agreement.objects.filter(comment=own).exists()
    client.post(agree_url(other))
    assert Agreement.objects.filter(comment=other, user=resident).exists()


# Item 14: three reports hide an approved comment in a pre-moderated consultation


def test_reports_hide_an_approved_comment_and_send_it_back_to_the_queue(client, forum):
    consultation = make_consultation(forum, pre_moderation=True)
    author = make_user("kirjoittaja@example.com")
    client.force_login(author)
    section = consultation.sections.first()
    client.post(
        reverse("forums:comment", kwargs={"pk": consultation.pk}),
        {"section": section.pk, f"s{section.pk}-body": "Hyväksytty mutta asiaton"},
    )
    comment = Comment.objects.get()
    coordinator = make_coordinator("k@example.com")
    client.force_login(coordinator)
    client.post(reverse("forums:moderate", kwargs={"pk": comment.pk}), {"action": "approve"})
    comment.refresh_from_db()
    assert comment.status == CommentStatus.VISIBLE

    for number in range(3):
        client.force_login(make_user(f"r{number}@example.com"))
        client.post(reverse("forums:report", kwargs={"pk": comment.pk}), {"reason": "asiaton"})

    comment.refresh_from_db()
    assert Report.objects.filter(comment=comment).count() == 3
    assert comment.status == CommentStatus.HIDDEN and comment.hidden_by_reports
    assert (
        "Hyväksytty mutta asiaton"
        not in client.get(consultation_url(consultation)).content.decode()
    )
    client.force_login(coordinator)
    queue = client.get(reverse("forums:moderation", kwargs={"pk": consultation.pk}))
    assert f'id="queue-{comment.pk}"' in queue.content.decode()


# Item 18: the forum's address part is made from its title


def test_coordinator_creates_a_forum_without_typing_its_address(client, db):
    from areas.models import WelfareArea
    from forums.models import Forum

    client.force_login(make_coordinator("k@example.com"))
    form_page = client.get(reverse("forums:forum_create")).content.decode()
    assert 'name="slug"' not in form_page
    area = WelfareArea.objects.get(slug="keski-suomi")
    data = {
        "welfare_area": area.pk,
        "title_fi": "Kevään osallisuusfoorumi",
        "starts_at": "2030-04-01T17:00",
        "place": "Kaupungintalo",
        "signup_open": "on",
    }
    first = client.post(reverse("forums:forum_create"), data)
    second = client.post(reverse("forums:forum_create"), data)
    data["title_fi"] = "Manage"  # a title that would be one of the fixed addresses
    third = client.post(reverse("forums:forum_create"), data)

    slugs = list(Forum.objects.order_by("pk").values_list("slug", flat=True))
    assert slugs == ["kevaan-osallisuusfoorumi", "kevaan-osallisuusfoorumi-2", "manage-2"]
    assert first["Location"].endswith("/forums/kevaan-osallisuusfoorumi/")
    assert second["Location"].endswith("/forums/kevaan-osallisuusfoorumi-2/")
    assert client.get(third["Location"]).status_code == 200


def test_approved_only_comments_lose_the_old_checked_flag_in_the_data_migration(forum):
    import importlib

    from django.apps import apps

    from forums.models import ModerationLog

    migration = importlib.import_module("forums.migrations.0005_approval_is_not_a_report_decision")
    consultation = make_consultation(forum, pre_moderation=True)
    author = make_user("a@example.com")
    approved = make_comment(consultation, author, "Hyväksytty", moderator_checked=True)
    restored = make_comment(consultation, author, "Palautettu", moderator_checked=True)
    ModerationLog.objects.create(consultation=consultation, comment=approved, action="approve")
    ModerationLog.objects.create(consultation=consultation, comment=restored, action="approve")
    ModerationLog.objects.create(consultation=consultation, comment=restored, action="restore")

    migration.clear_flag_of_approved_only(apps, None)

    approved.refresh_from_db()
    restored.refresh_from_db()
    assert not approved.moderator_checked
    assert restored.moderator_checked


# Item 15: moderators are told of comments waiting or reported


def test_moderators_get_one_e_mail_an_hour_of_waiting_and_reported_comments(
    client, forum, django_capture_on_commit_callbacks
):
    import time_machine
    from django.core import mail

    consultation = make_consultation(forum, pre_moderation=True)
    section = consultation.sections.first()
    coordinator = make_coordinator("k@example.com")
    named = make_user("moderaattori@example.com", language="sv")
    consultation.moderators.add(named)
    make_coordinator("vantaa@example.com", "vantaa-kerava")  # another area: not told
    comment_url = reverse("forums:comment", kwargs={"pk": consultation.pk})

    def comment(email, body):
        client.force_login(make_user(email))
        with django_capture_on_commit_callbacks(execute=True):
            client.post(comment_url, {"section": section.pk, f"s{section.pk}-body": body})

    comment("a@example.com", "Ensimmäinen")
    assert sorted(m.to[0] for m in mail.outbox) == ["k@example.com", "moderaattori@example.com"]
    to_named = next(m for m in mail.outbox if m.to == ["moderaattori@example.com"])
    assert "/sv/forums/manage/consultation/" in to_named.body  # in the moderator's language
    assert "1" in to_named.body

    comment("b@example.com", "Toinen")  # within the hour: no new e-mail
    assert len(mail.outbox) == 2

    later = timezone.now() + timedelta(hours=1, minutes=1)
    with time_machine.travel(later, tick=False):
        # The coordinator approves both; three reports on one of them, an hour later.
        client.force_login(coordinator)
        for pending in Comment.objects.all():
            client.post(
                reverse("forums:moderate", kwargs={"pk": pending.pk}), {"action": "approve"}
            )
        first = Comment.objects.get(body="Ensimmäinen")
        client.force_login(make_user("r@example.com"))
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("forums:report", kwargs={"pk": first.pk}), {"reason": "asiaton"})
    assert len(mail.outbox) == 4
    assert coordinator.email in mail.outbox[-1].to + mail.outbox[-2].to


def test_coordinator_dashboard_counts_comments_waiting_and_reported(client, forum):
    consultation = make_consultation(forum, pre_moderation=True, title_fi="Hyvinvointisuunnitelma")
    author = make_user("a@example.com")
    make_comment(consultation, author, "Odottaa", status=CommentStatus.PENDING)
    reported = make_comment(consultation, author, "Ilmoitettu")
    Report.objects.create(comment=reported, user=make_user("r@example.com"))
    make_consultation(forum, title_fi="Rauhallinen kuuleminen")  # nothing waits: not listed
    client.force_login(make_coordinator("k@example.com"))

    page = client.get(reverse("coordinate:dashboard"))

    html = page.content.decode()
    assert page.status_code == 200
    assert "Hyvinvointisuunnitelma" in html and "Rauhallinen kuuleminen" not in html
    moderation = reverse("forums:moderation", kwargs={"pk": consultation.pk})
    assert f'href="{moderation}"' in html
    row = html[html.index("Hyvinvointisuunnitelma") :]
    row = row[: row.index("</tr>")]
    assert "<td>1</td><td>1</td>" in row.replace("\n", "").replace(" ", "")
    # Another area's coordinator sees nothing of it.
    client.force_login(make_coordinator("vantaa@example.com", "vantaa-kerava"))
    assert (
        "Hyvinvointisuunnitelma" not in client.get(reverse("coordinate:dashboard")).content.decode()
    )


# Item 16: offline feedback's received-on date; the draft document beside the sections

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def png_bytes() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), "white").save(buffer, "PNG")
    return buffer.getvalue()


def test_paper_feedback_is_shown_with_the_day_it_was_received(client, consultation, section):
    client.force_login(make_coordinator("k@example.com"))
    url = reverse("forums:offline_entry", kwargs={"pk": consultation.pk})
    assert 'name="received_on"' in client.get(url).content.decode()
    data = {"section": section.pk, "channel": "paper", "body": "Paperilla tullut palaute."}
    tomorrow = timezone.localdate() + timedelta(days=1)

    refused = client.post(url, {**data, "received_on": tomorrow.isoformat()})
    missing = client.post(url, data)
    assert refused.status_code == missing.status_code == 200
    assert "Paperilla tullut palaute." in refused.content.decode()  # nothing typed is lost
    assert not Comment.objects.exists()

    client.post(url, {**data, "received_on": "3.11.2026"})
    comment = Comment.objects.get()
    assert comment.received_on.isoformat() == "2026-11-03"
    client.logout()
    assert "3.11.2026" in client.get(consultation_url(consultation)).content.decode()


def test_coordinator_adds_the_draft_document_and_residents_read_it(
    client, consultation, section, settings, tmp_path, resident, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from forums.models import Document

    settings.BODIES_ATTACHMENT_ROOT = tmp_path / "attachments"
    client.force_login(make_coordinator("k@example.com"))
    url = reverse("forums:documents", kwargs={"pk": consultation.pk})
    client.post(url, {"title": "Koko luonnos", "file": SimpleUploadedFile("luonnos.pdf", PDF)})
    client.post(
        url,
        {
            "title": "Kaavio palveluketjusta",
            "section": section.pk,
            "file": SimpleUploadedFile("kaavio.png", png_bytes()),
        },
    )
    # Content decides: a script named .pdf, and a Word file, are refused next to the field.
    fake = client.post(
        url, {"title": "Väärä", "file": SimpleUploadedFile("x.pdf", b"<script>alert(1)</script>")}
    )
    assert fake.status_code == 400 and "PDF, PNG" in fake.content.decode()
    assert "Väärä" in fake.content.decode()
    whole, diagram = Document.objects.order_by("pk")
    assert (whole.kind, whole.section, diagram.kind, diagram.section) == (
        "pdf",
        None,
        "png",
        section,
    )
    assert not str(settings.BODIES_ATTACHMENT_ROOT / "forums").startswith(str(settings.MEDIA_ROOT))

    client.force_login(resident)
    page = client.get(consultation_url(consultation)).content.decode()
    pdf_url = reverse("forums:document", kwargs={"pk": whole.pk})
    png_url = reverse("forums:document", kwargs={"pk": diagram.pk})
    assert f'href="{pdf_url}"' in page
    assert f'<img src="{png_url}" alt="Kaavio palveluketjusta"' in page
    # The section's image is shown in its section, after the section's text.
    assert page.index("Osion 1 teksti.") < page.index(png_url) < page.index("Osion 2 teksti.")
    download = client.get(pdf_url)
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"
    image = client.get(png_url)
    assert image["Content-Type"] == "image/png" and image["Content-Disposition"].startswith(
        "inline"
    )

    # An unpublished consultation's files are as hidden as the consultation.
    consultation.is_published = False
    consultation.save()
    assert client.get(pdf_url).status_code == 404

    client.force_login(make_coordinator("k2@example.com"))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("forums:document_delete", kwargs={"pk": whole.pk}))
    assert not Document.objects.filter(pk=whole.pk).exists()
    assert not (settings.BODIES_ATTACHMENT_ROOT / "forums" / whole.stored_name).exists()


# Item 17: the welfare area's official reply under a comment


def test_moderator_replies_officially_and_the_commenter_is_told(
    client, consultation, django_capture_on_commit_callbacks
):
    from django.core import mail

    from forums.models import Channel
    from tests.personas import add_totp

    author = make_user("kirjoittaja@example.com", language="sv")
    comment = make_comment(consultation, author, "Miksi kirjastot eivät ole mukana?")
    paper = make_comment(
        consultation, None, "Paperipalaute", channel=Channel.PAPER, offline_email="p@example.com"
    )
    moderator = make_user("moderaattori@example.com")
    add_totp(moderator)
    consultation.moderators.add(moderator)

    client.force_login(make_user("asukas2@example.com"))  # a resident cannot reply
    reply_url = reverse("forums:official_reply", kwargs={"pk": comment.pk})
    assert client.post(reply_url, {"text": "Ei"}).status_code == 403

    client.force_login(moderator)
    page = client.get(consultation_url(consultation)).content.decode()
    assert f'href="{reply_url}"' in page  # the way there, from the comment
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reply_url, {"text": "Kirjastot ovat mukana osiossa 2."})
        client.post(reply_url, {"text": "Kirjastot ovat mukana osiossa 2 ja 3."})  # corrected
        client.post(reverse("forums:official_reply", kwargs={"pk": paper.pk}), {"text": "Kiitos!"})

    comment.refresh_from_db()
    assert comment.official_reply == "Kirjastot ovat mukana osiossa 2 ja 3."
    assert comment.official_reply_by == moderator
    # Told once, in their language, with a link to the comment; the paper's sender too.
    assert [m.to for m in mail.outbox] == [["kirjoittaja@example.com"], ["p@example.com"]]
    assert "Kirjastot ovat mukana osiossa 2." in mail.outbox[0].body
    assert f"/sv/forums/consultation/{consultation.pk}/#comment-{comment.pk}" in mail.outbox[0].body

    client.logout()
    page = client.get(consultation_url(consultation)).content.decode()
    assert "Kirjastot ovat mukana osiossa 2 ja 3." in page
    assert "Keski-Suomen hyvinvointialue" in page  # from the welfare area


# Item 26: one msgid, one meaning; one time format


def test_signed_in_resident_reads_sign_up_for_the_meeting_not_create_an_account(
    client, forum, resident
):
    client.force_login(resident)
    page = client.get(reverse("forums:forum", kwargs={"slug": forum.slug})).content.decode()
    assert '<h2 id="signup-title">Ilmoittaudu</h2>' in page
    assert "Luo tili" not in page
    client.logout()
    assert "Luo tili" in client.get(reverse("forums:list")).content.decode()  # the header's


def test_comment_export_numbers_its_comments(client, consultation):
    make_comment(consultation, make_user("a@example.com"))
    client.force_login(make_coordinator("k@example.com"))
    response = client.get(reverse("forums:export", kwargs={"pk": consultation.pk, "fmt": "csv"}))
    header = response.content.decode("utf-8-sig").splitlines()[0].split(";")
    assert header[0] == "Numero"


def test_times_read_the_same_on_bodies_and_forum_pages(client, forum, settings, tmp_path):
    from zoneinfo import ZoneInfo

    from tests.bodies.conftest import build_world

    settings.BODIES_ATTACHMENT_ROOT = tmp_path / "attachments"
    bodies = build_world(settings.BODIES_ATTACHMENT_ROOT)
    helsinki = ZoneInfo("Europe/Helsinki")
    starts = timezone.now().astimezone(helsinki).replace(hour=9, minute=5) + timedelta(days=3)
    bodies.published.starts_at = starts - timedelta(days=70)
    bodies.published.save()
    forum.starts_at = starts
    forum.save()

    meeting = client.get(reverse("bodies:meeting", kwargs={"pk": bodies.published.pk}))
    forum_page = client.get(reverse("forums:forum", kwargs={"slug": forum.slug}))

    assert meeting.status_code == forum_page.status_code == 200
    assert "9.05" in meeting.content.decode() and "09:05" not in meeting.content.decode()
    assert "9.05" in forum_page.content.decode() and "09.05" not in forum_page.content.decode()


def test_export_has_the_received_on_date_and_the_official_reply(client, consultation):
    from datetime import date

    from forums.models import Channel

    make_comment(
        consultation,
        None,
        "Paperilla",
        channel=Channel.PAPER,
        received_on=date(2026, 11, 3),
        official_reply="Kiitos palautteesta.",
    )
    client.force_login(make_coordinator("k@example.com"))
    response = client.get(reverse("forums:export", kwargs={"pk": consultation.pk, "fmt": "csv"}))
    header, row = response.content.decode("utf-8-sig").splitlines()[:2]
    assert header.split(";")[-2:] == ["Saapumispäivä", "Virallinen vastaus"]
    assert row.split(";")[-2:] == ["3.11.2026", "Kiitos palautteesta."]
