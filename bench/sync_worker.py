"""The Celery app of bench/reminders.py --sync-commit: the portal's app, with the reminder
batches' `SET synchronous_commit TO off` left out (signups/reminders.py point 3), so every claim
and mark waits for the WAL flush. Only for measuring; the worker's processes fork after this."""

from __future__ import annotations

from celery.signals import worker_init

from portal.celery import app

__all__ = ["app"]


@worker_init.connect
def _synchronous_commit_on(**kwargs) -> None:
    import django

    django.setup()
    from signups import reminders

    reminders._durable = lambda on: None
    print("bench worker: the batches commit with synchronous_commit on", flush=True)
