"""The one way the portal sends e-mail.

Use it from a service, inside the service's transaction::

    from notifications.services import email_language, email_queue

    language = email_language(user=admin)               # the recipient's stored language
    with translation.override(language):                 # URLs get the recipient's prefix
        context = {"organisation_name": organisation.public_name,
                   "url": absolute_url(reverse("manage:members", kwargs={"slug": slug}))}
    email_queue(to=admin.email, template="organisations/email/access_request",
                context=context, language=language)

- **Language.** `email_language(user=...)` is the account's stored `User.language`. For an
  address without an account (an invitation, an organisation's public address),
  `email_language(address=...)` uses the account of that address if there is one, else the
  language active in the request (the sender's) or `settings.LANGUAGE_CODE` in a background
  job; `email_queue` stores it on the row, so a retry days later writes in the same language.
- **Templates.** `<template>_subject.txt`, `<template>_body.txt` and `<template>_body.html`,
  rendered under `translation.override(language)` with the context plus `SITE_URL` and
  `LANGUAGE_CODE`. The context is JSON: plain strings, numbers and booleans computed by the
  caller (names, absolute URLs, translated labels under the recipient's language), never model
  objects, so that what is sent is what was decided in the transaction. A context key
  `attachments` (a list of {"filename", "content", "mimetype"}, small text files such as a
  sign-up's .ics) is attached to the message.
- **After commit.** `email_queue` creates an `OutgoingEmail` row and enqueues
  `notifications.tasks.send_email(id)`, by name, with `transaction.on_commit` (robust: a broker
  that is down after the commit is logged, not a 500 for a change that is saved). A rolled-back
  transaction leaves neither the row nor a task. (Celery's `delay_on_commit` does the same
  without `robust`.)
- **Text messages** go through the same outbox:
  `email_queue(channel=OutgoingEmail.Channel.SMS, to=phone, template=..., ...)` stores a row
  with `channel = sms` (rendered from `<template>.txt` on one line, sent by the class in
  `settings.SIGNUPS_SMS_BACKEND`), enqueued after commit, claimed, retried and swept exactly
  as an e-mail: nothing goes into the broker without its row.
- **Exactly one send per row.** The task claims the row with a conditional UPDATE
  (`sent_at IS NULL` → now): a retried, duplicated or re-queued task finds it claimed and sends
  nothing. A failed send releases the claim (`sent_at` back to NULL, `last_error` kept) and sets
  `retry_at` 1, 5, 30 and then 120 minutes ahead; every 10 minutes `send_pending_emails`
  re-queues rows still unsent 10 minutes after they were queued (a broker outage at commit, a
  lost task) or whose `retry_at` has come, up to `MAX_ATTEMPTS` claims. No task waits in the
  broker with a countdown: Redis delivers a task again when it is not acknowledged within the
  visibility timeout (1 hour), and a countdown longer than that is delivered twice.
- **A crash between claim and send** (the worker killed while the SMTP server is answering)
  leaves the row claimed, and it is not sent again: the server may have accepted the message,
  and a duplicate invitation or reminder is worse than a rare lost one. Such a row has
  `attempts` ≥ 1, `sent_at` set and no way to tell it from a success but the mail server's log;
  the admin lists every row.
- **Addresses not kept.** `forget_recipient=True` (an address a person typed once for this
  message only) empties `to` as soon as the message is sent; a message that never goes out
  is emptied by its sender's own retention job (guidance.services.requests_erase).
- **Once-a-period sends** (the yearly freshness reminder, the sign-up reminders to come) keep
  their own claim on their source row (`Organisation.freshness_reminder_sent_at`): the job
  claims the period with a conditional UPDATE and queues the e-mails in the same transaction.
- **allauth's own e-mails** (address confirmation, password reset, codes) are not queued:
  the person is waiting for them on the page, and allauth rate-limits and retries them from
  the page. `accounts.adapter.AccountAdapter.send_mail` renders them in the recipient's stored
  language and names the portal ("Yhdessä"), not the request's host.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.module_loading import import_string

from portal.lib.tasks import queue_task, queue_task_after_commit

from .models import OutgoingEmail

logger = logging.getLogger(__name__)

# tasks.py wraps this module's functions; this module queues the send task by name and never
# imports tasks.py back (portal/lib/tasks.py; NotificationsConfig.ready() registers the task).
SEND_TASK = "notifications.tasks.send_email"
RETRY_DELAYS = (60, 5 * 60, 30 * 60, 120 * 60)  # seconds before each retry of a failed send
REQUEUE_AFTER = timedelta(minutes=10)
MAX_ATTEMPTS = 8


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _supported(language: str | None) -> str:
    codes = dict(settings.LANGUAGES)
    language = (language or "")[:2]
    return language if language in codes else settings.LANGUAGE_CODE


def email_language(*, user: Any = None, address: str = "") -> str:
    """The language to write to this person in: their account's, else the active one."""
    if user is None and address:
        user = get_user_model().objects.filter(email__iexact=address.strip()).first()
    if user is not None and getattr(user, "language", None):
        return _supported(user.language)
    return _supported(translation.get_language())


def email_queue(
    *,
    to: str,
    template: str,
    context: dict[str, Any],
    language: str,
    forget_recipient: bool = False,
    channel: str = OutgoingEmail.Channel.EMAIL,
) -> OutgoingEmail:
    """Queue one message to one address; it is sent after the current transaction commits.
    An e-mail, or with `channel=OutgoingEmail.Channel.SMS` a text message to a phone number
    (`<template>.txt`): a row of the outbox either way."""
    message = OutgoingEmail.objects.create(
        channel=channel,
        to=to,
        template=template,
        context=context,
        language=_supported(language),
        forget_recipient=forget_recipient,
    )
    queue_task_after_commit(SEND_TASK, message.pk)
    return message


def _render_context(message: OutgoingEmail) -> dict[str, Any]:
    return {"SITE_URL": settings.SITE_URL, "LANGUAGE_CODE": message.language, **message.context}


def sms_render(message: OutgoingEmail) -> str:
    """The text message, rendered in the row's language, on one line."""
    context = _render_context(message)
    with translation.override(message.language):
        return " ".join(render_to_string(f"{message.template}.txt", context).split())


def sms_backend() -> Any:
    """The text message sender: `settings.SIGNUPS_SMS_BACKEND`, a class with send(to, text)."""
    path = getattr(settings, "SIGNUPS_SMS_BACKEND", "") or "signups.sms.ConsoleSmsBackend"
    return import_string(path)()


def email_render(email: OutgoingEmail) -> EmailMultiAlternatives:
    """The message, rendered in the row's language."""
    context = _render_context(email)
    with translation.override(email.language):
        subject = render_to_string(f"{email.template}_subject.txt", context)
        text = render_to_string(f"{email.template}_body.txt", context)
        html = render_to_string(f"{email.template}_body.html", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()), body=text, to=[email.to], from_email=None
    )
    message.attach_alternative(html, "text/html")
    # Small text attachments decided by the caller (e.g. a sign-up's .ics), kept in the context.
    for item in email.context.get("attachments") or []:
        message.attach(item["filename"], item["content"], item["mimetype"])
    return message


def email_send(*, email_id: int) -> bool:
    """Claim the message (an e-mail or a text message) and send it; False when it was sent (or
    claimed) already or is gone.

    Raise the sending error after releasing the claim and setting `retry_at` (the sweeper
    queues it again then).
    """
    now = timezone.now()
    claimed = OutgoingEmail.objects.filter(pk=email_id, sent_at__isnull=True).update(
        sent_at=now, attempts=F("attempts") + 1
    )
    if claimed != 1:
        return False
    email = OutgoingEmail.objects.get(pk=email_id)
    try:
        if email.channel == OutgoingEmail.Channel.SMS:
            sms_backend().send(email.to, sms_render(email))
        else:
            email_render(email).send()
    except Exception as error:
        delay = RETRY_DELAYS[min(email.attempts, len(RETRY_DELAYS)) - 1]
        OutgoingEmail.objects.filter(pk=email_id, sent_at=now).update(
            sent_at=None,
            retry_at=now + timedelta(seconds=delay),
            last_error=f"{type(error).__name__}: {error}"[:2000],
        )
        logger.warning("Message %s (%s) failed: %s", email_id, email.channel, error)
        raise
    if email.forget_recipient:
        OutgoingEmail.objects.filter(pk=email_id).update(to="")
    return True


def emails_requeue_pending() -> int:
    """Queue again the messages still unsent some minutes after they were queued (never queued:
    the broker was down at commit, or the task was lost) or whose retry time has come."""
    now = timezone.now()
    due = Q(retry_at__isnull=True, created_at__lt=now - REQUEUE_AFTER) | Q(retry_at__lte=now)
    ids = list(
        OutgoingEmail.objects.pending()
        .filter(due, attempts__lt=MAX_ATTEMPTS)
        .order_by("created_at")
        .values_list("pk", flat=True)[:500]
    )
    for pk in ids:
        queue_task(SEND_TASK, pk)
    return len(ids)
