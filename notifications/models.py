"""One row per message to one address: what to render, in which language, and whether it went.

One outbox for every channel: an e-mail, or a text message (`channel = sms`, `to` a phone
number), queued, claimed and swept the same way (notifications/services.py)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class OutgoingEmailQuerySet(models.QuerySet["OutgoingEmail"]):
    def pending(self) -> OutgoingEmailQuerySet:
        return self.filter(sent_at__isnull=True)


class OutgoingEmail(models.Model):
    """A message (an e-mail or a text message) queued by a service inside its transaction and
    sent by a Celery task.

    `sent_at` is the claim: the task sets it with a conditional UPDATE before it sends, so a
    retried or duplicated task never sends twice; a failed send clears it again and sets
    `retry_at`, when the sweeper queues it again.
    """

    class Channel(models.TextChoices):
        EMAIL = "email", pgettext_lazy("channel", "e-mail")
        SMS = "sms", pgettext_lazy("channel", "text message")

    channel = models.CharField(max_length=5, choices=Channel.choices, default=Channel.EMAIL)
    # An e-mail address, or a phone number (channel sms).
    to = models.CharField(max_length=254)
    # E-mail: renders <template>_subject.txt, <template>_body.txt and <template>_body.html;
    # a text message: <template>.txt, on one line.
    template = models.CharField(max_length=200)
    # Plain JSON values, computed in the recipient's language (addresses with its prefix).
    context = models.JSONField(default=dict, blank=True)
    language = models.CharField(max_length=8)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    # After a failed send: not queued again before this (the sweeper's backoff; no countdown).
    retry_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    # An address typed once and not kept (guidance's shortlists): `to` is emptied as soon as the
    # message is sent (services.email_send), and by the sender's own erase job if it never is.
    forget_recipient = models.BooleanField(default=False)

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
            # The daily erase of sign-ups' messages (signups.retention.signup_messages_to_erase).
            models.Index(
                fields=["created_at"],
                name="outgoing_signups_created",
                condition=Q(template__startswith="signups/"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.template} → {self.to}"
