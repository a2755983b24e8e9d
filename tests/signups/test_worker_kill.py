"""A worker killed (SIGKILL) in the middle of a batch, and started again, loses no reminder and
doubles none: a Celery worker in a subprocess sends through a local SMTP sink (aiosmtpd), which
holds one message unanswered while the test kills the worker."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.db import connection

from signups.models import Reminder
from signups.reminders import reminders_sweep
from tests.processes import process_env
from tests.signups.workers import SinkHandler, due_reminders
from tests.threads import wait_until

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.real_time,
    pytest.mark.usefixtures("reference_data"),
]

RECLAIM_SECONDS = 3
COUNT = 30


@pytest.fixture
def broker():
    """This process queues to the real broker (no eager tasks), which starts empty."""
    from portal.celery import app

    if settings.REDIS_URL:  # else the file-system broker, shared through the data folder
        import redis

        queue = app.conf.task_default_queue
        redis.Redis.from_url(settings.REDIS_URL).delete(queue, "unacked", "unacked_index")
    yield app
    app.conf.task_always_eager = True


@pytest.fixture
def sink():
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    handler = SinkHandler(hold_at=10)
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    yield handler, port
    handler.release.set()
    controller.stop()


def start_worker(port: int) -> subprocess.Popen:
    # The test database and this test process's broker (tests/processes.py).
    env = process_env(
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(port),
        SIGNUPS_RECLAIM_AFTER_SECONDS=str(RECLAIM_SECONDS),
    )
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "portal", "worker", "--pool=solo",
         "--loglevel=WARNING", "--without-heartbeat", "--without-mingle", "--without-gossip"],
        env=env,
        start_new_session=True,
    )  # fmt: skip


def stop(worker: subprocess.Popen, sig=signal.SIGTERM) -> None:
    if worker.poll() is None:
        os.killpg(worker.pid, sig)
        worker.wait(timeout=30)


def test_worker_killed_mid_batch_loses_none_and_doubles_none(broker, sink, settings):
    settings.SIGNUPS_RECLAIM_AFTER_SECONDS = RECLAIM_SECONDS
    handler, port = sink
    due_reminders(COUNT)  # its confirmation e-mails go to the test outbox (eager tasks)
    broker.conf.task_always_eager = False
    connection.close()

    worker = start_worker(port)
    try:
        assert reminders_sweep() == COUNT  # one batch
        assert handler.holding.wait(90), "the worker never reached the 10th message"
        stop(worker, signal.SIGKILL)  # mid-batch, before the server answered the 10th
        handler.release.set()
        assert sum(handler.accepted.values()) == 9
        # The chunk being sent stays claimed; the rest of the batch is pending.
        assert Reminder.objects.filter(status="sent").count() == 9
        assert Reminder.objects.filter(status="sending").exists()

        worker = start_worker(port)
        time.sleep(RECLAIM_SECONDS + 0.5)
        assert reminders_sweep() == COUNT - 9  # the pending ones and the stale claim
        assert wait_until(lambda: Reminder.objects.filter(status="sent").count() == COUNT, 90)
        time.sleep(1)
    finally:
        stop(worker)
    assert len(handler.accepted) == COUNT  # none lost
    assert set(handler.accepted.values()) == {1}  # none doubled
