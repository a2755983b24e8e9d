"""Moderation: telling the moderators, hiding, restoring and approving comments, and the welfare
area's official replies. Every step writes a ModerationLog row."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import User
from notifications.services import absolute_url, email_language, email_queue

from ..models import Comment, CommentStatus, Consultation, ModerationLog, Report
from .common import consultation_url, moderation_log

MODERATORS_NOTIFY_EVERY = timedelta(hours=1)


def moderator_recipients(consultation: Consultation) -> list:
    """The area's coordinators and the consultation's named moderators, each account once."""
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
            "url": consultation_url(comment.consultation, language),
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
    moderation_log(comment.consultation, action, actor=actor, comment=comment, reason=reason)


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
    moderation_log(comment.consultation, ModerationLog.Action.APPROVE, actor=actor, comment=comment)
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
    moderation_log(
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
            "url": consultation_url(comment.consultation, language) + f"#comment-{comment.pk}",
        }
    email_queue(
        to=address, template="forums/email/official_reply", context=context, language=language
    )
    return comment
