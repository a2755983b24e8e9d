"""Run the whole portal on one machine: `uv run python -m portal.run [--port 8000] [--noreload]`.

A small supervisor (standard library only). It

1. starts the embedded PostgreSQL when DATABASE_URL is not set (portal/embedded_db.py) and hands
   its address to every child in DATABASE_URL;
2. runs `manage.py migrate` and, when the command exists, `manage.py seed_demo` (idempotent);
3. starts the web server (`manage.py runserver 127.0.0.1:<port>`, which restarts itself when a
   Python file changes, as Django's development server does; `--noreload` turns that off), one
   Celery worker and exactly one Celery beat, each in its own session, so each can be stopped as
   a process group. The worker and beat do not reload: restart the command after changing tasks;
4. on Ctrl-C, SIGTERM, or when any child dies, stops every child (SIGTERM to each group leader,
   then SIGKILL to its whole process group after a grace period), stops the embedded PostgreSQL
   if it started it, and exits.

A second start while one runs fails at once: the address is taken, and the data folder is locked.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import fcntl
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from typing import TextIO

from portal import embedded_db

HOST = "127.0.0.1"
DEFAULT_PORT = 8000
BASE_DIR = embedded_db.BASE_DIR
DATA_DIR = embedded_db.DATA_DIR
GRACE_SECONDS = 10.0
READY_TIMEOUT_SECONDS = 180.0


def say(message: str) -> None:
    print(f"[portal.run {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


class Stop(Exception):
    """Raised by the signal handlers: leave whatever we are doing and shut down."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def _parent_death_signal() -> None:
    """In each child: get SIGTERM if the supervisor itself dies without cleaning up (Linux)."""
    with contextlib.suppress(Exception):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGTERM)


class Supervisor:
    def __init__(self, *, port: int = DEFAULT_PORT, reload: bool = True) -> None:
        self.port = port
        self.reload = reload
        self.public_url = f"http://{HOST}:{port}/"
        self.children: dict[str, subprocess.Popen] = {}
        self.stopping = False
        self.started_database = False
        self.env = dict(os.environ)
        self.env.setdefault("PYTHONUNBUFFERED", "1")
        self.env.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
        # Links in e-mails, text messages and JSON-LD point at the port actually served, unless
        # SITE_URL names the public address.
        if not self.env.get("SITE_URL"):
            self.env["SITE_URL"] = f"http://{HOST}:{port}"
        self.lock_file: TextIO | None = None

    # -- signals ------------------------------------------------------------------------------
    def install_signal_handlers(self) -> None:
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, self._on_signal)

    def _on_signal(self, signum, frame) -> None:
        if self.stopping:
            return  # already shutting down; a second Ctrl-C or a group-wide signal changes nothing
        self.stopping = True
        raise Stop(signum)

    # -- preconditions ------------------------------------------------------------------------
    def take_lock(self) -> None:
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        lock_file = open(DATA_DIR / "portal-run.lock", "a+")  # noqa: SIM115 - held for life
        self.lock_file = lock_file
        try:
            fcntl.flock(lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise SystemExit(
                f"[portal.run] Another `python -m portal.run` is already running on {DATA_DIR}. "
                "Stop it first (Ctrl-C in its terminal)."
            ) from None
        lock_file.seek(0)
        lock_file.truncate()
        lock_file.write(f"{os.getpid()}\n")
        lock_file.flush()

    def check_port_free(self) -> None:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as runserver does
            try:
                probe.bind((HOST, self.port))
            except OSError as error:
                if error.errno == errno.EADDRINUSE:
                    raise SystemExit(
                        f"[portal.run] {HOST}:{self.port} is already in use: is the portal (or "
                        "another server) already running? Stop it first, or pick another --port."
                    ) from None
                raise

    # -- database -----------------------------------------------------------------------------
    def start_database(self) -> None:
        if self.env.get("DATABASE_URL"):
            say("Using the database in DATABASE_URL.")
            return
        say(f"Starting the embedded PostgreSQL in {embedded_db.PGDATA} ...")
        self.started_database = True  # registered as a user: released (and stopped if last) at exit
        embedded_db.acquire()
        self.env["DATABASE_URL"] = embedded_db.url()

    def stop_database(self) -> None:
        if self.started_database:
            say("Releasing the embedded PostgreSQL (stopped unless another process uses it) ...")
            embedded_db.release()
            self.started_database = False

    # -- children -----------------------------------------------------------------------------
    def spawn(self, name: str, args: list[str]) -> subprocess.Popen:
        process = subprocess.Popen(
            args,
            cwd=BASE_DIR,
            env=self.env,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # its own process group: stopped as a whole
            preexec_fn=_parent_death_signal,  # no threads here
        )
        self.children[name] = process
        return process

    def manage(self, *args: str) -> list[str]:
        return [sys.executable, str(BASE_DIR / "manage.py"), *args]

    def web_command(self) -> list[str]:
        """Django's development server; its autoreloader restarts it when code changes."""
        runserver = ["runserver", f"{HOST}:{self.port}"]
        if not self.reload:
            runserver.append("--noreload")
        return self.manage(*runserver)

    def run_step(self, name: str, args: list[str], quiet: bool = False) -> int:
        """Run a one-shot child to completion (still stoppable by a signal)."""
        if quiet:
            process = subprocess.Popen(
                args,
                cwd=BASE_DIR,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
                preexec_fn=_parent_death_signal,  # no threads here
            )
            self.children[name] = process
        else:
            process = self.spawn(name, args)
        returncode = process.wait()
        del self.children[name]
        return returncode

    def stop_children(self) -> None:
        running = {name: p for name, p in self.children.items() if p.poll() is None}
        for name, process in running.items():
            say(f"Stopping {name} (process group {process.pid}) ...")
            # The group leader first: a Celery worker stops its own pool processes (warm
            # shutdown) and is confused when they are terminated under it.
            with contextlib.suppress(ProcessLookupError):
                process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + GRACE_SECONDS
        for name, process in running.items():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                say(f"{name} did not stop in {GRACE_SECONDS:.0f} s: killing it.")
        # Whatever is left in any child's group (a Celery pool process, say) is killed now.
        for process in self.children.values():
            self._signal_group(process, signal.SIGKILL)
        for process in self.children.values():
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=5)
        self.children.clear()

    @staticmethod
    def _signal_group(process: subprocess.Popen, signum: int) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signum)

    # -- readiness ----------------------------------------------------------------------------
    def wait_until_ready(self) -> None:
        deadline = time.monotonic() + READY_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            self.check_children()
            try:
                with urllib.request.urlopen(f"{self.public_url}healthz", timeout=5) as response:  # noqa: S310
                    if response.status == 200:
                        return
            except (urllib.error.URLError, OSError, ValueError):
                pass
            time.sleep(0.3)
        say(f"The web server did not answer {self.public_url}healthz in time; still waiting.")

    def check_children(self) -> None:
        for name, process in self.children.items():
            code = process.poll()
            if code is not None:
                self.stopping = True
                raise ChildDied(name, code)

    # -- main ---------------------------------------------------------------------------------
    def run(self) -> int:
        self.install_signal_handlers()
        try:
            self.take_lock()
            self.check_port_free()
            started = time.monotonic()
            self.start_database()

            say("Applying migrations ...")
            if self.run_step("migrate", self.manage("migrate", "--noinput")) != 0:
                say("Migrations failed.")
                return 1
            if self.run_step("help", self.manage("help", "seed_demo"), quiet=True) == 0:
                say("Loading the demo data (seed_demo) ...")
                if self.run_step("seed_demo", self.manage("seed_demo")) != 0:
                    say("seed_demo failed.")
                    return 1
            else:
                say("No seed_demo command yet: skipping the demo data.")

            self.check_port_free()  # nobody took the address while we migrated
            schedule = DATA_DIR / "celerybeat-schedule"
            celery = [sys.executable, "-m", "celery", "-A", "portal"]
            self.spawn("web", self.web_command())
            self.spawn("worker", [*celery, "worker", "-l", "info", "--concurrency", "2"])
            self.spawn("beat", [*celery, "beat", "-l", "info", "-s", str(schedule)])
            self.wait_until_ready()
            print(
                f"\nYhdessä is running at {self.public_url}  "
                f"(ready in {time.monotonic() - started:.1f} s; Ctrl-C stops it)\n",
                flush=True,
            )
            demo_key = DATA_DIR / "demo-data-source-key"  # made by seed_demo (api/demo/seed.py)
            if demo_key.exists():
                print(
                    f"Demo data source key (write API): {demo_key.read_text().strip()}\n",
                    flush=True,
                )
            while True:
                self.check_children()
                time.sleep(0.5)
        except Stop as stop:
            say(f"Received {stop}: shutting down.")
            return 0
        except ChildDied as died:
            say(f"{died.name} exited with status {died.code}: shutting down.")
            return 1
        finally:
            # No more signals may interrupt the clean-up; they are ignored until we exit.
            self.stopping = True
            had_something = bool(self.children) or self.started_database
            self.stop_children()
            self.stop_database()
            if had_something:
                say("Stopped.")


class ChildDied(Exception):
    def __init__(self, name: str, code: int) -> None:
        super().__init__(f"{name} exited with {code}")
        self.name = name
        self.code = code


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m portal.run",
        description="Run the whole portal: embedded PostgreSQL (without DATABASE_URL), "
        "migrations, demo data, web server, Celery worker and beat. Ctrl-C stops everything.",
    )
    parser.add_argument(
        "--port",
        type=int,
        default=DEFAULT_PORT,
        help=f"port of the web server on {HOST} (default {DEFAULT_PORT})",
    )
    parser.add_argument(
        "--noreload",
        action="store_true",
        help="do not restart the web server when a Python file changes "
        "(the worker and beat never restart by themselves)",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    os.chdir(BASE_DIR)
    if str(BASE_DIR) not in sys.path:
        sys.path.insert(0, str(BASE_DIR))
    return Supervisor(port=args.port, reload=not args.noreload).run()


if __name__ == "__main__":
    sys.exit(main())
