"""Helpers of the tests with real workers: due reminders on the real clock, an SMTP sink."""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter
from email import message_from_bytes

from django.utils import timezone

from signups import services
from signups.models import Reminder
from tests.signups.conftest import make_activity, next_occurrence


def due_reminders(count: int) -> list[int]:
    """`count` confirmed sign-ups to a one-off group three days ahead, each with one reminder
    due a minute ago (the other kinds deleted)."""
    today = timezone.localdate()
    activity = make_activity(capacity=None, recurrence="", start_date=today + dt.timedelta(days=3))
    occurrence = next_occurrence(activity)
    for i in range(count):
        (signup,) = services.signup_create(
            occurrence=occurrence, name=f"Osallistuja {i}", email=f"w{i}@example.com"
        )
        services.signup_confirm(signup)
    Reminder.objects.exclude(kind="m120").delete()
    Reminder.objects.update(due_at=timezone.now() - dt.timedelta(minutes=1))
    return list(Reminder.objects.values_list("pk", flat=True))


class SinkHandler:
    """aiosmtpd handler: counts accepted messages by Message-ID. With `hold_at`, the hold_at-th
    message is held before the server answers (the test kills the sender meanwhile) and then
    refused, so it counts as not accepted."""

    def __init__(self, hold_at: int | None = None):
        self.accepted: Counter = Counter()
        self.hold_at = hold_at
        self.seen = 0
        self.holding = threading.Event()
        self.release = threading.Event()
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        import asyncio

        with self.lock:
            self.seen += 1
            hold = self.seen == self.hold_at
        if hold:
            self.holding.set()
            await asyncio.get_running_loop().run_in_executor(None, self.release.wait, 30)
            return "451 4.3.0 Sender went away"
        message = message_from_bytes(envelope.content)
        with self.lock:
            self.accepted[message["Message-ID"]] += 1
        return "250 OK"
