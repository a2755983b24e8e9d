"""Guidance's background work: one-line wrappers around guidance.services."""

from __future__ import annotations

from celery import shared_task

from .services import requests_erase, shared_lists_delete_expired


@shared_task(ignore_result=True)
def erase() -> dict:
    return {"requests": requests_erase(), "shared_lists": shared_lists_delete_expired()}
