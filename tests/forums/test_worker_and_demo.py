"""The forum's e-mails go through the real Celery worker (transactional: the worker has its own
connection), and the demo seeder builds the two demo forums once."""

from __future__ import annotations

import time

import pytest
from django.core import mail
from django.utils import timezone

from forums import services
from forums.demo.seed import PAST_SLUG, UPCOMING_SLUG, seed
from forums.models import Channel, Comment, CommentStatus, Consultation, Forum
from notifications.models import OutgoingEmail
from tests.forums.factories import make_comment, make_consultation, make_forum
from tests.personas import make_coordinator, make_user
from tests.threads import wait_until


def test_hiding_and_closing_mail_each_person_once_through_the_worker(celery_worker, reference_data):
    consultation = make_consultation(make_forum())
    author = make_user("kirjoittaja@example.com", language="sv")
    comment = make_comment(consultation, author, "Huono")
    make_comment(consultation, author, "Toinen")
    services.offline_comment_create(
        consultation=consultation,
        section=consultation.sections.first(),
        entered_by=None,
        body="Paperilla",
        channel=Channel.PAPER,
        email="paperi@example.com",
    )
    coordinator = make_coordinator("k@example.com")

    services.comment_hide(comment=comment, actor=coordinator, reason="Asiaton")
    assert wait_until(lambda: len(mail.outbox) == 1)
    assert mail.outbox[0].subject == "En moderator dolde din kommentar"

    for _attempt in range(2):
        services.consultation_close(
            consultation=consultation,
            actor=coordinator,
            summary={"fi": "Yhteenveto", "sv": "", "en": ""},
            links=[],
        )
    assert wait_until(lambda: len(mail.outbox) == 3)
    time.sleep(1)
    assert len(mail.outbox) == 3
    assert sorted(m.to[0] for m in mail.outbox[1:]) == [
        "kirjoittaja@example.com",
        "paperi@example.com",
    ]
    assert OutgoingEmail.objects.filter(sent_at__isnull=True).count() == 0


@pytest.mark.django_db
def test_demo_seeder_builds_the_forums_once():
    assert seed()[0].startswith("Created 2 demo participation forums")
    assert seed() == ["The demo forums exist already; nothing to create."]
    now = timezone.now()
    past = Forum.objects.get(slug=PAST_SLUG)
    upcoming = Forum.objects.get(slug=UPCOMING_SLUG)
    assert timezone.localtime(past.starts_at).month == 8 and past.starts_at < now
    assert timezone.localtime(upcoming.starts_at).month == 11 and upcoming.starts_at > now
    closed = Consultation.objects.get(forum=past)
    assert closed.state() == "closed" and closed.summary_fi and closed.outcome_links.exists()
    open_one = Consultation.objects.get(forum=upcoming)
    assert open_one.state() == "open"
    assert open_one.sections.count() >= 3
    assert Comment.objects.filter(consultation=open_one, channel=Channel.PHONE).exists()
    assert Comment.objects.filter(consultation=open_one, parent__isnull=False).exists()
    assert not Comment.objects.exclude(status=CommentStatus.VISIBLE).exists()
