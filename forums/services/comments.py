"""A participant's writes: comments (also offline feedback a coordinator enters), agreements
and reports (three hide a comment until a moderator decides)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User

from ..models import (
    Agreement,
    Channel,
    Comment,
    CommentStatus,
    Consultation,
    ModerationLog,
    Report,
    Section,
)
from .common import moderation_log
from .moderation import moderators_notify

REPORTS_TO_HIDE = 3


class ConsultationClosed(ValidationError):
    """The consultation does not take comments now."""


class AgreementRefused(ValidationError):
    """The consultation is closed, or the person wrote the comment themselves."""


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
    moderation_log(consultation, ModerationLog.Action.OFFLINE, actor=entered_by, comment=comment)
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
    moderation_log(
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
        moderation_log(comment.consultation, ModerationLog.Action.AUTO_HIDE, comment=comment)
    return True
