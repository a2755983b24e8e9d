"""Background jobs of meeting places and activities: one-line wrappers around services."""

from celery import shared_task

from .services import occurrences_extend_all


@shared_task
def extend_occurrences() -> int:
    return occurrences_extend_all()
