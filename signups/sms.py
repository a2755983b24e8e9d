"""Text messages behind a small interface: `send(to, text)`.

`settings.SIGNUPS_SMS_BACKEND` names the class (default: the console backend, which logs the
message; tests use the in-memory one). A real provider is a class with the same `send` that
raises SmsError (or OSError) on failure; plug it in by the setting. Messages are queued in the
outbox (notifications.services.email_queue, channel sms) and reminders in their rows, never
sent from a page.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

outbox: list[tuple[str, str]] = []  # LocmemSmsBackend's messages (tests)


class SmsError(Exception):
    """A text message the provider did not take (a backend raises it, or OSError)."""


class BaseSmsBackend:
    def send(self, to: str, text: str) -> None:
        raise NotImplementedError


class ConsoleSmsBackend(BaseSmsBackend):
    def send(self, to: str, text: str) -> None:
        print(f"SMS to {to}: {text}")


class LocmemSmsBackend(BaseSmsBackend):
    def send(self, to: str, text: str) -> None:
        outbox.append((to, text))


def get_sms_backend() -> BaseSmsBackend:
    path = getattr(settings, "SIGNUPS_SMS_BACKEND", "") or "signups.sms.ConsoleSmsBackend"
    return import_string(path)()
