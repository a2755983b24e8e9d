"""Forums and consultations: a new forum's address, the draft documents, and closing a
consultation with its summary ("you said, we did") and the links the bodies' minutes show."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.forms import ModelForm
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import User
from bodies.attachments import CheckedFile
from bodies.decisions import DecisionLink, PublishedDecision
from notifications.services import email_language, email_queue
from portal.lib.slugs import unique_slug

from .. import documents
from ..models import (
    FORUM_SLUG_MAX_LENGTH,
    Comment,
    Consultation,
    Document,
    Forum,
    ModerationLog,
    OutcomeLink,
    Section,
)
from .common import consultation_url, moderation_log

# Forum addresses that would collide with the app's fixed URLs (forums/urls.py).
RESERVED_SLUGS = frozenset({"manage", "consultation", "comment", "section"})

# Forums


@transaction.atomic
def forum_create(*, form: ModelForm[Forum]) -> Forum:
    """Save a valid ForumForm as a new forum whose address part is made from its Finnish title
    ("syysfoorumi", "syysfoorumi-2", ...), as the registry's and meeting places' are."""
    forum = form.save(commit=False)
    forum.slug = unique_slug(
        Forum,
        forum.title_fi,
        fallback="forum",
        reserved=RESERVED_SLUGS,
        max_length=FORUM_SLUG_MAX_LENGTH,
    )
    forum.save()
    form.save_m2m()
    return forum


# Draft documents


@transaction.atomic
def document_add(
    *,
    consultation: Consultation,
    section: Section | None,
    title: str,
    checked: CheckedFile,
    actor: User,
) -> Document:
    """Store a checked upload (forums.documents.check_upload) as the draft document of the
    consultation or of one of its sections. The file is removed again if the row is not
    saved."""
    if section is not None and section.consultation_id != consultation.pk:
        raise ValidationError("section of another consultation")
    stored = documents.store(checked)
    try:
        document = Document.objects.create(
            consultation=consultation,
            section=section,
            title=title[:200],
            kind=checked.kind,
            original_name=checked.name,
            stored_name=stored,
            size=len(checked.data),
            untagged_pdf=checked.untagged_pdf,
            uploaded_by=actor,
        )
        moderation_log(consultation, ModerationLog.Action.DOCUMENT, actor=actor, reason=title)
    except Exception:
        documents.stored_path(stored).unlink(missing_ok=True)
        raise
    return document


@transaction.atomic
def document_delete(*, document: Document, actor: User) -> None:
    stored = document.stored_name
    moderation_log(
        document.consultation, ModerationLog.Action.DOCUMENT, actor=actor, reason=document.title
    )
    document.delete()
    transaction.on_commit(lambda: documents.stored_path(stored).unlink(missing_ok=True))


# Closing: "you said, we did"


@dataclass(frozen=True)
class LinkData:
    title: str
    url: str


def participant_addresses(consultation: Consultation) -> list[tuple[str, User | None]]:
    """(address, account or None) of everyone who commented, each address once: account
    holders (also those who commented anonymously) and offline participants who left an
    e-mail address."""
    seen: set[str] = set()
    result: list[tuple[str, User | None]] = []
    comments = (
        Comment.objects.filter(consultation=consultation)
        .filter(Q(author__isnull=False) | ~Q(offline_email=""))
        .select_related("author")
        .order_by("created_at", "pk")
    )
    for comment in comments:
        user = comment.author
        address = (user.email if user is not None else comment.offline_email).strip()
        if not address or address.lower() in seen:
            continue
        seen.add(address.lower())
        result.append((address, user))
    return result


@transaction.atomic
def consultation_close(
    *,
    consultation: Consultation,
    actor: User,
    summary: dict[str, str],
    links: list[LinkData],
    decisions: Sequence[PublishedDecision] = (),
) -> int:
    """Close the consultation, publish the summary and its links (`decisions`: published
    decisions of the area's bodies, bodies.decisions.PublishedDecision, checked by the form),
    and tell every participant once. Returns how many e-mails were queued (0 when they were
    told already)."""
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    now = timezone.now()
    if consultation.closed_at is None:
        consultation.closed_at = now
    for code, text in summary.items():
        setattr(consultation, f"summary_{code}", text)
    consultation.summary_published_at = consultation.summary_published_at or now
    consultation.save()
    OutcomeLink.objects.filter(consultation=consultation).delete()
    OutcomeLink.objects.bulk_create(
        [
            OutcomeLink(
                consultation=consultation, decision_id=d.item_id, title=d.label, order=index
            )
            for index, d in enumerate(decisions)
        ]
        + [
            OutcomeLink(
                consultation=consultation,
                title=link.title,
                url=link.url,
                order=len(decisions) + index,
            )
            for index, link in enumerate(links)
        ]
    )
    moderation_log(consultation, ModerationLog.Action.CLOSE, actor=actor)
    claimed = Consultation.objects.filter(
        pk=consultation.pk, participants_notified_at__isnull=True
    ).update(participants_notified_at=now)
    if not claimed:
        return 0
    sent = 0
    for address, user in participant_addresses(consultation):
        language = (
            email_language(user=user) if user is not None else email_language(address=address)
        )
        with translation.override(language):
            context = {
                "consultation_title": consultation.title,
                "forum_title": consultation.forum.title,
                "url": consultation_url(consultation, language),
            }
        email_queue(
            to=address,
            template="forums/email/summary_published",
            context=context,
            language=language,
        )
        sent += 1
    return sent


def consultation_links_by_decision(item_ids: Collection[int]) -> dict[int, list[DecisionLink]]:
    """The public consultations whose published summary links to each of the bodies' agenda
    items, oldest summary first (one query): what the minutes show under a decision. Registered
    with bodies.decisions from ForumsConfig.ready()."""
    links = (
        OutcomeLink.objects.filter(
            decision_id__in=item_ids,
            consultation__is_published=True,
            consultation__forum__is_published=True,
            consultation__summary_published_at__isnull=False,
        )
        .select_related("consultation")
        .order_by("consultation__summary_published_at", "pk")
    )
    found: dict[int, list[DecisionLink]] = {}
    for link in links:
        assert link.decision_id is not None  # filtered on decision_id__in
        found.setdefault(link.decision_id, []).append(
            DecisionLink(
                title=link.consultation.title,
                url=reverse("forums:consultation", args=[link.consultation.pk]),
            )
        )
    return found
