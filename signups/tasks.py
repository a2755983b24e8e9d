"""Background jobs of sign-ups: one-line wrappers around reminders.py and services.py.

No ETA or countdown: reminders wait in PostgreSQL; beat's sweep queues what is due."""

from __future__ import annotations

from celery import shared_task

from .reminders import reminders_send_batch, reminders_sweep
from .retention import signups_erase_old
from .sms import get_sms_backend


@shared_task(ignore_result=True, acks_late=True)
def sweep_reminders() -> int:
    return reminders_sweep()


# Well under the broker's visibility timeout (1 h); a batch of 200 takes seconds.
@shared_task(ignore_result=True, acks_late=True, time_limit=600, soft_time_limit=540)
def send_reminder_batch(ids: list[int]) -> dict:
    return reminders_send_batch(ids)


@shared_task(ignore_result=True)
def erase_old_signups() -> int:
    return signups_erase_old()


# Only for text messages queued before the outbox took them (notifications.services.email_queue):
# a task of this name still in the broker at the upgrade is sent, not rejected. Nothing queues it.
@shared_task(ignore_result=True)
def send_sms(to: str, text: str) -> None:
    get_sms_backend().send(to, text)


@shared_task(ignore_result=True)
def send_organiser_summaries() -> int:
    from .notices import notices_send_summaries

    return notices_send_summaries()
