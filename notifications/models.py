"""One row per e-mail to one address: what to render, in which language, and whether it went."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutgoingEmailQuerySet(models.QuerySet["OutgoingEmail"]):
    def pending(self) -> OutgoingEmailQuerySet:
        return self.filter(sent_at__isnull=True)


class OutgoingEmail(models.Model):
    """An e-mail queued by a service inside its transaction and sent by a Celery task.

    `sent_at` is the claim: the task sets it with a conditional UPDATE before it sends, so a
    retried or duplicated task never sends twice; a failed send clears it again for a retry.
    """

    to = models.EmailField(max_length=254)
    # Renders <template>_subject.txt, <template>_body.txt and <template>_body.html.
    template = models.CharField(max_length=200)
    # Plain JSON values, computed in the recipient's language (addresses with its prefix).
    context = models.JSONField(default=dict, blank=True)
    language = models.CharField(max_length=8)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)

    objects = OutgoingEmailQuerySet.as_manager()

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        ordering = ["-created_at"]
        indexes = [
            # The sweeper's query: the few unsent e-mails, oldest first.
            models.Index(
                fields=["created_at"],
                name="outgoing_email_pending",
                condition=Q(sent_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.template} → {self.to}"
