"""What every forum write shares: the consultation's address in e-mails and the moderation log."""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation

from accounts.models import User
from notifications.services import absolute_url

from ..models import Comment, Consultation, ModerationLog


def consultation_url(consultation: Consultation, language: str) -> str:
    with translation.override(language):
        return absolute_url(reverse("forums:consultation", kwargs={"pk": consultation.pk}))


def moderation_log(
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
