"""Celery wrappers around attendance's services."""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task
def attendance_daily() -> dict[str, int]:
    return services.attendance_daily()
