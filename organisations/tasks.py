"""Background jobs of the registry: one-line wrappers around services."""

from celery import shared_task

from .services.freshness import organisations_send_freshness_reminders


@shared_task
def send_freshness_reminders() -> int:
    return organisations_send_freshness_reminders()
