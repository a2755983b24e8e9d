"""The forum's writes: comments, agreements, reports, moderation, offline feedback, closing.

Every function runs in one transaction; e-mails are queued in it (notifications.services) and
sent after the commit. Every moderation step writes a ModerationLog row.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from notifications.services import absolute_url, email_language, email_queue
from portal.lib.slugs import unique_slug

from .models import (
    Agreement,
    Channel,
    Comment,
    CommentStatus,
    Consultation,
    Forum,
    ModerationLog,
    OutcomeLink,
    Report,
    Section,
)

REPORTS_TO_HIDE = 3
# Forum addresses that would collide with the app's fixed URLs (forums/urls.py).
RESERVED_SLUGS = frozenset({"manage", "consultation", "comment", "section"})


class ConsultationClosed(ValidationError):
    """The consultation does not take comments now."""


class AgreementRefused(ValidationError):
    """The consultation is closed, or the person wrote the comment themselves."""


def _consultation_url(consultation: Consultation, language: str) -> str:
    with translation.override(language):
        return absolute_url(reverse("forums:consultation", kwargs={"pk": consultation.pk}))


def _log(consultation, action, *, actor=None, comment=None, reason="") -> None:
    ModerationLog.objects.create(
        consultation=consultation, comment=comment, actor=actor, action=action, reason=reason[:300]
    )


# Forums


@transaction.atomic
def forum_create(*, form) -> Forum:
    """Save a valid ForumForm as a new forum whose address part is made from its Finnish title
    ("syysfoorumi", "syysfoorumi-2", ...), as the registry's and meeting places' are."""
    forum = form.save(commit=False)
    forum.slug = unique_slug(
        Forum,
        forum.title_fi,
        fallback="forum",
        reserved=RESERVED_SLUGS,
        max_length=Forum._meta.get_field("slug").max_length,
    )
    forum.save()
    form.save_m2m()
    return forum


# Comments


@transaction.atomic
def comment_create(
    *,
    consultation: Consultation,
    section: Section,
    author,
    body: str,
    is_anonymous: bool = False,
    parent: Comment | None = None,
) -> Comment:
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if not consultation.is_open:
        raise ConsultationClosed(_("This consultation is not open for comments."))
    if section.consultation_id != consultation.pk:
        raise ValidationError("section of another consultation")
    if parent is not None:
        if parent.consultation_id != consultation.pk:
            raise ValidationError("reply to another consultation")
        parent = parent.parent or parent  # one level of threads
        section = parent.section
    status = CommentStatus.PENDING if consultation.pre_moderation else CommentStatus.VISIBLE
    return Comment.objects.create(
        consultation=consultation,
        section=section,
        parent=parent,
        author=author,
        is_anonymous=is_anonymous,
        body=body,
        status=status,
    )


@transaction.atomic
def offline_comment_create(
    *,
    consultation: Consultation,
    section: Section,
    entered_by,
    body: str,
    channel: str,
    name: str = "",
    show_name: bool = False,
    contact: str = "",
    email: str = "",
) -> Comment:
    """Feedback received on paper, by phone or at a meeting, entered by a coordinator. It is
    accepted after the closing time too (the paper may arrive late); shown at once."""
    if section.consultation_id != consultation.pk:
        raise ValidationError("section of another consultation")
    if channel == Channel.ONLINE:
        raise ValidationError("offline feedback needs an offline channel")
    comment = Comment.objects.create(
        consultation=consultation,
        section=section,
        author=None,
        entered_by=entered_by,
        channel=channel,
        offline_name=name,
        offline_name_public=bool(name) and show_name,
        offline_contact=contact,
        offline_email=email,
        body=body,
        status=CommentStatus.VISIBLE,
    )
    _log(consultation, ModerationLog.Action.OFFLINE, actor=entered_by, comment=comment)
    return comment


@transaction.atomic
def agreement_toggle(*, comment: Comment, user) -> bool:
    """Agree, or take the agreement back; True when the user now agrees. Only while the
    consultation is open, and never with one's own comment (AgreementRefused)."""
    consultation = Consultation.objects.get(pk=comment.consultation_id)
    if not consultation.is_open:
        raise AgreementRefused(_("This consultation is closed; agreements can no longer change."))
    if comment.author_id is not None and comment.author_id == user.pk:
        raise AgreementRefused(_("You cannot agree with your own comment."))
    deleted, _rows = Agreement.objects.filter(comment=comment, user=user).delete()
    if deleted:
        return False
    try:
        with transaction.atomic():
            Agreement.objects.create(comment=comment, user=user)
    except IntegrityError:  # a double click's twin got there first
        pass
    return True


@transaction.atomic
def report_create(*, comment: Comment, user, reason: str = "") -> bool:
    """Report a comment once; three distinct unresolved reports hide it until a moderator
    decides, also a comment a moderator approved before it was shown (approval in
    pre-moderation checks the comment, not later reports). Once a moderator has decided on
    reports (restore), reports no longer hide it on their own. False when the user had
    reported it already."""
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    try:
        with transaction.atomic():
            Report.objects.create(comment=comment, user=user, reason=reason[:300])
    except IntegrityError:
        return False
    _log(
        comment.consultation,
        ModerationLog.Action.REPORT,
        actor=user,
        comment=comment,
        reason=reason,
    )
    open_reports = Report.objects.filter(comment=comment, resolved=False).count()
    if (
        open_reports >= REPORTS_TO_HIDE
        and comment.status == CommentStatus.VISIBLE
        and not comment.moderator_checked
    ):
        comment.status = CommentStatus.HIDDEN
        comment.hidden_by_reports = True
        comment.hidden_reason = ""
        comment.hidden_at = timezone.now()
        comment.save(update_fields=["status", "hidden_by_reports", "hidden_reason", "hidden_at"])
        _log(comment.consultation, ModerationLog.Action.AUTO_HIDE, comment=comment)
    return True


# Moderation


def _tell_author_hidden(comment: Comment, reason: str) -> None:
    author = comment.author
    if author is None or not author.email:
        return
    language = email_language(user=author)
    with translation.override(language):
        context = {
            "consultation_title": comment.consultation.title,
            "reason": reason,
            "comment_excerpt": comment.body[:300],
            "url": _consultation_url(comment.consultation, language),
        }
    email_queue(
        to=author.email, template="forums/email/comment_hidden", context=context, language=language
    )


@transaction.atomic
def comment_hide(*, comment: Comment, actor, reason: str) -> Comment:
    comment = (
        Comment.objects.select_for_update(of=("self",))
        .select_related("author", "consultation")
        .get(pk=comment.pk)
    )
    comment.status = CommentStatus.HIDDEN
    comment.hidden_by_reports = False
    comment.hidden_reason = reason[:300]
    comment.hidden_at = timezone.now()
    comment.moderator_checked = True
    comment.save(
        update_fields=[
            "status",
            "hidden_by_reports",
            "hidden_reason",
            "hidden_at",
            "moderator_checked",
        ]
    )
    Report.objects.filter(comment=comment, resolved=False).update(resolved=True)
    _log(
        comment.consultation, ModerationLog.Action.HIDE, actor=actor, comment=comment, reason=reason
    )
    _tell_author_hidden(comment, comment.hidden_reason)
    return comment


@transaction.atomic
def comment_restore(*, comment: Comment, actor, reason: str = "") -> Comment:
    """Show the comment again (after reports or a moderator's hiding); reports so far are
    resolved and no longer hide it."""
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    comment.status = CommentStatus.VISIBLE
    comment.hidden_by_reports = False
    comment.hidden_reason = ""
    comment.hidden_at = None
    comment.moderator_checked = True
    comment.save(
        update_fields=[
            "status",
            "hidden_by_reports",
            "hidden_reason",
            "hidden_at",
            "moderator_checked",
        ]
    )
    Report.objects.filter(comment=comment, resolved=False).update(resolved=True)
    _log(
        comment.consultation,
        ModerationLog.Action.RESTORE,
        actor=actor,
        comment=comment,
        reason=reason,
    )
    return comment


@transaction.atomic
def comment_approve(*, comment: Comment, actor) -> Comment:
    """A pre-moderated comment is shown. Approval is not a decision on reports: three reports
    still hide it (moderator_checked stays as it is)."""
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    comment.status = CommentStatus.VISIBLE
    comment.save(update_fields=["status"])
    _log(comment.consultation, ModerationLog.Action.APPROVE, actor=actor, comment=comment)
    return comment


# Closing: "you said, we did"


@dataclass(frozen=True)
class LinkData:
    title: str
    url: str


def participant_addresses(consultation: Consultation) -> list[tuple[str, object | None]]:
    """(address, account or None) of everyone who commented, each address once: account
    holders (also those who commented anonymously) and offline participants who left an
    e-mail address."""
    seen: set[str] = set()
    result: list[tuple[str, object | None]] = []
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
    actor,
    summary: dict[str, str],
    links: list[LinkData],
    decisions=(),
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
    _log(consultation, ModerationLog.Action.CLOSE, actor=actor)
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
                "url": _consultation_url(consultation, language),
            }
        email_queue(
            to=address,
            template="forums/email/summary_published",
            context=context,
            language=language,
        )
        sent += 1
    return sent
