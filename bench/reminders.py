"""Benchmark: N due sign-up reminders sent through a local SMTP sink by a real Celery worker,
optionally with the worker killed (SIGKILL, whole process group) part-way and started again.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/yh_signups \\
    REDIS_URL=redis://127.0.0.1:6379/13 \\
        uv run python bench/reminders.py --count 50000 --kill-at 0.4

- Data: one organisation, one one-off activity three days ahead, `count` confirmed sign-ups
  with one reminder each ("2 hours before", made due a minute ago), bulk-inserted; removed at
  the end. The database named by DATABASE_URL must be migrated.
- Sink: aiosmtpd in its own process, writing each accepted message's Message-ID to a file;
  duplicates = lines - distinct ids, lost = count - distinct ids.
- Worker: `celery -A portal worker --pool prefork --concurrency 2` (as docker-compose), pointed
  at the sink; the broker's queue is emptied first. The sweep runs in this process (as beat
  would); after a kill, the worker is started again and, after the reclaim delay, the sweep
  runs once more (what the next beat tick does).
- Rate: count / seconds from the first sweep to the last row marked sent (kill and restart
  included), and the rate before the kill.
- Physical reference, measured in the same run before the worker starts: the same `count`
  messages (the same rows, loaded into memory first, not timed) rendered by the same function
  (`reminder_message`: three templates and the .ics) and sent by one plain loop over one SMTP
  connection to the same sink, with no database (any query fails the run). The ratio is the
  worker's rate over the loop's: what the outbox (claims, marks, the broker, two processes)
  costs against the floor of the machine.
- `--sync-commit`: the worker runs with its batches' commits waiting for the WAL flush
  (`synchronous_commit` left on; bench/sync_worker.py), to weigh what signups/reminders.py
  point 3's `synchronous_commit = off` buys.
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
RECLAIM_SECONDS = 5


def run_sink(port: int, path: str, ready) -> None:
    import logging
    from email.parser import BytesHeaderParser

    from aiosmtpd.controller import Controller

    logging.getLogger("mail.log").setLevel(logging.WARNING)

    parser = BytesHeaderParser()
    out = open(path, "a", buffering=1)  # noqa: SIM115 (lives as long as the process)

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            out.write(f"{parser.parsebytes(envelope.content)['Message-ID']}\n")
            return "250 OK"

    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    ready.set()
    signal.sigwait([signal.SIGTERM])
    controller.stop()
    out.close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def plain_loop(activity, port: int) -> tuple[int, float]:
    """The reference: render and send every reminder of the run in one loop over one SMTP
    connection, no database. Returns (messages sent, seconds)."""
    from django.core.mail.backends.smtp import EmailBackend
    from django.db import connection as db

    from signups.models import Reminder
    from signups.reminders import reminder_message

    rows = list(
        Reminder.objects.filter(signup__activity=activity).select_related(
            "signup", "signup__activity", "signup__activity__place", "occurrence",
            "occurrence__place", "signup__activity__place__municipality",
            "signup__activity__municipality", "occurrence__place__municipality",
        )
    )  # fmt: skip
    for reminder in rows:
        reminder.occurrence.activity = reminder.signup.activity

    def no_database(*args, **kwargs):
        raise AssertionError("the plain loop made a query")

    smtp = EmailBackend(alias="bench", host="127.0.0.1", port=port, use_tls=False,
                        username="", password="")  # fmt: skip
    started = time.monotonic()
    with db.execute_wrapper(no_database):
        smtp.open()
        try:
            for reminder in rows:
                message = reminder_message(reminder)
                message.extra_headers["Message-ID"] = f"<plain-{reminder.pk}@bench>"
                smtp.send_messages([message])
        finally:
            smtp.close()
    return len(rows), time.monotonic() - started


def start_worker(port: int, concurrency: int, *, sync_commit: bool = False) -> subprocess.Popen:
    env = {
        **os.environ,
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(port),
        "SIGNUPS_RECLAIM_AFTER_SECONDS": str(RECLAIM_SECONDS),
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "bench-" + "x" * 60,
        "DJANGO_SECURE_SSL_REDIRECT": "false",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "bench.sync_worker" if sync_commit else "portal",
         "worker", "--pool=prefork",
         f"--concurrency={concurrency}", "--loglevel=ERROR", "--without-heartbeat",
         "--without-mingle", "--without-gossip"],
        env=env, cwd=ROOT, start_new_session=True,
    )  # fmt: skip


def kill(worker: subprocess.Popen, sig=signal.SIGKILL) -> None:
    if worker.poll() is None:
        os.killpg(worker.pid, sig)
        worker.wait(timeout=60)


def build(count: int):
    from django.utils import timezone

    from meetingplaces.models import Occurrence
    from signups.models import Reminder, Signup
    from tests.meetingplaces.factories import ActivityFactory, MeetingPlaceFactory
    from tests.organisations.factories import OrganisationFactory

    stamp = int(time.time())
    organisation = OrganisationFactory(name=f"Benchyhdistys {stamp}", slug=f"bench-{stamp}")
    place = MeetingPlaceFactory(slug=f"bench-place-{stamp}", organisations=[organisation])
    activity = ActivityFactory(
        organisation=organisation,
        place=place,
        slug=f"bench-reminders-{stamp}",
        title_fi="Muistikahvila",
        signup_required=True,
        capacity=None,
        recurrence="",
        start_date=timezone.localdate() + dt.timedelta(days=3),
    )
    occurrence = Occurrence.objects.get(activity=activity)
    now = timezone.now()
    signups = Signup.objects.bulk_create(
        [
            Signup(
                activity=activity, occurrence=occurrence, name=f"Osallistuja {i}",
                email=f"b{i}@example.com", language="fi", status="confirmed", confirmed_at=now,
            )
            for i in range(count)
        ],
        batch_size=5000,
    )  # fmt: skip
    Reminder.objects.bulk_create(
        [
            Reminder(
                signup=s, occurrence=occurrence, kind="m120",
                due_at=now - dt.timedelta(minutes=1),
            )
            for s in signups
        ],
        batch_size=5000,
    )  # fmt: skip
    return activity


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=50_000)
    parser.add_argument("--kill-at", type=float, default=0.4, help="0 = no kill")
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument(
        "--sync-commit", action="store_true", help="batches commit with synchronous_commit on"
    )
    parser.add_argument(
        "--no-plain", action="store_true", help="skip the plain loop (comparing worker runs)"
    )
    args = parser.parse_args()

    import django

    django.setup()
    import redis
    from django.conf import settings

    from signups.models import Reminder
    from signups.reminders import reminders_sweep

    if not settings.REDIS_URL:
        sys.exit("Set REDIS_URL (the worker runs in another process).")
    broker = redis.Redis.from_url(settings.REDIS_URL)
    database = broker.connection_pool.connection_kwargs.get("db", 0)
    others = [c for c in broker.client_list() if int(c.get("db", -1)) == database]
    if len(others) > 1:  # this client is one: a stray worker would eat the batches
        sys.exit(f"Other clients use Redis db {database}: {len(others) - 1}. Stop them first.")
    broker.delete("celery", "unacked", "unacked_index")
    settings.SIGNUPS_RECLAIM_AFTER_SECONDS = RECLAIM_SECONDS

    started = time.monotonic()
    activity = build(args.count)
    print(f"built {args.count} reminders in {time.monotonic() - started:.1f} s")

    with tempfile.NamedTemporaryFile(prefix="sink-", suffix=".txt", delete=False) as file:
        sink_file = file.name
    port = free_port()
    ready = multiprocessing.Event()
    sink = multiprocessing.Process(target=run_sink, args=(port, sink_file, ready))
    sink.start()
    ready.wait(10)
    print(f"load average before: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f}")
    plain_rate = float("nan")
    if not args.no_plain:
        plain_count, plain_seconds = plain_loop(activity, port)
        plain_rate = plain_count / plain_seconds
        print(f"plain loop: {plain_count} e-mails in {plain_seconds:.1f} s, "
              f"{plain_rate:.0f} e-mails/s")  # fmt: skip
    worker = start_worker(port, args.concurrency, sync_commit=args.sync_commit)
    time.sleep(5)  # the worker's start is not part of the rate

    def sent() -> int:
        return Reminder.objects.filter(signup__activity=activity, status="sent").count()

    t0 = time.monotonic()
    queued = reminders_sweep()
    print(f"sweep queued {queued} in {time.monotonic() - t0:.2f} s")
    killed_at = None
    before_kill = None
    progress = (0, time.monotonic())
    try:
        while True:
            done = sent()
            if done >= args.count:
                break
            if done != progress[0]:
                progress = (done, time.monotonic())
            elif time.monotonic() - progress[1] > 60:  # stalled: what beat's next tick does
                print(f"no progress for 60 s at {done}: sweep queued {reminders_sweep()}")
                progress = (done, time.monotonic())
            if args.kill_at and killed_at is None and done >= args.kill_at * args.count:
                killed_at = time.monotonic() - t0
                before_kill = done
                kill(worker)
                print(f"killed the worker at {done} sent, {killed_at:.1f} s")
                worker = start_worker(port, args.concurrency, sync_commit=args.sync_commit)
                time.sleep(RECLAIM_SECONDS + 1)
                print(f"sweep after restart queued {reminders_sweep()}")
            time.sleep(0.5)
        elapsed = time.monotonic() - t0
    finally:
        kill(worker, signal.SIGTERM)
        time.sleep(1)
        os.kill(sink.pid, signal.SIGTERM)
        sink.join(10)

    lines = Path(sink_file).read_text().split()
    ids = [line for line in lines if line.startswith("<reminder-")]
    distinct = len(set(ids))
    statuses = dict(
        Reminder.objects.filter(signup__activity=activity)
        .values_list("status")
        .annotate(n=__import__("django.db.models", fromlist=["Count"]).Count("pk"))
    )
    print(f"count {args.count}, sent rows {statuses}, elapsed {elapsed:.1f} s"
          f"{' (synchronous_commit on)' if args.sync_commit else ''}")  # fmt: skip
    rate = args.count / elapsed
    print(f"rate {rate:.0f} e-mails/s (kill and restart included), "
          f"{rate / plain_rate:.2f}× the plain loop")  # fmt: skip
    if killed_at:
        early = before_kill / killed_at
        print(
            f"rate before the kill {early:.0f} e-mails/s, {early / plain_rate:.2f}× the plain loop"
        )
    plain = [line for line in lines if line.startswith("<plain-")]
    print(f"plain loop's messages in the sink: {len(plain)} ({len(set(plain))} distinct)")
    print(f"load average after: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f}")
    print(f"sink: {len(ids)} messages, {distinct} distinct, duplicates {len(ids) - distinct}, "
          f"lost {args.count - distinct}")  # fmt: skip
    cleanup(activity)
    Path(sink_file).unlink()


def cleanup(activity) -> None:
    place, organisation = activity.place, activity.organisation
    activity.delete()
    place.delete()
    organisation.delete()


if __name__ == "__main__":
    main()
