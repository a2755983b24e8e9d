"""The forum's writes: comments, agreements, reports, moderation, offline feedback, closing.

Every function runs in one transaction; e-mails are queued in it (notifications.services) and
sent after the commit. Every moderation step writes a ModerationLog row.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.forms import ModelForm
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from bodies.attachments import CheckedFile
from bodies.decisions import DecisionLink, PublishedDecision
from notifications.services import absolute_url, email_language, email_queue
from portal.lib.slugs import unique_slug

from . import documents
from .models import (
    FORUM_SLUG_MAX_LENGTH,
    Agreement,
    Channel,
    Comment,
    CommentStatus,
    Consultation,
    Document,
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


def _log(
    consultation: Consultation,
    action: str,
    *,
    actor: User | None = None,
    comment: Comment | None = None,
    reason: str = "",
) -> None:
    ModerationLog.objects.create(
        consultation=consultation, comment=comment, actor=actor, action=action, reason=reason[:300]
    )


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


# Comments


@transaction.atomic
def comment_create(
    *,
    consultation: Consultation,
    section: Section,
    author: User,
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
    comment = Comment.objects.create(
        consultation=consultation,
        section=section,
        parent=parent,
        author=author,
        is_anonymous=is_anonymous,
        body=body,
        status=status,
    )
    if status == CommentStatus.PENDING:
        moderators_notify(consultation=consultation)
    return comment


@transaction.atomic
def offline_comment_create(
    *,
    consultation: Consultation,
    section: Section,
    entered_by: User,
    body: str,
    channel: str,
    name: str = "",
    show_name: bool = False,
    contact: str = "",
    email: str = "",
    received_on: date | None = None,
) -> Comment:
    """Feedback received on paper, by phone or at a meeting (on `received_on`), entered by a
    coordinator. It is accepted after the closing time too (the paper may arrive late); shown
    at once."""
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
        received_on=received_on,
        body=body,
        status=CommentStatus.VISIBLE,
    )
    _log(consultation, ModerationLog.Action.OFFLINE, actor=entered_by, comment=comment)
    return comment


@transaction.atomic
def agreement_toggle(*, comment: Comment, user: User) -> bool:
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
def report_create(*, comment: Comment, user: User, reason: str = "") -> bool:
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
    moderators_notify(consultation=comment.consultation)
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

MODERATORS_NOTIFY_EVERY = timedelta(hours=1)


def moderator_recipients(consultation: Consultation) -> list:
    """The area's coordinators and the consultation's named moderators, each account once."""
    from accounts.models import User

    return list(
        User.objects.filter(is_active=True)
        .exclude(email="")
        .filter(
            Q(coordinator_roles__welfare_area_id=consultation.forum.welfare_area_id)
            | Q(moderated_consultations=consultation)
        )
        .distinct()
        .order_by("pk")
    )


def moderation_counts(consultation: Consultation) -> dict[str, int]:
    """Comments waiting for moderation and comments with open reports (shown or hidden)."""
    return Comment.objects.filter(consultation=consultation).aggregate(
        pending=Count("pk", filter=Q(status=CommentStatus.PENDING), distinct=True),
        reported=Count("pk", filter=Q(reports__resolved=False), distinct=True),
    )


def moderators_notify(*, consultation: Consultation) -> int:
    """E-mail the moderators that comments wait or were reported, at most once an hour per
    consultation: the hour is claimed with a conditional UPDATE on `moderators_notified_at`,
    so two processes (or two web workers) never both send. Returns how many were queued."""
    now = timezone.now()
    claimed = (
        Consultation.objects.filter(pk=consultation.pk)
        .filter(
            Q(moderators_notified_at__isnull=True)
            | Q(moderators_notified_at__lte=now - MODERATORS_NOTIFY_EVERY)
        )
        .update(moderators_notified_at=now)
    )
    if not claimed:
        return 0
    consultation = Consultation.objects.select_related("forum").get(pk=consultation.pk)
    counts = moderation_counts(consultation)
    sent = 0
    for user in moderator_recipients(consultation):
        language = email_language(user=user)
        with translation.override(language):
            context = {
                "consultation_title": consultation.title,
                "pending": counts["pending"],
                "reported": counts["reported"],
                "url": absolute_url(reverse("forums:moderation", kwargs={"pk": consultation.pk})),
            }
        email_queue(
            to=user.email,
            template="forums/email/moderation_waiting",
            context=context,
            language=language,
        )
        sent += 1
    return sent


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


def _moderator_decides(
    comment: Comment,
    status: str,
    *,
    hidden_reason: str,
    hidden_at: datetime | None,
    actor: User,
    action: str,
    reason: str,
) -> None:
    """A moderator hides or shows the comment: reports so far are resolved and no longer hide
    it, and the decision is logged."""
    comment.status = status
    comment.hidden_by_reports = False
    comment.hidden_reason = hidden_reason
    comment.hidden_at = hidden_at
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
    _log(comment.consultation, action, actor=actor, comment=comment, reason=reason)


@transaction.atomic
def comment_hide(*, comment: Comment, actor: User, reason: str) -> Comment:
    comment = (
        Comment.objects.select_for_update(of=("self",))
        .select_related("author", "consultation")
        .get(pk=comment.pk)
    )
    _moderator_decides(
        comment,
        CommentStatus.HIDDEN,
        hidden_reason=reason[:300],
        hidden_at=timezone.now(),
        actor=actor,
        action=ModerationLog.Action.HIDE,
        reason=reason,
    )
    _tell_author_hidden(comment, comment.hidden_reason)
    return comment


@transaction.atomic
def comment_restore(*, comment: Comment, actor: User, reason: str = "") -> Comment:
    """Show the comment again (after reports or a moderator's hiding); reports so far are
    resolved and no longer hide it."""
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    _moderator_decides(
        comment,
        CommentStatus.VISIBLE,
        hidden_reason="",
        hidden_at=None,
        actor=actor,
        action=ModerationLog.Action.RESTORE,
        reason=reason,
    )
    return comment


@transaction.atomic
def comment_approve(*, comment: Comment, actor: User) -> Comment:
    """A pre-moderated comment is shown. Approval is not a decision on reports: three reports
    still hide it (moderator_checked stays as it is)."""
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    comment.status = CommentStatus.VISIBLE
    comment.save(update_fields=["status"])
    _log(comment.consultation, ModerationLog.Action.APPROVE, actor=actor, comment=comment)
    return comment


# Official replies


@transaction.atomic
def comment_official_reply(*, comment: Comment, actor: User, text: str) -> Comment:
    """The welfare area's official reply under a comment (empty text takes it away). The
    commenter (an account's address, or the e-mail left with offline feedback) is told once,
    claimed with a conditional UPDATE on `official_reply_notified_at`."""
    comment = (
        Comment.objects.select_for_update(of=("self",))
        .select_related("author", "consultation__forum__welfare_area")
        .get(pk=comment.pk)
    )
    text = text.strip()
    now = timezone.now()
    comment.official_reply = text
    comment.official_reply_by = actor if text else None
    comment.official_reply_at = now if text else None
    comment.save(update_fields=["official_reply", "official_reply_by", "official_reply_at"])
    _log(
        comment.consultation,
        ModerationLog.Action.OFFICIAL_REPLY,
        actor=actor,
        comment=comment,
        reason=text,
    )
    if not text:
        return comment
    claimed = Comment.objects.filter(pk=comment.pk, official_reply_notified_at__isnull=True).update(
        official_reply_notified_at=now
    )
    if not claimed:
        return comment
    user = comment.author
    address = (user.email if user is not None else comment.offline_email).strip()
    if not address:
        return comment
    language = email_language(user=user) if user is not None else email_language(address=address)
    with translation.override(language):
        context = {
            "consultation_title": comment.consultation.title,
            "area_name": str(comment.consultation.forum.welfare_area),
            "comment_excerpt": comment.body[:300],
            "reply": text,
            "url": _consultation_url(comment.consultation, language) + f"#comment-{comment.pk}",
        }
    email_queue(
        to=address, template="forums/email/official_reply", context=context, language=language
    )
    return comment


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
        _log(consultation, ModerationLog.Action.DOCUMENT, actor=actor, reason=title)
    except Exception:
        documents.stored_path(stored).unlink(missing_ok=True)
        raise
    return document


@transaction.atomic
def document_delete(*, document: Document, actor: User) -> None:
    stored = document.stored_name
    _log(document.consultation, ModerationLog.Action.DOCUMENT, actor=actor, reason=document.title)
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
