"""The reminder sweep through a real Celery worker and broker: run twice, each reminder's e-mail
is sent once (the worker has its own database connection, so the rows are committed)."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.core import mail
from django.core.cache import cache
from django.utils import timezone

from bodies.models import ActionReminder
from bodies.tasks import send_action_reminders
from notifications.models import OutgoingEmail
from notifications.services import email_render
from portal.tasks import HEARTBEAT_KEY, worker_heartbeat
from tests.bodies.conftest import build_world
from tests.threads import wait_until

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world(transactional_db, tmp_path, settings):
    from areas.loader import load_reference_data
    from areas.models import Municipality, WelfareArea
    from taxonomy.loader import load_taxonomy
    from taxonomy.models import Network, Term

    if not WelfareArea.objects.exists():
        load_reference_data(WelfareArea, Municipality)
    if not Term.objects.exists():
        load_taxonomy(Term, Network, WelfareArea)
    settings.BODIES_ATTACHMENT_ROOT = tmp_path / "attachments"
    return build_world(settings.BODIES_ATTACHMENT_ROOT)


def test_the_worker_sends_each_reminder_once(world, celery_worker):
    world.action.due_date = timezone.localdate() + timedelta(days=2)
    world.action.save()
    world.draft_action.due_date = timezone.localdate() - timedelta(days=2)
    world.draft_action.save()

    def reminders_sent():
        # The reminders only: the world's approval also told the owners of their new actions.
        rows = OutgoingEmail.objects.filter(template="bodies/email/action_reminder")
        subjects = {email_render(row).subject for row in rows}
        return sorted(m.to[0] for m in mail.outbox if m.subject in subjects)

    send_action_reminders.delay()
    assert wait_until(lambda: len(reminders_sent()) == 2, 30)
    send_action_reminders.delay()  # the next day's beat, or a duplicate run
    send_action_reminders.delay()
    # The solo worker takes tasks in turn: once the heartbeat queued after them has run, so
    # have the two sweeps (and any e-mail task they queued).
    cache.delete(HEARTBEAT_KEY)
    worker_heartbeat.delay()
    assert wait_until(lambda: cache.get(HEARTBEAT_KEY) is not None, 30)
    time.sleep(0.5)
    assert reminders_sent() == ["info@testiyhdistys.example", "member@example.com"]
    assert ActionReminder.objects.count() == 2
