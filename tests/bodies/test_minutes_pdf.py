"""The PDF of approved minutes (issue 16): made on the server, from the published version only,
as public as the print view, tagged, in the reader's language."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from bodies import services
from bodies.models import AgendaItem

pytestmark = pytest.mark.django_db


def _url(meeting, lang="fi"):
    with translation.override(lang):
        return reverse("bodies:minutes-pdf", kwargs={"pk": meeting.pk})


def _text(response) -> str:
    reader = PdfReader(io.BytesIO(response.content))
    return "\n".join(page.extract_text() for page in reader.pages)


def _republish(w, decision):
    services.minutes_start_correction(meeting=w.published)
    AgendaItem.objects.filter(pk=w.published_item.pk).update(decision=decision)
    services.minutes_submit(meeting=w.published, review_days=7, note="Korjattu.")
    services.minutes_approve(meeting=w.published, chair=w.chair, user=w.users["chair"])


def test_pdf_of_published_minutes_holds_the_decisions(client, body_world):
    w = body_world
    _republish(w, "Päätös: haku avataan – Ålandsö ja ”lainaus” § 3.")
    response = client.get(_url(w.published))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = _text(response)
    assert "Yhdistysten avustukset" in text
    assert "Päätös: haku avataan – Ålandsö ja ”lainaus” § 3." in text


def test_pdf_never_shows_a_correction_in_progress(client, body_world):
    w = body_world
    services.minutes_start_correction(meeting=w.published)
    AgendaItem.objects.filter(pk=w.published_item.pk).update(decision="Korjausluonnos.")
    text = _text(client.get(_url(w.published, "sv")))
    assert "Päätös: avustusten haku avataan." in text
    assert "Korjausluonnos" not in text
    assert "Protokoll" in text  # in the reader's language


def test_pdf_is_404_without_published_minutes(client, body_world):
    w = body_world
    client.force_login(w.users["secretary"])  # sees the draft and the agenda
    assert client.get(_url(w.draft)).status_code == 404
    assert client.get(_url(w.upcoming)).status_code == 404
    client.logout()
    assert client.get(_url(w.draft)).status_code == 404


def test_pdf_is_tagged_with_headings_paragraphs_and_bookmarks(client, body_world):
    w = body_world
    long_text = "\n".join(f"Kappale {n}: " + "pitkä teksti " * 40 for n in range(30))
    _republish(w, long_text)
    response = client.get(_url(w.published, "en"))
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) > 1  # the long decision runs over pages
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en"
    assert root["/MarkInfo"]["/Marked"]
    assert reader.metadata.title.startswith("Minutes: Kumppanuuspöytä")
    document = root["/StructTreeRoot"]["/K"]
    document = document[0].get_object() if isinstance(document, list) else document.get_object()
    kinds = [kid.get_object()["/S"] for kid in document["/K"]]
    assert kinds[0] == "/H1"
    assert {"/H2", "/H3", "/P"} <= set(kinds)
    assert next(o.title for o in reader.outline if not isinstance(o, list)).startswith("Minutes")
    assert "Kappale 29" in _text(response)


def test_meeting_print_and_archive_link_the_pdf(client, body_world):
    w = body_world
    pk = {"pk": w.published.pk}
    pdf_url = reverse("bodies:minutes-pdf", kwargs=pk)
    assert pdf_url in client.get(reverse("bodies:meeting", kwargs=pk)).text
    assert pdf_url in client.get(reverse("bodies:meeting-print", kwargs=pk)).text
    archive = client.get(reverse("bodies:archive"), {"q": "avustusten"}).text
    assert "Yhdistysten avustukset" in archive
    assert pdf_url in archive
    # An agenda without minutes has no PDF link (its print view still offers printing).
    upcoming = client.get(reverse("bodies:meeting", kwargs={"pk": w.upcoming.pk})).text
    assert "minutes.pdf" not in upcoming
