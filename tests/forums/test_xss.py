"""An XSS corpus through every text field of the forums renders inert: comment, reply, offline
entry (text and name), report reason, hiding reason, summary, outcome link title, section,
consultation and forum texts. Checked on every page that shows them, by parsing the HTML: no
element or event-handler attribute from the corpus, no javascript:/data: link, and every
script is the site's own."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from forums.models import Comment, OutcomeLink
from tests.forums.factories import make_consultation, make_forum
from tests.personas import make_coordinator, make_user

pytestmark = pytest.mark.django_db

CORPUS = [
    "<script>alert('x1')</script>",
    '<img src=x onerror="alert(2)">',
    '"><svg onload=alert(3)>',
    "javascript:alert(4)",
    '<a href="javascript:alert(5)">click</a>',
    'https://example.com/"onmouseover="alert(6)',
    "<iframe src=//evil.example></iframe>",
    "https://evil.example/<script>alert(7)</script>",
    "'; alert(8); //",
    "{{ request.user.email }} {% csrf_token %}",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCg5KTwvc2NyaXB0Pg==",
]
PAYLOAD = "\n".join(CORPUS)
SHORT = '<img src=x onerror=alert(1)>"><script>alert(2)</script>'


class Inspector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("img", "svg", "iframe", "object", "embed"):
            self.problems.append(f"<{tag}> element")
        if tag == "script":
            src = dict(attrs).get("src") or ""
            if not src.startswith("/static/"):
                self.problems.append(f"script {attrs}")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"{tag} {name}={value}")
            dangerous = value and value.strip().lower().startswith(("javascript:", "data:"))
            if name in ("href", "src", "action") and dangerous:
                self.problems.append(f"{tag} {name}={value}")
            if name == "href" and value and "example.com/" in value and '"' in value:
                self.problems.append(f"{tag} {name}={value}")


def assert_inert(html: str, where: str) -> None:
    inspector = Inspector()
    inspector.feed(html)
    assert not inspector.problems, f"{where}: {inspector.problems}"
    assert "alert('x1')</script>" not in html, where


def test_every_text_field_renders_inert(client, english_pages):
    forum = make_forum(title_fi=SHORT[:200], description_fi=PAYLOAD, place=SHORT)
    consultation = make_consultation(forum, title_fi=SHORT[:200], intro_fi=PAYLOAD, sections=1)
    section = consultation.sections.get()
    section.title_fi = SHORT[:200]
    section.body_fi = PAYLOAD
    section.save()
    author = make_user("asukas@example.com")
    author.display_name = SHORT[:100]
    author.save()
    coordinator = make_coordinator("koordinaattori@example.com")

    client.force_login(author)
    comment_url = reverse("forums:comment", kwargs={"pk": consultation.pk})
    client.post(comment_url, {"section": section.pk, f"s{section.pk}-body": PAYLOAD})
    comment = Comment.objects.get()
    client.post(
        comment_url,
        {"section": section.pk, "parent": comment.pk, f"c{comment.pk}-body": PAYLOAD},
    )
    reporter = make_user("lukija@example.com")
    client.force_login(reporter)
    client.post(reverse("forums:report", kwargs={"pk": comment.pk}), {"reason": SHORT})

    client.force_login(coordinator)
    client.post(
        reverse("forums:offline_entry", kwargs={"pk": consultation.pk}),
        {
            "section": section.pk,
            "channel": "paper",
            "body": PAYLOAD,
            "name": SHORT[:100],
            "show_name": "on",
            "contact": SHORT,
            "received_on": timezone.localdate().isoformat(),
        },
    )
    client.post(reverse("forums:official_reply", kwargs={"pk": comment.pk}), {"text": PAYLOAD})
    reply = Comment.objects.get(parent=comment)
    client.post(
        reverse("forums:moderate", kwargs={"pk": reply.pk}), {"action": "hide", "reason": SHORT}
    )
    assert Comment.objects.count() == 3
    comment.refresh_from_db()
    assert comment.official_reply == PAYLOAD.strip()
    client.post(
        reverse("forums:close", kwargs={"pk": consultation.pk}),
        {"summary_fi": PAYLOAD, "links": f"{SHORT} | https://example.com/muistio"},
    )
    assert OutcomeLink.objects.get().title == SHORT

    pages = {
        "forum list": reverse("forums:list"),
        "forum": reverse("forums:forum", kwargs={"slug": forum.slug}),
        "consultation": reverse("forums:consultation", kwargs={"pk": consultation.pk}),
        "moderation": reverse("forums:moderation", kwargs={"pk": consultation.pk}),
        "manage": reverse("forums:manage"),
        "sections": reverse("forums:sections", kwargs={"pk": consultation.pk}),
        "close": reverse("forums:close", kwargs={"pk": consultation.pk}),
        "official reply": reverse("forums:official_reply", kwargs={"pk": comment.pk}),
        "documents": reverse("forums:documents", kwargs={"pk": consultation.pk}),
    }
    for where, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, where
        assert_inert(response.content.decode(), where)
    client.logout()
    for where in ("forum list", "forum", "consultation"):
        html = client.get(pages[where]).content.decode()
        assert_inert(html, where)
        assert "asukas@example.com" not in html

    # The corpus is shown as text: escaped, with web addresses as safe links.
    html = client.get(pages["consultation"]).content.decode()
    assert "&lt;script&gt;alert(&#x27;x1&#x27;)&lt;/script&gt;" in html
    assert 'rel="nofollow ugc noopener"' in html
    assert "{{ request.user.email }}" in html


def test_text_without_links_is_escaped_the_same_way():
    from django.utils.html import linebreaks, urlize

    from forums.templatetags.forum_text import render_plain_text

    for text in ["<b>lihava</b> & \"lainaus\" 'yksi'\n\nUusi kappale", "Tavallinen teksti."]:
        assert render_plain_text(text) == linebreaks(urlize(text, autoescape=True))
    for text in ["katso www.yhdessa.fi", "katso example.org/sivu", "HTTPS://EXAMPLE.FI"]:
        assert 'rel="nofollow ugc noopener"' in render_plain_text(text), text
    assert 'href="mailto:a@b.fi"' in render_plain_text("kirjoita a@b.fi")
    # A bare address is linked over HTTPS, never plain HTTP.
    assert 'href="https://www.yhdessa.fi"' in render_plain_text("katso www.yhdessa.fi")
