"""Background jobs of the outbox (e-mail and text messages): one-line wrappers around
notifications.services.

No countdown retries: a failed send sets the row's `retry_at`, and `send_pending_emails` (beat,
every 10 minutes) queues it again then. A task waiting in Redis with a countdown longer than
the visibility timeout is delivered twice (tests/test_task_delays.py)."""

from __future__ import annotations

import contextlib

from celery import shared_task

from .services import email_send, emails_requeue_pending


@shared_task(ignore_result=True)
def send_email(email_id: int) -> None:
    # A failure is logged by email_send, and the row's retry_at says when it goes again.
    with contextlib.suppress(Exception):
        email_send(email_id=email_id)


@shared_task(ignore_result=True)
def send_pending_emails() -> int:
    return emails_requeue_pending()
