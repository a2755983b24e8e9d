"""Background jobs of e-mail: one-line wrappers around notifications.services."""

from __future__ import annotations

from celery import shared_task

from .services import RETRY_DELAYS, email_send, emails_requeue_pending


@shared_task(bind=True, max_retries=len(RETRY_DELAYS), ignore_result=True)
def send_email(self, email_id: int) -> None:
    try:
        email_send(email_id=email_id)
    except Exception as error:
        # The claim was released: try again later (the sweeper catches what this misses).
        delay = RETRY_DELAYS[min(self.request.retries, len(RETRY_DELAYS) - 1)]
        raise self.retry(exc=error, countdown=delay) from error


@shared_task(ignore_result=True)
def send_pending_emails() -> int:
    return emails_requeue_pending()
