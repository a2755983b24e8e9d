"""Threads in tests: run functions at the same moment, as two requests or two workers would; wait
for what a worker in another thread does (the `celery_worker` fixture)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from django.db import connection


def run_together(functions: list[Callable[[], object]]) -> list[Exception]:
    """Start each function in a thread of its own, all released at once by a barrier, and wait
    for them: the exceptions they raised. Each thread has its own database connection (mark the
    test `django_db(transaction=True)`), closed when its function ends."""
    barrier = threading.Barrier(len(functions))
    errors: list[Exception] = []

    def run(function):
        try:
            barrier.wait()
            function()
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(f,)) for f in functions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def wait_until(condition: Callable[[], bool], seconds: float = 20) -> bool:
    """Poll `condition` every 0.1 s until it holds or `seconds` have passed: whether it holds."""
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.1)
    return condition()
