"""Nothing waits in the broker: no task is queued with an ETA or a long countdown, in any app.

Redis delivers a task again when no worker has acknowledged it within the visibility timeout
(an hour); a task waiting longer than that in Redis with an ETA or a countdown (a retry's too) is
delivered twice. Work that must happen later waits in PostgreSQL (a row with a due or retry
time) and a beat sweep queues it when it is due (signups/reminders.py, notifications/services.py).
"""

from __future__ import annotations

import ast
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
SKIP = {".venv", ".data", "node_modules", "tests", ".git"}
# Keywords of a delay in the broker, and the longest literal value allowed (seconds).
MAX_SECONDS = 300
DELAYS = {"countdown", "default_retry_delay", "retry_backoff_max"}


def python_files() -> list[Path]:
    return [
        path
        for path in ROOT.rglob("*.py")
        if not SKIP.intersection(path.relative_to(ROOT).parts[:-1])
    ]


def test_the_scan_covers_every_app():
    scanned = {path.relative_to(ROOT).parts[0] for path in python_files()}
    assert {"notifications", "signups", "bodies", "forums", "organisations", "portal"} <= scanned


def test_no_task_is_queued_with_an_eta_or_a_long_countdown():
    found = []
    for path in python_files():
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if not isinstance(node, ast.keyword):
                continue
            where = f"{path.relative_to(ROOT)}:{node.value.lineno} {node.arg}"
            if node.arg == "eta":
                found.append(where)
            elif node.arg in DELAYS:
                value = node.value
                short = isinstance(value, ast.Constant) and isinstance(value.value, int | float)
                if not short or value.value > MAX_SECONDS:
                    found.append(f"{where}={ast.unparse(value)}")
    assert found == []


def test_the_allowed_delays_are_far_below_the_visibility_timeout():
    assert settings.REDIS_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] >= MAX_SECONDS * 10
