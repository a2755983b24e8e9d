"""Every text field of the bodies is plain text: an XSS corpus renders inert on every page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from bodies import services
from bodies.models import ActionItem, AgendaItem, MinutesComment

pytestmark = pytest.mark.django_db

CORPUS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "<svg/onload=alert(1)>",
    "javascript:alert(1)",
    '<a href="javascript:alert(1)">klikkaa</a>',
    "'';!--\"<XSS>=&{()}",
    "<iframe src=//evil.example></iframe>",
]
PAYLOAD = "\n".join(CORPUS) + "\nhttps://example.com/?q=<b>"
DANGEROUS = ["<script>alert", "<img src=x", "<svg/onload", "<iframe", 'href="javascript:', "<XSS>"]


def assert_inert(html: str) -> None:
    for marker in DANGEROUS:
        assert marker not in html, marker


def test_every_text_field_renders_inert(client, body_world):
    w = body_world
    w.body.name_fi = "Pöytä " + CORPUS[1]
    w.body.description_fi = PAYLOAD
    w.body.save()
    w.member.name = CORPUS[2]
    w.member.save()
    item = AgendaItem.objects.create(
        meeting=w.upcoming,
        position=2,
        title=CORPUS[0],
        presenter=CORPUS[1],
        background=PAYLOAD,
        proposed_decision=PAYLOAD,
    )
    w.published.place = CORPUS[6]
    w.published.save()
    ActionItem.objects.create(
        item=w.published_item, title=CORPUS[0], owner_member=w.member, due_date="2026-01-01"
    )
    MinutesComment.objects.create(meeting=w.draft, author=w.member, text=PAYLOAD)
    services.minutes_start_correction(meeting=w.published)
    w.published_item.discussion = PAYLOAD
    w.published_item.decision = PAYLOAD
    w.published_item.title = CORPUS[0]
    services.item_save(item=w.published_item)
    services.minutes_submit(meeting=w.published, review_days=1, note=PAYLOAD)
    services.minutes_approve(meeting=w.published, chair=w.chair, user=None)

    pages = [
        reverse("bodies:list"),
        reverse("bodies:body", kwargs={"slug": w.body.slug}),
        reverse("bodies:meeting", kwargs={"pk": w.published.pk}),
        reverse("bodies:meeting", kwargs={"pk": w.upcoming.pk}),
        reverse("bodies:meeting-print", kwargs={"pk": w.published.pk}),
        reverse("bodies:meeting-print", kwargs={"pk": w.upcoming.pk}),
        reverse("bodies:actions"),
        reverse("bodies:archive") + "?q=alert",
    ]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        assert_inert(response.content.decode())

    client.force_login(w.users["secretary"])
    for page in [
        reverse("bodies:minutes", kwargs={"pk": w.draft.pk}),
        reverse("bodies:minutes", kwargs={"pk": w.published.pk}),
        reverse("bodies:item-edit", kwargs={"pk": item.pk}),
    ]:
        response = client.get(page)
        assert response.status_code == 200, page
        assert_inert(response.content.decode())
    # Links are made only of http(s) addresses, and marked nofollow.
    html = client.get(reverse("bodies:meeting", kwargs={"pk": w.published.pk})).content.decode()
    assert 'rel="nofollow"' in html
