"""Forum data for the tests: a published forum of Keski-Suomi with an open consultation."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from areas.models import WelfareArea
from forums.models import Comment, Consultation, Forum, Section


def make_forum(area_slug: str = "keski-suomi", *, slug: str = "syysfoorumi", **fields) -> Forum:
    now = timezone.now()
    values = {
        "title_fi": "Syysfoorumi",
        "starts_at": now + timedelta(days=10),
        "place": "Kokoushuone 1",
        "is_published": True,
    }
    values.update(fields)
    return Forum.objects.create(
        welfare_area=WelfareArea.objects.get(slug=area_slug), slug=slug, **values
    )


def make_consultation(forum: Forum, *, sections: int = 2, **fields) -> Consultation:
    now = timezone.now()
    values = {
        "title_fi": "Järjestöyhteistyön malli",
        "opens_at": now - timedelta(days=1),
        "closes_at": now + timedelta(days=20),
        "is_published": True,
    }
    values.update(fields)
    consultation = Consultation.objects.create(forum=forum, **values)
    for number in range(1, sections + 1):
        Section.objects.create(
            consultation=consultation,
            order=number,
            title_fi=f"Osio {number}",
            body_fi=f"Osion {number} teksti.",
        )
    return consultation


def make_comment(consultation: Consultation, author, body: str = "Hyvä luonnos.", **fields):
    section = fields.pop("section", None) or consultation.sections.first()
    return Comment.objects.create(
        consultation=consultation, section=section, author=author, body=body, **fields
    )
