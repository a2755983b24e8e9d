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
